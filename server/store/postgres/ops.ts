import type pg from 'pg';
import type { Store } from '../types.ts';
import { migrations, schemaVersion } from './database.ts';

/** What operations ask of the Postgres store: readiness and the outbox's depth and age. */
export const createPostgresOps = (pool: pg.Pool): Pick<Store, 'health' | 'outboxStats'> => ({
  // A query on the server: it fails while the database cannot be reached, and again succeeds once it can.
  health: async () => ({ migrationsPending: Math.max(0, migrations.length - (await schemaVersion(pool))) }),
  outboxStats: async () => {
    // ord is queue order: the first row is the oldest queued message.
    const { rows } = await pool.query<{ n: number; oldest: string | null }>(
      'SELECT count(*) AS n, (SELECT m.created_at FROM outbox o JOIN messages m ON m.id = o.message_id ORDER BY o.ord LIMIT 1) AS oldest FROM outbox',
    );
    const { n, oldest } = rows[0]!;
    return { size: n, ...(oldest === null ? {} : { oldestAt: Date.parse(oldest) }) };
  },
});
