import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.ts';
import { issuesOf } from './issues.testing.ts';

const demo = { demoSecret: () => 'd'.repeat(64) };
const DATABASE = 'postgres://chatport:pw@db.internal:5432/chatport';
const REDIS_WITH_PASSWORD = 'redis://:r3d1s-s3cr3t@redis.internal:6379/0';

describe('settings for several relays', () => {
  it('signals over Postgres unless REDIS_URL is set, and leases a conversation for 30 s (three platform timeouts where longer)', () => {
    expect(loadConfig({ DATABASE_URL: DATABASE }, demo).cluster).toEqual({ outboxLeaseMs: 30_000 });
    expect(loadConfig({ DATABASE_URL: DATABASE, PLATFORM_TIMEOUT_MS: '20000' }, demo).cluster.outboxLeaseMs).toBe(60_000);
    expect(loadConfig({ DATABASE_URL: DATABASE, REDIS_URL: REDIS_WITH_PASSWORD, OUTBOX_LEASE_MS: '5000', PLATFORM_TIMEOUT_MS: '2000' }, demo).cluster).toEqual({
      redisUrl: REDIS_WITH_PASSWORD,
      outboxLeaseMs: 5000,
    });
    expect(loadConfig({ DATABASE_URL: DATABASE, REDIS_URL: 'rediss://redis.internal:6380' }, demo).cluster.redisUrl).toBe('rediss://redis.internal:6380');
  });

  it('waits up to a minute for a database that cannot be reached at start, or as long as DATABASE_WAIT_MS says', () => {
    expect(loadConfig({ DATABASE_URL: DATABASE }, demo).database?.waitMs).toBe(60_000);
    expect(loadConfig({ DATABASE_URL: DATABASE, DATABASE_WAIT_MS: '0' }, demo).database?.waitMs).toBe(0);
  });

  it('reports a REDIS_URL that is not a Redis URL, or one without a shared database, never showing it', () => {
    for (const raw of ['http://:r3d1s-s3cr3t@redis.internal', 'r3d1s-s3cr3t@redis.internal:6379']) {
      const [issue, ...rest] = issuesOf({ DATABASE_URL: DATABASE, REDIS_URL: raw });
      expect(rest).toEqual([]);
      expect(issue).toBe('REDIS_URL: not a redis:// or rediss:// URL; expected e.g. redis://redis.internal:6379 (the value is not shown: it may hold a password)');
    }
    expect(issuesOf({ REDIS_URL: REDIS_WITH_PASSWORD })).toEqual([
      'REDIS_URL: set without DATABASE_URL; expected DATABASE_URL too (Redis carries signals between relays that share one Postgres database)',
    ]);
  });

  it('reports a lease out of range, or shorter than two platform timeouts, and a bad wait', () => {
    expect(issuesOf({ DATABASE_URL: DATABASE, OUTBOX_LEASE_MS: 'long' })).toEqual(['OUTBOX_LEASE_MS: got "long"; expected milliseconds from 1000 to 600000 (default 30000)']);
    expect(issuesOf({ DATABASE_URL: DATABASE, OUTBOX_LEASE_MS: '15000', PLATFORM_TIMEOUT_MS: '10000' })).toEqual([
      'OUTBOX_LEASE_MS: got 15000, under twice PLATFORM_TIMEOUT_MS (10000); expected at least 20000, so a delivery in flight never outlives its lease',
    ]);
    expect(issuesOf({ DATABASE_URL: DATABASE, DATABASE_WAIT_MS: '-1' })).toEqual([
      'DATABASE_WAIT_MS: got "-1"; expected milliseconds from 0 to 600000 (default 60000) a starting relay keeps trying to reach the database',
    ]);
  });
});
