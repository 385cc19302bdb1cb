import type Database from 'better-sqlite3';
import type { Store } from '../types.ts';
import { migrations } from './database.ts';

/** What operations ask of the SQLite store: readiness and the outbox's depth and age. */
export const createSqliteOps = (db: Database.Database): Pick<Store, 'health' | 'outboxStats'> => {
  const sql = {
    // ord is queue order: the first row is the oldest queued message.
    stats: db.prepare<[], { n: number; oldest: string | null }>(
      'SELECT COUNT(*) AS n, (SELECT m.created_at FROM outbox o JOIN messages m ON m.id = o.message_id ORDER BY o.ord LIMIT 1) AS oldest FROM outbox',
    ),
  };
  return {
    // Reading the schema version is a query against the file: it fails once the database is closed or unreadable.
    health: async () => ({ migrationsPending: Math.max(0, migrations.length - (db.pragma('user_version', { simple: true }) as number)) }),
    outboxStats: async () => {
      const { n, oldest } = sql.stats.get()!;
      return { size: n, ...(oldest === null ? {} : { oldestAt: Date.parse(oldest) }) };
    },
  };
};
