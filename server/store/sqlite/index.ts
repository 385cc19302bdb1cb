import type { Body } from '../../../src/protocol/index.ts';
import { createIdSource, newId, toMessage, unknownConversation, unknownOriginal, unknownOutboxItem } from '../ids.ts';
import type { AppendRequest, AppendResult, Conversation, MessageDraft, Store, Visitor } from '../types.ts';
import { openDatabase } from './database.ts';
import { createSqliteIdentity } from './identity.ts';
import { createSqliteLifecycle } from './lifecycle.ts';
import { createSqliteLinks } from './links.ts';
import { createSqliteOps } from './ops.ts';
import { createSqliteUploads } from './uploads.ts';
import { SOLE_RELAY_LEASES } from '../leases.ts';
import { createVisitorCache, type VisitorCacheOptions } from './visitor-cache.ts';
import {
  CONVERSATION,
  MESSAGE,
  toConversation,
  toOutboxItem,
  toStoredMessage,
  toVisitor,
  VISITOR,
  type ConversationRow,
  type MessageRow,
  type OutboxRow,
  type VisitorRow,
} from '../rows.ts';

// The head of each conversation's queue: its lowest seq.
const HEADS = 'SELECT o.* FROM outbox o JOIN (SELECT conversation_id, MIN(seq) AS seq FROM outbox GROUP BY conversation_id) h USING (conversation_id, seq)';

export interface SqliteStoreOptions {
  file: string;
  /** The store's clock (epoch ms): creation times and activity. */
  now?: () => number;
  /** The cache of visitors read for routing (tests shorten its check of other connections' changes). */
  visitorCache?: VisitorCacheOptions;
}

