import type Database from 'better-sqlite3';
import { ACTIVITY_GRANULARITY_MS, addErased, noneErased, type Erased, type StoreLifecycle, type StoredUpload } from '../lifecycle.ts';
import { toUpload, toVisitor, VISITOR, type UploadRow, type VisitorRow } from '../rows.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The lifecycle half of the SQLite store (see StoreLifecycle), plus the two hooks the write paths call inside
 * their own transactions: `active` (a conversation saw activity) and `sent` (a message sent an upload).
 */
export const createSqliteLifecycle = (db: Database.Database, now: () => number) => {
  const sql = {
    activeAt: db.prepare<[string], { active_at: string }>('SELECT active_at FROM conversations WHERE id = ?'),
    activeOf: db.prepare<[string], { id: string; active_at: string }>('SELECT id, active_at FROM conversations WHERE visitor_id = ?'),
    setActive: db.prepare<[string, string]>('UPDATE conversations SET active_at = ? WHERE id = ?'),
    markSent: db.prepare<[string, string, string]>('UPDATE uploads SET sent_at = ? WHERE id = ? AND conversation_id = ? AND sent_at IS NULL'),
    byExternal: db.prepare<[string], VisitorRow>(`${VISITOR} WHERE v.external_id = ?`),
    uploadsOf: db.prepare<[string], UploadRow & { sent_at: string | null }>('SELECT * FROM uploads WHERE conversation_id = ? ORDER BY created_at, id'),
    conversationOf: db.prepare<[string], { id: string }>('SELECT id FROM conversations WHERE visitor_id = ?'),
    uploadIdsOf: db.prepare<[string], { id: string }>('SELECT id FROM uploads WHERE conversation_id = ?'),
    deleteOutbox: db.prepare<[string]>('DELETE FROM outbox WHERE conversation_id = ?'),
    deleteUploads: db.prepare<[string]>('DELETE FROM uploads WHERE conversation_id = ?'),
    deleteLink: db.prepare<[string]>('DELETE FROM links WHERE visitor_id = ?'),
    deleteMessages: db.prepare<[string]>('DELETE FROM messages WHERE conversation_id = ?'),
    deleteConversation: db.prepare<[string]>('DELETE FROM conversations WHERE id = ?'),
    deleteVisitor: db.prepare<[string]>('DELETE FROM visitors WHERE id = ?'),
    // Oldest first by the created_at index; a message still queued (its outbox row) is skipped, and kept.
    prunable: db.prepare<[string, number], { conversation_id: string; seq: number }>(
      'SELECT m.conversation_id, m.seq FROM messages m WHERE m.created_at < ? ' +
        'AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = m.conversation_id AND o.seq = m.seq) ORDER BY m.created_at LIMIT ?',
    ),
    // Before a conversation loses messages, last_seq takes its newest seq: appends count on from there, never reusing one.
    keepSeq: db.prepare<[string]>(
      'UPDATE conversations SET last_seq = MAX(last_seq, COALESCE((SELECT m.seq FROM messages m WHERE m.conversation_id = conversations.id ORDER BY m.seq DESC LIMIT 1), 0)) WHERE id = ?',
    ),
    deleteMessage: db.prepare<[string, number]>('DELETE FROM messages WHERE conversation_id = ? AND seq = ?'),
    inactive: db.prepare<[string, number], { visitor_id: string }>(
      'SELECT c.visitor_id FROM conversations c WHERE c.active_at < ? AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = c.id) ORDER BY c.active_at LIMIT ?',
    ),
    unsent: db.prepare<[string, number], { id: string }>('SELECT id FROM uploads WHERE sent_at IS NULL AND created_at < ? ORDER BY created_at LIMIT ?'),
    expired: db.prepare<[string, number], { id: string }>(
      'SELECT u.id FROM uploads u WHERE u.created_at < ? AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = u.conversation_id) ORDER BY u.created_at LIMIT ?',
    ),
    deleteUpload: db.prepare<[string]>('DELETE FROM uploads WHERE id = ?'),
    uploadExists: db.prepare<[string], { id: string }>('SELECT id FROM uploads WHERE id = ?'),
  };

  /** Raises the conversation's activity to `at` when what is stored (`known`, or read) is over the granularity old. */
  const active = (conversationId: string, known: string | undefined, at: number): void => {
    const stored = known ?? sql.activeAt.get(conversationId)?.active_at;
    if (stored !== undefined && stored < iso(at - ACTIVITY_GRANULARITY_MS)) sql.setActive.run(iso(at), conversationId);
  };

  const sent = (conversationId: string, uploadId: string, at: number): void => {
    sql.markSent.run(iso(at), uploadId, conversationId);
  };

  // Children before parents: the foreign keys are on.
  const erase = (visitorId: string): Erased | undefined => {
    const conversation = sql.conversationOf.get(visitorId);
    if (!conversation) return undefined;
    const uploadIds = sql.uploadIdsOf.all(conversation.id).map((row) => row.id);
    return {
      outbox: sql.deleteOutbox.run(conversation.id).changes,
      uploads: sql.deleteUploads.run(conversation.id).changes,
      links: sql.deleteLink.run(visitorId).changes,
      messages: sql.deleteMessages.run(conversation.id).changes,
      conversations: sql.deleteConversation.run(conversation.id).changes,
      visitors: sql.deleteVisitor.run(visitorId).changes,
      uploadIds,
    };
  };

  const pruneVisitors = db.transaction(
    (inactiveBefore: string, limit: number): Erased =>
      sql.inactive.all(inactiveBefore, limit).reduce((total, { visitor_id }) => addErased(total, erase(visitor_id)!), noneErased()),
  );

  const pruneUploads = db.transaction((unsentBefore: string, before: string | undefined, limit: number): string[] => {
    const ids = sql.unsent.all(unsentBefore, limit).map((row) => row.id);
    if (before !== undefined && ids.length < limit) {
      for (const { id } of sql.expired.all(before, limit)) if (ids.length < limit && !ids.includes(id)) ids.push(id);
    }
    for (const id of ids) sql.deleteUpload.run(id);
    return ids;
  });

  const pruneMessages = db.transaction((before: string, limit: number): number => {
    const doomed = sql.prunable.all(before, limit);
    for (const conversationId of new Set(doomed.map((row) => row.conversation_id))) sql.keepSeq.run(conversationId);
    for (const { conversation_id, seq } of doomed) sql.deleteMessage.run(conversation_id, seq);
    return doomed.length;
  });

  const eraseOne = db.transaction(erase);

  const touch = db.transaction((visitorId: string) => {
    const row = sql.activeOf.get(visitorId);
    if (row) active(row.id, row.active_at, now());
  });

  const methods: StoreLifecycle = {
    touchVisitor: async (visitorId) => {
      // Read first: most sessions find the mark fresh and need no write (and no write lock) at all.
      const row = sql.activeOf.get(visitorId);
      if (row && row.active_at < iso(now() - ACTIVITY_GRANULARITY_MS)) touch(visitorId);
    },
    lastActive: async (visitorId) => sql.activeOf.get(visitorId)?.active_at,
    getVisitorByExternalId: async (externalId) => {
      const row = sql.byExternal.get(externalId);
      return row && toVisitor(row);
    },
    listUploads: async (conversationId) =>
      sql.uploadsOf.all(conversationId).map((row): StoredUpload => ({ ...toUpload(row), ...(row.sent_at === null ? {} : { sentAt: row.sent_at }) })),
    eraseVisitor: async (visitorId) => eraseOne(visitorId),
    pruneMessages: async (before, limit) => pruneMessages(before, Math.max(0, Math.floor(limit))),
    pruneVisitors: async (inactiveBefore, limit) => pruneVisitors(inactiveBefore, Math.max(0, Math.floor(limit))),
    pruneUploads: async ({ unsentBefore, before }, limit) => pruneUploads(unsentBefore, before, Math.max(0, Math.floor(limit))),
    existingUploads: async (uploadIds) => new Set(uploadIds.filter((id) => sql.uploadExists.get(id) !== undefined)),
  };

  return { methods, active, sent };
};
