import pg from 'pg';
import { createClient } from 'redis';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase, enginesProblem, postgresAdminUrl } from './databases.testing.ts';

const adminUrl = postgresAdminUrl();
const redisUrl = inject('redisUrl');

describe.skipIf(!adminUrl || !redisUrl)(`test engines${adminUrl && redisUrl ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  it("gives each caller its own empty database on the run's Postgres, on loopback, and drops it", async () => {
    const [a, b] = await Promise.all([createTestDatabase(adminUrl!), createTestDatabase(adminUrl!)]);
    expect(a.name).not.toBe(b.name);
    expect(new URL(a.url).hostname).toBe('127.0.0.1');
    const client = new pg.Client({ connectionString: a.url });
    const lost: Error[] = [];
    client.on('error', (error) => lost.push(error));
    await client.connect();
    await client.query('CREATE TABLE mine (x int)');
    const other = new pg.Client({ connectionString: b.url });
    await other.connect();
    expect((await other.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'mine'")).rows[0]).toEqual({ n: 0 });
    await other.end();
    // Dropping ends the connections still open on it.
    await a.drop();
    await b.drop();
    await expect(client.query('SELECT 1')).rejects.toThrow();
    expect(lost.map((error) => error.message).join()).toMatch(/terminat/);
    await client.end().catch(() => undefined);
  });

  it("answers on the run's Redis", async () => {
    const client = createClient({ url: redisUrl! });
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    await client.set('k', 'v');
    expect(await client.get('k')).toBe('v');
    await client.quit();
  });
});
