import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.ts';
import { issuesOf } from './issues.testing.ts';

const demo = { demoSecret: () => 'd'.repeat(64) };

describe('retention settings', () => {
  it('keeps everything unless RETENTION_DAYS is set', () => {
    expect(loadConfig({}, demo).retention).toEqual({});
    expect(loadConfig({ RETENTION_DAYS: '' }, demo).retention).toEqual({});
  });

  it('takes whole days', () => {
    expect(loadConfig({ RETENTION_DAYS: '30' }, demo).retention).toEqual({ days: 30 });
    expect(loadConfig({ RETENTION_DAYS: ' 1 ' }, demo).retention).toEqual({ days: 1 });
    expect(loadConfig({ RETENTION_DAYS: '36500' }, demo).retention).toEqual({ days: 36_500 });
  });

  it('reports a bad value by name with what was expected', () => {
    for (const raw of ['0', '-3', '1.5', '30d', 'forever', '36501']) {
      const issues = issuesOf({ RETENTION_DAYS: raw });
      expect(issues).toEqual([`RETENTION_DAYS: got "${raw}"; expected whole days from 1 to 36500, or leave it unset to keep everything`]);
    }
  });
});
