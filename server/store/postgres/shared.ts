import type { Queryable } from './database.ts';

/**
 * A value every relay of the database agrees on: the first relay's `candidate` is kept, and every relay (that one
 * included) gets the kept one. For demo mode's session secret, so a session made on one relay works on the others.
 */
export const sharedValue = async (db: Queryable, name: string, candidate: string): Promise<string> => {
  await db.query('INSERT INTO chatport_shared (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, candidate]);
  const { rows } = await db.query<{ value: string }>('SELECT value FROM chatport_shared WHERE name = $1', [name]);
  return rows[0]!.value;
};
