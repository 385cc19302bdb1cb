import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.ts';
import { issuesOf } from './issues.testing.ts';

const demo = (env: Record<string, string> = {}) => loadConfig(env, { demoSecret: () => 'd'.repeat(64) });

describe('stream settings', () => {
  it('allows 5 streams per visitor and 50 per address, and closes a client stalled for 30 s, by default', () => {
    expect(demo().streams).toEqual({ perVisitor: 5, perAddress: 50, stallMs: 30_000 });
  });

  it('reads STREAMS_PER_VISITOR, STREAMS_PER_ADDRESS, STREAM_STALL_MS and STREAMS_MAX', () => {
    expect(demo({ STREAMS_PER_VISITOR: '2', STREAMS_PER_ADDRESS: '5000', STREAM_STALL_MS: '120000', STREAMS_MAX: '50000' }).streams).toEqual({
      perVisitor: 2,
      perAddress: 5000,
      stallMs: 120_000,
      max: 50_000,
    });
  });

  it('reports every bad value by name with what was expected', () => {
    const issues = issuesOf({ STREAMS_PER_VISITOR: '0', STREAMS_PER_ADDRESS: 'many', STREAM_STALL_MS: '50' });
    expect(issues).toEqual([
      'STREAMS_PER_VISITOR: got "0"; expected a number of streams from 1 to 1000000 (default 5)',
      'STREAMS_PER_ADDRESS: got "many"; expected a number of streams from 1 to 1000000 (default 50)',
      'STREAM_STALL_MS: got "50"; expected milliseconds from 100 to 600000 (default 30000)',
    ]);
    for (const raw of ['-1', '1.5', '1000001']) expect(issuesOf({ STREAMS_PER_VISITOR: raw })).toHaveLength(1);
    expect(issuesOf({ STREAMS_MAX: '0' })).toEqual([
      'STREAMS_MAX: got "0"; expected a number of streams from 1 to 10000000 (default: the open-file limit less a tenth, at least 64, kept for everything else)',
    ]);
    for (const raw of ['lots', '1e6', '10000001']) expect(issuesOf({ STREAMS_MAX: raw })).toHaveLength(1);
  });
});
