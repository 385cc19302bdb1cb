import type Database from 'better-sqlite3';
import { unknownConversation, uploadConflict, uploadOwner } from '../ids.ts';
import type { Store, Upload } from '../types.ts';
import { toUpload, UPLOAD, type UploadRow } from '../rows.ts';

/** The upload half of the SQLite store. */
export const createSqliteUploads = (
  db: Database.Database,
  active: (conversationId: string) => void,
): Pick<Store, 'addUpload' | 'getUpload' | 'getUploadByToken' | 'uploadUsage'> => {
  const sql = {
    insert: db.prepare<[string, string, string, string, string, string, string, number, string, string]>(
      'INSERT INTO uploads (id, token, visitor_id, conversation_id, name, mime, kind, size, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    owner: db.prepare<[string], { visitor_id: string }>('SELECT visitor_id FROM conversations WHERE id = ?'),
    byId: db.prepare<[string, string], UploadRow>(`${UPLOAD} WHERE id = ? AND conversation_id = ?`),
    byToken: db.prepare<[string], UploadRow>(`${UPLOAD} WHERE token = ?`),
    usage: db.prepare<[string], { visitor_bytes: number; total_bytes: number }>(
      'SELECT (SELECT COALESCE(SUM(size), 0) FROM uploads WHERE visitor_id = ?) AS visitor_bytes, (SELECT bytes FROM upload_totals WHERE id = 1) AS total_bytes',
    ),
  };

  // The foreign key refuses a wrong pair too; checking first gives each refusal a reason.
  const add = db.transaction((u: Upload) => {
    const owner = sql.owner.get(u.conversationId);
    if (!owner) throw unknownConversation(u.conversationId);
    if (owner.visitor_id !== u.visitorId) throw uploadOwner(u.id);
    try {
      sql.insert.run(u.id, u.token, u.visitorId, u.conversationId, u.name, u.mime, u.kind, u.size, u.sha256, u.createdAt);
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw uploadConflict(u.id);
      throw error;
    }
    active(u.conversationId);
  });

  return {
    addUpload: async (upload) => add(upload),
    getUpload: async (conversationId, uploadId) => {
      const row = sql.byId.get(uploadId, conversationId);
      return row && toUpload(row);
    },
    getUploadByToken: async (token) => {
      const row = sql.byToken.get(token);
      return row && toUpload(row);
    },
    uploadUsage: async (visitorId) => {
      const row = sql.usage.get(visitorId)!;
      return { visitorBytes: row.visitor_bytes, totalBytes: row.total_bytes };
    },
  };
};
