import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.ts';
import { issuesOf } from './issues.testing.ts';

const demo = (env: Record<string, string> = {}) => loadConfig(env, { demoSecret: () => 'd'.repeat(64) });
const names = (env: Record<string, string>) => issuesOf(env).map((issue) => issue.split(':')[0]);

describe('operations settings', () => {
  it('logs at info, keeps /metrics closed and waits 10 s on a stop by default', () => {
    expect(demo().ops).toEqual({ logLevel: 'info', metricsHost: '127.0.0.1', shutdownGraceMs: 10_000 });
  });

  it('takes a log level, a metrics token, a metrics listener and a grace period', () => {
    const { ops } = demo({ LOG_LEVEL: 'WARN', METRICS_TOKEN: 't'.repeat(24), METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', SHUTDOWN_GRACE_MS: '2500' });
    expect(ops).toEqual({ logLevel: 'warn', metricsToken: 't'.repeat(24), metricsPort: 9464, metricsHost: '0.0.0.0', shutdownGraceMs: 2500 });
    expect(demo({ LOG_LEVEL: 'silent' }).ops.logLevel).toBe('silent');
    expect(demo({ METRICS_PORT: '9464', METRICS_HOST: '[::1]' }).ops.metricsHost).toBe('::1');
  });

  it('reports every bad value by name with what was expected, never echoing the token', () => {
    const issues = issuesOf({ LOG_LEVEL: 'verbose', METRICS_TOKEN: 'short-tok', METRICS_PORT: '70000', METRICS_HOST: 'bad host!', SHUTDOWN_GRACE_MS: '-1' });
    expect(issues.map((issue) => issue.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'METRICS_HOST', 'METRICS_PORT', 'METRICS_TOKEN', 'SHUTDOWN_GRACE_MS']);
    expect(issues.find((issue) => issue.startsWith('LOG_LEVEL'))).toMatch(/"verbose".*"debug", "info", "warn", "error", "silent"/);
    expect(issues.join('\n')).not.toContain('short-tok');
    expect(issues.every((issue) => /expected/.test(issue))).toBe(true);
  });

  it('refuses a metrics port that is the public port, and a metrics host without a metrics port', () => {
    expect(names({ PORT: '8080', METRICS_PORT: '8080' })).toEqual(['METRICS_PORT']);
    expect(names({ METRICS_HOST: '0.0.0.0' })).toEqual(['METRICS_HOST']);
    // Tests bind both to any free port.
    expect(demo({ PORT: '0', METRICS_PORT: '0' }).ops.metricsPort).toBe(0);
  });
});
