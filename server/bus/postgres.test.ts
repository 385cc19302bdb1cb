import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { enginesProblem, postgresAdminUrl } from '../integration/databases.testing.ts';
import { startPostgres, type Engine } from '../integration/engines.testing.ts';
import { runBusContract } from './bus.testing.ts';
import { signalChannel } from './channel.ts';
import { createPostgresTransport } from './postgres.ts';

// The outage case takes the server down and up again, so this file runs a Postgres of its own.
describe.skipIf(!postgresAdminUrl())(`postgres LISTEN/NOTIFY${postgresAdminUrl() ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  let engine: Engine;
  const pools: pg.Pool[] = [];
  let channel = '';
  beforeAll(async () => {
    engine = await startPostgres();
    const pool = new pg.Pool({ connectionString: engine.url });
    channel = await signalChannel(pool);
    await pool.end();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
    await engine?.stop();
  });
  const transport = () => {
    const pool = new pg.Pool({ connectionString: engine.url, max: 2, connectionTimeoutMillis: 2000 });
    pool.on('error', () => undefined);
    pools.push(pool);
    return createPostgresTransport({ url: engine.url, pool, channel, backoff: { baseMs: 100, maxMs: 500 } });
  };
  runBusContract('postgres', { transport, outage: { down: () => engine.down(), up: () => engine.up() } });
});
