import type pg from 'pg';
import { ACTIVITY_GRANULARITY_MS } from '../lifecycle.ts';
import { unknownConversation, uploadConflict, uploadOwner } from '../ids.ts';
import type { Store } from '../types.ts';
import { sqlState, transaction } from './database.ts';
import { toUpload, UPLOAD, type UploadRow } from '../rows.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** The upload half of the Postgres store; `now` marks the conversation active. */
export const createPostgresUploads = (pool: pg.Pool, now: () => number): Pick<Store, 'addUpload' | 'getUpload' | 'getUploadByToken' | 'uploadUsage'> => ({
  // The foreign key refuses a wrong pair too; checking first (under the conversation's lock) gives each refusal a reason.
  addUpload: (u) =>
    transaction(pool, async (db) => {
      const at = now();
      const owner = (
        await db.query<{ visitor_id: string }>('UPDATE conversations SET active_at = CASE WHEN active_at < $2 THEN $3 ELSE active_at END WHERE id = $1 RETURNING visitor_id', [
          u.conversationId,
          iso(at - ACTIVITY_GRANULARITY_MS),
          iso(at),
        ])
      ).rows[0];
      if (!owner) throw unknownConversation(u.conversationId);
      if (owner.visitor_id !== u.visitorId) throw uploadOwner(u.id);
      try {
        await db.query(
          'INSERT INTO uploads (id, token, visitor_id, conversation_id, name, mime, kind, size, sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
          [u.id, u.token, u.visitorId, u.conversationId, u.name, u.mime, u.kind, u.size, u.sha256, u.createdAt],
        );
      } catch (error) {
        if (sqlState(error) === '23505') throw uploadConflict(u.id);
        throw error;
      }
    }),
  getUpload: async (conversationId, uploadId) => {
    const row = (await pool.query<UploadRow>(`${UPLOAD} WHERE id = $1 AND conversation_id = $2`, [uploadId, conversationId])).rows[0];
    return row && toUpload(row);
  },
  getUploadByToken: async (token) => {
    const row = (await pool.query<UploadRow>(`${UPLOAD} WHERE token = $1`, [token])).rows[0];
    return row && toUpload(row);
  },
  uploadUsage: async (visitorId) => {
    const { rows } = await pool.query<{ visitor_bytes: number; total_bytes: number }>(
      'SELECT (SELECT COALESCE(sum(size), 0)::bigint FROM uploads WHERE visitor_id = $1) AS visitor_bytes, (SELECT bytes FROM upload_totals WHERE id = 1) AS total_bytes',
      [visitorId],
    );
    return { visitorBytes: rows[0]!.visitor_bytes, totalBytes: rows[0]!.total_bytes };
  },
});
