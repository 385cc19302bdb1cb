import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * The channel the relays of one Postgres database (and schema) signal on, for LISTEN/NOTIFY and for Redis alike: a
 * Redis or a Postgres server shared by several sites keeps each site's signals apart. A hash, so it is a short
 * identifier that names no database.
 */
export const signalChannel = async (db: Pick<pg.Pool, 'query'>): Promise<string> => {
  const { rows } = await db.query<{ database: string; schema: string }>('SELECT current_database() AS database, current_schema() AS schema');
  const { database, schema } = rows[0]!;
  return `chatport_${createHash('sha256').update(`${database}\u0000${schema}`).digest('hex').slice(0, 24)}`;
};
