import type pg from 'pg';
import type { Store } from '../types.ts';
import { transaction } from './database.ts';
import { toOutboxItem, type OutboxRow } from '../rows.ts';

// The head of each conversation's queue: no item of its conversation comes before it.
const HEAD = 'NOT EXISTS (SELECT 1 FROM outbox p WHERE p.conversation_id = o.conversation_id AND p.seq < o.seq)';

/**
 * Claims in one statement. The due heads of conversations no other relay holds a live lease on are leased to this
 * one: a conversation without a lease row gets one; an existing row changes hands only when it is this owner's or
 * its lease ran out. Two relays claiming the same conversation at once both try to write its lease row: the second
 * waits for the first to commit, then sees a live lease of another owner and takes nothing (the same outcome as
 * FOR UPDATE SKIP LOCKED, where a row may not exist yet). Rows are written in conversation order, so two claims never
 * wait on each other in a circle.
 */
const CLAIM = `
  WITH due AS (
    SELECT o.conversation_id, o.ord FROM outbox o
    WHERE o.next_attempt_at <= $2 AND ${HEAD}
      AND NOT EXISTS (SELECT 1 FROM outbox_leases l WHERE l.conversation_id = o.conversation_id AND l.owner <> $1 AND l.expires_at > $2)
    ORDER BY o.ord LIMIT $3
  ), leased AS (
    INSERT INTO outbox_leases AS l (conversation_id, owner, expires_at)
    SELECT conversation_id, $1, $4 FROM due ORDER BY conversation_id
    ON CONFLICT (conversation_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
      WHERE l.owner = excluded.owner OR l.expires_at <= $2
    RETURNING conversation_id
  )
  SELECT o.id, o.conversation_id, o.message_id, o.seq, o.attempts, o.next_attempt_at, o.last_error
  FROM outbox o JOIN due ON due.ord = o.ord
  WHERE o.conversation_id IN (SELECT conversation_id FROM leased)
  ORDER BY o.ord`;

/** The outbox's leases on Postgres: relays sharing the database take turns per conversation. */
export const createPostgresLeases = (pool: pg.Pool): Pick<Store, 'outboxClaim' | 'outboxRenew' | 'outboxRelease' | 'outboxNextAttemptAt'> => ({
  outboxClaim: async (owner, now, limit, leaseMs) =>
    // In a transaction: Postgres runs a lost deadlock or serialization race again (nothing was kept).
    transaction(pool, async (db) => (await db.query<OutboxRow>(CLAIM, [owner, now, Math.max(0, Math.floor(limit)), now + leaseMs])).rows.map(toOutboxItem)),
  outboxRenew: async (owner, conversationIds, until) => {
    if (conversationIds.length === 0) return [];
    const { rows } = await pool.query<{ conversation_id: string }>(
      'UPDATE outbox_leases SET expires_at = GREATEST(expires_at, $3) WHERE owner = $1 AND conversation_id = ANY($2::text[]) RETURNING conversation_id',
      [owner, conversationIds, until],
    );
    const held = new Set(rows.map((row) => row.conversation_id));
    return conversationIds.filter((id) => !held.has(id));
  },
  outboxRelease: async (owner, conversationIds) => {
    await pool.query('DELETE FROM outbox_leases WHERE owner = $1 AND ($2::text[] IS NULL OR conversation_id = ANY($2::text[]))', [owner, conversationIds ?? null]);
  },
  // A head another relay holds counts from when its lease ends (that relay delivers it before then, or has died).
  outboxNextAttemptAt: async (owner) => {
    const { rows } =
      owner === undefined
        ? await pool.query<{ at: number | null }>(`SELECT min(o.next_attempt_at) AS at FROM outbox o WHERE ${HEAD}`)
        : await pool.query<{ at: number | null }>(
            `SELECT min(GREATEST(o.next_attempt_at, COALESCE(l.expires_at, 0))) AS at FROM outbox o
             LEFT JOIN outbox_leases l ON l.conversation_id = o.conversation_id AND l.owner <> $1
             WHERE ${HEAD}`,
            [owner],
          );
    return rows[0]?.at ?? undefined;
  },
});
