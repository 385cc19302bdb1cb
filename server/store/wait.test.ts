import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesProblem, postgresAdminUrl } from '../integration/databases.testing.ts';
import { startPostgres, type Engine } from '../integration/engines.testing.ts';
import { openStore } from './index.ts';

// Takes its server down and brings it back, so this file runs a Postgres of its own.
describe.skipIf(!postgresAdminUrl())(`opening a Postgres store that is not up yet${postgresAdminUrl() ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startPostgres();
  }, 60_000);
  afterAll(() => engine?.stop());
  const open = (waitMs: number, waits: { attempt: number; retryInMs: number }[]) =>
    openStore({
      kind: 'postgres',
      dataDir: '/nonexistent',
      database: { url: engine.url, poolSize: 2, waitMs },
      onWaiting: (info) => waits.push(info),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 200))),
    });

  it('keeps trying with growing waits while the database cannot be reached, and opens it once it is up', async () => {
    await engine.down();
    const waits: { attempt: number; retryInMs: number }[] = [];
    const opening = open(60_000, waits);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(waits.length).toBeGreaterThanOrEqual(1);
    await engine.up();
    const store = await opening;
    expect(await store.health()).toEqual({ migrationsPending: 0 });
    expect(waits.map((wait) => wait.attempt)).toEqual(waits.map((_, index) => index + 1));
    expect(waits[1] === undefined || waits[1].retryInMs > waits[0]!.retryInMs).toBe(true);
    await store.close();
  }, 60_000);

  it('gives up once DATABASE_WAIT_MS is spent, and at once with 0', async () => {
    await engine.down();
    try {
      const none: { attempt: number; retryInMs: number }[] = [];
      await expect(open(0, none)).rejects.toThrow(/cannot open the Postgres database/);
      expect(none).toEqual([]);
      const some: { attempt: number; retryInMs: number }[] = [];
      await expect(open(1500, some)).rejects.toThrow(/ECONNREFUSED/);
      expect(some.length).toBeGreaterThanOrEqual(1);
    } finally {
      await engine.up();
    }
  }, 60_000);
});
