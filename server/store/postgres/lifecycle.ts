import type pg from 'pg';
import { ACTIVITY_GRANULARITY_MS, addErased, noneErased, type Erased, type StoreLifecycle, type StoredUpload } from '../lifecycle.ts';
import { transaction, type Queryable } from './database.ts';
import { toUpload, toVisitor, VISITOR, type UploadRow, type VisitorRow } from '../rows.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const count = (limit: number) => Math.max(0, Math.floor(limit));

/**
 * The lifecycle half of the Postgres store (see StoreLifecycle), plus `sent`, which an append calls inside its own
 * transaction (a message sent an upload).
 */
export const createPostgresLifecycle = (pool: pg.Pool, now: () => number) => {
  const sent = async (db: Queryable, conversationId: string, uploadId: string, at: number): Promise<void> => {
    await db.query('UPDATE uploads SET sent_at = $1 WHERE id = $2 AND conversation_id = $3 AND sent_at IS NULL', [iso(at), uploadId, conversationId]);
  };

  /**
   * Children before parents. The caller holds the conversation's row lock, so no append slips in between: one
   * waiting for the lock finds the conversation gone.
   */
  const erase = async (db: Queryable, visitorId: string, conversationId: string): Promise<Erased> => {
    const uploadIds = (await db.query<{ id: string }>('DELETE FROM uploads WHERE conversation_id = $1 RETURNING id', [conversationId])).rows.map((row) => row.id);
    const deleted = async (sql: string, id: string) => (await db.query(sql, [id])).rowCount ?? 0;
    return {
      outbox: await deleted('DELETE FROM outbox WHERE conversation_id = $1', conversationId),
      uploads: uploadIds.length,
      links: await deleted('DELETE FROM links WHERE visitor_id = $1', visitorId),
      messages: await deleted('DELETE FROM messages WHERE conversation_id = $1', conversationId),
      conversations: await deleted('DELETE FROM conversations WHERE id = $1', conversationId),
      visitors: await deleted('DELETE FROM visitors WHERE id = $1', visitorId),
      uploadIds,
    };
  };

  const methods: StoreLifecycle = {
    touchVisitor: async (visitorId) => {
      // Writes (and locks) only when the mark is stale: most sessions find it fresh and cost a read.
      const at = now();
      await pool.query('UPDATE conversations SET active_at = $1 WHERE visitor_id = $2 AND active_at < $3', [iso(at), visitorId, iso(at - ACTIVITY_GRANULARITY_MS)]);
    },
    lastActive: async (visitorId) => (await pool.query<{ active_at: string }>('SELECT active_at FROM conversations WHERE visitor_id = $1', [visitorId])).rows[0]?.active_at,
    getVisitorByExternalId: async (externalId) => {
      const row = (await pool.query<VisitorRow>(`${VISITOR} WHERE v.external_id = $1`, [externalId])).rows[0];
      return row && toVisitor(row);
    },
    listUploads: async (conversationId) =>
      (await pool.query<UploadRow & { sent_at: string | null }>('SELECT * FROM uploads WHERE conversation_id = $1 ORDER BY created_at, id', [conversationId])).rows.map(
        (row): StoredUpload => ({ ...toUpload(row), ...(row.sent_at === null ? {} : { sentAt: row.sent_at }) }),
      ),
    eraseVisitor: (visitorId) =>
      transaction(pool, async (db) => {
        const conversation = (await db.query<{ id: string }>('SELECT id FROM conversations WHERE visitor_id = $1 FOR UPDATE', [visitorId])).rows[0];
        return conversation && erase(db, visitorId, conversation.id);
      }),
    // Oldest first by the created_at index; a message still queued (its outbox row) is skipped, and kept.
    pruneMessages: async (before, limit) =>
      (
        await pool.query(
          'DELETE FROM messages WHERE (conversation_id, seq) IN (SELECT m.conversation_id, m.seq FROM messages m WHERE m.created_at < $1 ' +
            'AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = m.conversation_id AND o.seq = m.seq) ORDER BY m.created_at LIMIT $2)',
          [before, count(limit)],
        )
      ).rowCount ?? 0,
    /**
     * The candidates' rows are locked as they are chosen, in one transaction with their erasure: an append or a
     * session that comes after waits and then finds the visitor gone, and a row another transaction holds right now
     * (an append, a session: that visitor is active) is skipped.
     */
    pruneVisitors: (inactiveBefore, limit) =>
      transaction(pool, async (db) => {
        const { rows } = await db.query<{ id: string; visitor_id: string }>(
          'SELECT c.id, c.visitor_id FROM conversations c WHERE c.active_at < $1 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = c.id) ' +
            'ORDER BY c.active_at LIMIT $2 FOR UPDATE OF c SKIP LOCKED',
          [inactiveBefore, count(limit)],
        );
        let total = noneErased();
        for (const row of rows) total = addErased(total, await erase(db, row.visitor_id, row.id));
        return total;
      }),
    pruneUploads: ({ unsentBefore, before }, limit) =>
      transaction(pool, async (db) => {
        const max = count(limit);
        const ids = (await db.query<{ id: string }>('SELECT id FROM uploads WHERE sent_at IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2', [unsentBefore, max])).rows.map(
          (row) => row.id,
        );
        if (before !== undefined && ids.length < max) {
          const { rows } = await db.query<{ id: string }>(
            'SELECT u.id FROM uploads u WHERE u.created_at < $1 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = u.conversation_id) ORDER BY u.created_at LIMIT $2',
            [before, max],
          );
          for (const { id } of rows) if (ids.length < max && !ids.includes(id)) ids.push(id);
        }
        if (ids.length > 0) await db.query('DELETE FROM uploads WHERE id = ANY($1)', [ids]);
        return ids;
      }),
    existingUploads: async (uploadIds) =>
      uploadIds.length === 0 ? new Set() : new Set((await pool.query<{ id: string }>('SELECT id FROM uploads WHERE id = ANY($1)', [uploadIds])).rows.map((row) => row.id)),
  };

  return { methods, sent };
};
