import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.ts';
import { issuesOf } from './issues.testing.ts';

const demo = { demoSecret: () => 'd'.repeat(64) };
const URL_WITH_PASSWORD = 'postgres://chatport:s3cr3t-pa55@db.internal:5432/chatport';

describe('database settings', () => {
  it('keeps SQLite under DATA_DIR unless DATABASE_URL is set, and memory when asked', () => {
    const config = loadConfig({}, demo);
    expect(config.store).toBe('sqlite');
    expect(config.database).toBeUndefined();
    expect(loadConfig({ CHATPORT_STORE: 'memory' }, demo).store).toBe('memory');
  });

  it('takes DATABASE_URL as the Postgres database, postgres:// or postgresql://, with a pool of 10 unless DATABASE_POOL_SIZE says', () => {
    expect(loadConfig({ DATABASE_URL: URL_WITH_PASSWORD }, demo)).toMatchObject({ store: 'postgres', database: { url: URL_WITH_PASSWORD, poolSize: 10 } });
    const socket = 'postgresql:///chatport?host=/var/run/postgresql';
    expect(loadConfig({ DATABASE_URL: socket, CHATPORT_STORE: 'postgres', DATABASE_POOL_SIZE: '25' }, demo)).toMatchObject({
      store: 'postgres',
      database: { url: socket, poolSize: 25 },
    });
  });

  it('reports a DATABASE_URL that is not a postgres URL without showing any of it', () => {
    for (const raw of ['mysql://chatport:s3cr3t-pa55@db/chatport', 'chatport:s3cr3t-pa55@db.internal/chatport', 'http://s3cr3t-pa55@db/x']) {
      const issues = issuesOf({ DATABASE_URL: raw });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(
        /^DATABASE_URL: not a postgres:\/\/ or postgresql:\/\/ URL.*expected e\.g\. postgres:\/\/chatport:<password>@db\.internal:5432\/chatport \(the value is not shown: it may hold a password\)$/,
      );
      expect(issues[0]).not.toContain('s3cr3t');
      expect(issues[0]).not.toContain('db/');
    }
  });

  it('refuses DATABASE_URL beside a CHATPORT_STORE that names another store, and CHATPORT_STORE=postgres without one', () => {
    for (const store of ['sqlite', 'memory']) {
      const issues = issuesOf({ DATABASE_URL: URL_WITH_PASSWORD, CHATPORT_STORE: store });
      expect(issues).toEqual([
        `CHATPORT_STORE: "${store}" set together with DATABASE_URL; expected one store: unset CHATPORT_STORE to use the Postgres database, or unset DATABASE_URL to use ${store}`,
      ]);
      expect(issues.join()).not.toContain('s3cr3t');
    }
    expect(issuesOf({ CHATPORT_STORE: 'postgres' })).toEqual([
      'DATABASE_URL: missing; expected the Postgres database to use with CHATPORT_STORE=postgres, e.g. postgres://chatport:<password>@db.internal:5432/chatport',
    ]);
    expect(issuesOf({ CHATPORT_STORE: 'mongo' })).toEqual([
      'CHATPORT_STORE: got "mongo"; expected "sqlite" (default, durable), "postgres" (with DATABASE_URL) or "memory" (tests only)',
    ]);
  });

  it('reports a bad pool size by name', () => {
    for (const raw of ['0', '101', 'ten', '2.5']) {
      expect(issuesOf({ DATABASE_URL: URL_WITH_PASSWORD, DATABASE_POOL_SIZE: raw })).toEqual([
        `DATABASE_POOL_SIZE: got "${raw}"; expected a whole number of connections from 1 to 100 (default 10)`,
      ]);
    }
  });
});