/** The durable default: one SQLite file, WAL, fsync on every commit. */
export const createSqliteStore = ({ file, now = Date.now, visitorCache = {} }: SqliteStoreOptions): Store => {
  const db = openDatabase(file);
  const lifecycle = createSqliteLifecycle(db, now);
  const ids = createIdSource();
  const visitors = createVisitorCache(db, visitorCache);

  const sql = {
    insertVisitor: db.prepare<[string, string]>('INSERT INTO visitors (id, created_at) VALUES (?, ?)'),
    bindExternal: db.prepare<[string, string]>('UPDATE visitors SET external_id = ? WHERE id = ?'),
    insertConversation: db.prepare<[string, string, string, string], { number: number }>(
      'INSERT INTO conversations (id, visitor_id, created_at, active_at) VALUES (?, ?, ?, ?) RETURNING number',
    ),
    visitor: db.prepare<[string], VisitorRow>(`${VISITOR} WHERE v.id = ?`),
    conversation: db.prepare<[string], ConversationRow>(`${CONVERSATION} WHERE id = ?`),
    conversationByNumber: db.prepare<[number], ConversationRow>(`${CONVERSATION} WHERE number = ?`),
    byClientId: db.prepare<[string, string], MessageRow>(`${MESSAGE} WHERE conversation_id = ? AND client_id = ?`),
    byExternalId: db.prepare<[string, string], MessageRow>(`${MESSAGE} WHERE conversation_id = ? AND external_id = ?`),
    // The next seq is one above the newest message and above last_seq, which keeps what deleted messages used (see
    // lifecycle's pruneMessages): a message writes no conversation row, and so dirties no page of that table.
    nextSeq: db.prepare<[string], { seq: number; active_at: string }>(
      'SELECT MAX(c.last_seq, COALESCE((SELECT m.seq FROM messages m WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1), 0)) + 1 AS seq, c.active_at FROM conversations c WHERE c.id = ?',
    ),
    insertMessage: db.prepare<[string, number, string, string, string, string | null, string | null, string, string | null, number | null, string | null]>(
      'INSERT INTO messages (conversation_id, seq, id, author, body, client_id, external_id, created_at, replaces, platform_order, sender) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    externalId: db.prepare<[string, string], { external_id: string | null }>('SELECT external_id FROM messages WHERE conversation_id = ? AND id = ?'),
    newest: db.prepare<[string, string], MessageRow>(`${MESSAGE} WHERE conversation_id = ? AND replaces = ? ORDER BY seq DESC LIMIT 1`),
    message: db.prepare<[string, string], MessageRow>(`${MESSAGE} WHERE conversation_id = ? AND id = ?`),
    after: db.prepare<[string, number, number], MessageRow>(`${MESSAGE} WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`),
    // Newest `limit` below `before`, then put back in ascending order.
    before: db.prepare<[string, number, number, number], MessageRow>(
      `SELECT * FROM (${MESSAGE} WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?) ORDER BY seq`,
    ),
    enqueue: db.prepare<[string, string, string, number, number]>('INSERT INTO outbox (id, conversation_id, message_id, seq, next_attempt_at) VALUES (?, ?, ?, ?, ?)'),
    due: db.prepare<[number, number], OutboxRow>(`${HEADS} WHERE o.next_attempt_at <= ? ORDER BY o.ord LIMIT ?`),
    nextAttemptAt: db.prepare<[], { at: number | null }>(`SELECT MIN(next_attempt_at) AS at FROM (${HEADS})`),
    item: db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE id = ?'),
    dequeue: db.prepare<[string]>('DELETE FROM outbox WHERE id = ?'),
    raiseDelivered: db.prepare<[number, string], { delivered_seq: number }>('UPDATE conversations SET delivered_seq = MAX(delivered_seq, ?) WHERE id = ? RETURNING delivered_seq'),
    raiseRead: db.prepare<[number, string], { read_seq: number }>('UPDATE conversations SET read_seq = MAX(read_seq, ?) WHERE id = ? RETURNING read_seq'),
    retry: db.prepare<[number, string, string]>('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?'),
    size: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox'),
  };

  const createVisitor = db.transaction((externalId?: string) => {
    const createdAt = new Date(now()).toISOString();
    const visitor: Visitor = { id: newId('v'), conversationId: newId('c'), createdAt };
    sql.insertVisitor.run(visitor.id, createdAt);
    if (externalId !== undefined) sql.bindExternal.run(externalId, visitor.id);
    const { number } = sql.insertConversation.get(visitor.conversationId, visitor.id, createdAt, createdAt)!;
    const conversation: Conversation = { id: visitor.conversationId, number, visitorId: visitor.id, createdAt, deliveredSeq: 0 };
    return { visitor, conversation };
  });

  const identify = createSqliteIdentity(db, (externalId) => createVisitor(externalId));

  /** One message, inside the caller's transaction. */
  const appendOne = (conversationId: string, draft: MessageDraft, outbox = false): AppendResult => {
    const earlier =
      (draft.clientId === undefined ? undefined : sql.byClientId.get(conversationId, draft.clientId)) ??
      (draft.externalId === undefined ? undefined : sql.byExternalId.get(conversationId, draft.externalId));
    if (earlier) return { message: toStoredMessage(earlier), created: false };
    if (draft.replaces !== undefined) {
      const original = sql.message.get(conversationId, draft.replaces);
      if (!original || original.replaces !== null) throw unknownOriginal(draft.replaces);
      const newest = sql.newest.get(conversationId, original.id) ?? original;
      if (newest.body === JSON.stringify(draft.body)) return { message: toStoredMessage(newest), created: false };
    }
    const next = sql.nextSeq.get(conversationId);
    if (!next) throw unknownConversation(conversationId);
    const at = now();
    const id = ids.message(at);
    const createdAt = draft.createdAt ?? new Date(at).toISOString();
    const seq = next.seq;
    const body = JSON.stringify(draft.body);
    sql.insertMessage.run(
      conversationId,
      seq,
      id,
      draft.author,
      body,
      draft.clientId ?? null,
      draft.externalId ?? null,
      createdAt,
      draft.replaces ?? null,
      draft.order ?? null,
      draft.sender ? JSON.stringify(draft.sender) : null,
    );
    if (outbox) sql.enqueue.run(ids.outboxItem(at), conversationId, id, seq, at);
    lifecycle.active(conversationId, next.active_at, at);
    if (draft.uploadId !== undefined) lifecycle.sent(conversationId, draft.uploadId, at);
    const fields = { id, seq, conversationId, createdAt, clientId: draft.clientId, replaces: draft.replaces, order: draft.order };
    // Parsed back from what was stored: the caller gets its own copy, as from any read.
    return { message: toMessage(fields, { author: draft.author, body: JSON.parse(body) as Body, sender: draft.sender && { ...draft.sender } }), created: true };
  };

  const append = db.transaction((conversationId: string, draft: MessageDraft, outbox?: boolean) => appendOne(conversationId, draft, outbox));
  // One transaction, one commit (and one sync) for the whole batch; any throw rolls all of it back.
  const appendBatch = db.transaction((items: readonly AppendRequest[]) => items.map(({ conversationId, draft, outbox }) => appendOne(conversationId, draft, outbox)));

  const delivered = db.transaction((itemId: string): number => {
    const item = sql.item.get(itemId);
    if (!item) throw unknownOutboxItem(itemId);
    sql.dequeue.run(itemId);
    return sql.raiseDelivered.get(item.seq, item.conversation_id)!.delivered_seq;
  });

  return {
    ...createSqliteUploads(db, (conversationId) => lifecycle.active(conversationId, undefined, now())),
    ...lifecycle.methods,
    ...createSqliteLinks(db),
    ...createSqliteOps(db),
    // Erasing forgets the cached visitors too.
    eraseVisitor: async (visitorId) => {
      const erased = await lifecycle.methods.eraseVisitor(visitorId);
      visitors.forget(visitorId);
      return erased;
    },
    pruneVisitors: async (inactiveBefore, limit) => {
      const erased = await lifecycle.methods.pruneVisitors(inactiveBefore, limit);
      if (erased.visitors > 0) visitors.clear();
      return erased;
    },
    createVisitor: async () => createVisitor(),
    getVisitor: async (visitorId) =>
      visitors.get(visitorId, (id) => {
        const row = sql.visitor.get(id);
        return row && toVisitor(row);
      }),
    identifyVisitor: async (identity) => {
      const identified = identify(identity);
      visitors.forget(identified.visitor.id); // its name or email may have changed
      return identified;
    },
    getConversation: async (conversationId) => {
      const row = sql.conversation.get(conversationId);
      return row && toConversation(row);
    },
    getConversationByNumber: async (number) => {
      const row = sql.conversationByNumber.get(number);
      return row && toConversation(row);
    },

    append: async (conversationId, draft, options) => append(conversationId, draft, options?.outbox),
    appendBatch: async (items) => (items.length === 0 ? [] : appendBatch(items)),
    getMessage: async (conversationId, messageId) => {
      const row = sql.message.get(conversationId, messageId);
      return row && toStoredMessage(row);
    },
    getExternalId: async (conversationId, messageId) => sql.externalId.get(conversationId, messageId)?.external_id ?? undefined,
    findExternal: async (conversationId, externalId) => {
      const row = sql.byExternalId.get(conversationId, externalId);
      if (!row) return undefined;
      return { original: toStoredMessage(row), latest: toStoredMessage(sql.newest.get(conversationId, row.id) ?? row) };
    },
    listMessages: async (conversationId, { after = 0, before, limit }) => {
      const count = Math.max(0, Math.floor(limit));
      const rows = before === undefined ? sql.after.all(conversationId, after, count) : sql.before.all(conversationId, after, before, count);
      return rows.map(toStoredMessage);
    },

    outboxDue: async (now, limit) => sql.due.all(now, Math.max(0, Math.floor(limit))).map(toOutboxItem),
    outboxNextAttemptAt: async () => sql.nextAttemptAt.get()?.at ?? undefined,
    // One process: no other relay to share the outbox with, so a claim is the due heads and a lease is always held.
    outboxClaim: async (_owner, now, limit) => sql.due.all(now, Math.max(0, Math.floor(limit))).map(toOutboxItem),
    ...SOLE_RELAY_LEASES,
    outboxDelivered: async (itemId) => delivered(itemId),
    markRead: async (conversationId, seq) => sql.raiseRead.get(seq, conversationId)?.read_seq ?? 0,
    outboxRetry: async (itemId, nextAttemptAt, error) => {
      if (sql.retry.run(nextAttemptAt, error, itemId).changes === 0) throw unknownOutboxItem(itemId);
    },
    outboxSize: async () => sql.size.get()!.n,

    close: async () => {
      if (db.open) db.close();
    },
  };
};
