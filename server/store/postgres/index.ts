import type pg from 'pg';
import type { Body } from '../../../src/protocol/index.ts';
import { ACTIVITY_GRANULARITY_MS } from '../lifecycle.ts';
import { createIdSource, newId, toMessage, unknownConversation, unknownOriginal, unknownOutboxItem } from '../ids.ts';
import type { AppendRequest, AppendResult, Conversation, MessageDraft, Store, Visitor } from '../types.ts';
import { createPool, DatabaseOpenError, describeDatabase, ForeignDatabaseError, migrate, transaction, type Queryable } from './database.ts';
import { createPostgresIdentity } from './identity.ts';
import { createPostgresLeases } from './leases.ts';
import { createPostgresLifecycle } from './lifecycle.ts';
import { createPostgresLinks } from './links.ts';
import { createPostgresOps } from './ops.ts';
import { createPostgresUploads } from './uploads.ts';
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

const ITEM = 'SELECT id, conversation_id, message_id, seq, attempts, next_attempt_at, last_error FROM outbox';
// The head of each conversation's queue: no item of its conversation comes before it.
const HEAD = 'NOT EXISTS (SELECT 1 FROM outbox p WHERE p.conversation_id = o.conversation_id AND p.seq < o.seq)';

// A new message in one statement: the conversation's next seq (and its activity, kept to the hour), the message,
// and with the queue's variant its outbox row.
const INSERT_MESSAGE =
  'WITH next AS (UPDATE conversations SET last_seq = last_seq + 1, active_at = CASE WHEN active_at < $2 THEN $3 ELSE active_at END WHERE id = $1 RETURNING last_seq)';
const INSERT_MESSAGE_ROW =
  'INSERT INTO messages (conversation_id, seq, id, author, body, client_id, external_id, created_at, replaces, platform_order, sender) ' +
  'SELECT $1, next.last_seq, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM next RETURNING seq';
const INSERT_OUTBOX_ROW = 'INSERT INTO outbox (id, conversation_id, message_id, seq, next_attempt_at) SELECT $13, $1, $4, m.seq, $14 FROM m RETURNING seq';

const iso = (ms: number) => new Date(ms).toISOString();
const count = (limit: number) => Math.max(0, Math.floor(limit));

export interface PostgresStoreOptions {
  /** DATABASE_URL: postgres://user:password@host:port/database (the password is never logged). */
  url: string;
  /** The store's clock (epoch ms): creation times and activity. */
  now?: () => number;
  /** Connections at most. */
  poolSize?: number;
  /** Told about a connection that failed while idle (a server restart); the pool reconnects on the next query. */
  onConnectionError?: (error: Error) => void;
}

/** The Postgres store with the pool it runs on: the blob store of the same database shares it. */
export type PostgresStore = Store & { readonly pool: pg.Pool };

/**
 * The shared system of record for several relays: every method is a statement or a short transaction on a pooled
 * connection, so any number of processes can use one database. Migrates the schema on open (under an advisory lock).
 */
export const createPostgresStore = async ({ url, now = Date.now, poolSize, onConnectionError }: PostgresStoreOptions): Promise<PostgresStore> => {
  const pool = createPool({ url, ...(poolSize === undefined ? {} : { max: poolSize }), ...(onConnectionError ? { onError: onConnectionError } : {}) });
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    if (error instanceof ForeignDatabaseError) throw error;
    // The driver's reasons name hosts and users, never the password; the URL is shown without it.
    throw new DatabaseOpenError(`cannot open the Postgres database ${describeDatabase(url)}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, {
      cause: error,
    });
  }
  const lifecycle = createPostgresLifecycle(pool, now);
  const ids = createIdSource();

  const createVisitor = async (db: Queryable, externalId?: string) => {
    const createdAt = iso(now());
    const visitor: Visitor = { id: newId('v'), conversationId: newId('c'), createdAt, ...(externalId === undefined ? {} : { externalId }) };
    // One statement: the visitor and their conversation exist together or not at all.
    const { rows } = await db.query<{ number: number }>(
      'WITH v AS (INSERT INTO visitors (id, created_at, external_id) VALUES ($1, $2, $3) RETURNING id) ' +
        'INSERT INTO conversations (id, visitor_id, created_at, active_at) SELECT $4, v.id, $2, $2 FROM v RETURNING number',
      [visitor.id, createdAt, externalId ?? null, visitor.conversationId],
    );
    const conversation: Conversation = { id: visitor.conversationId, number: rows[0]!.number, visitorId: visitor.id, createdAt, deliveredSeq: 0 };
    return { visitor, conversation };
  };

  const one = async <T extends pg.QueryResultRow>(db: Queryable, sql: string, values: unknown[]): Promise<T | undefined> => (await db.query<T>(sql, values)).rows[0];

  /**
   * One message inside the caller's transaction, which holds the conversation row's lock (taken by `lock`): every
   * earlier append of the conversation is committed and visible to the duplicate checks, and none can come between
   * them and the insert. A duplicate writes nothing; a new message raises last_seq and is inserted in one statement
   * (its queue row too), one round trip.
   */
  const appendIn = async (db: Queryable, conversationId: string, draft: MessageDraft, outbox = false): Promise<AppendResult> => {
    const earlier =
      (draft.clientId === undefined ? undefined : await one<MessageRow>(db, `${MESSAGE} WHERE conversation_id = $1 AND client_id = $2`, [conversationId, draft.clientId])) ??
      (draft.externalId === undefined ? undefined : await one<MessageRow>(db, `${MESSAGE} WHERE conversation_id = $1 AND external_id = $2`, [conversationId, draft.externalId]));
    if (earlier) return { message: toStoredMessage(earlier), created: false };
    const body = JSON.stringify(draft.body);
    if (draft.replaces !== undefined) {
      const original = await one<MessageRow>(db, `${MESSAGE} WHERE conversation_id = $1 AND id = $2`, [conversationId, draft.replaces]);
      if (!original || original.replaces !== null) throw unknownOriginal(draft.replaces);
      const newest = (await one<MessageRow>(db, `${MESSAGE} WHERE conversation_id = $1 AND replaces = $2 ORDER BY seq DESC LIMIT 1`, [conversationId, original.id])) ?? original;
      if (newest.body === body) return { message: toStoredMessage(newest), created: false };
    }
    const at = now();
    const id = ids.message(at);
    const createdAt = draft.createdAt ?? iso(at);
    const values = [
      conversationId,
      iso(at - ACTIVITY_GRANULARITY_MS),
      iso(at),
      id,
      draft.author,
      body,
      draft.clientId ?? null,
      draft.externalId ?? null,
      createdAt,
      draft.replaces ?? null,
      draft.order ?? null,
      draft.sender ? JSON.stringify(draft.sender) : null,
    ];
    const inserted = await one<{ seq: number }>(
      db,
      outbox ? `${INSERT_MESSAGE}, m AS (${INSERT_MESSAGE_ROW}) ${INSERT_OUTBOX_ROW}` : `${INSERT_MESSAGE} ${INSERT_MESSAGE_ROW}`,
      outbox ? [...values, ids.outboxItem(at), at] : values,
    );
    if (!inserted) throw unknownConversation(conversationId);
    if (draft.uploadId !== undefined) await lifecycle.sent(db, conversationId, draft.uploadId, at);
    const fields = { id, seq: Number(inserted.seq), conversationId, createdAt, clientId: draft.clientId, replaces: draft.replaces, order: draft.order };
    return { message: toMessage(fields, { author: draft.author, body: JSON.parse(body) as Body, sender: draft.sender && { ...draft.sender } }), created: true };
  };

  /**
   * Locks the conversations' rows in id order, so that two relays appending to the same ones wait for each other
   * instead of deadlocking; a conversation that does not exist fails the whole transaction.
   */
  const lock = async (db: Queryable, conversationIds: string[]) => {
    const wanted = [...new Set(conversationIds)].sort();
    const { rows } = await db.query<{ id: string }>('SELECT id FROM conversations WHERE id = ANY($1) ORDER BY id FOR UPDATE', [wanted]);
    if (rows.length < wanted.length) {
      const found = new Set(rows.map((row) => row.id));
      throw unknownConversation(wanted.find((id) => !found.has(id))!);
    }
  };

  const append = (conversationId: string, draft: MessageDraft, { outbox = false }: { outbox?: boolean } = {}) =>
    transaction(pool, async (db): Promise<AppendResult> => {
      await lock(db, [conversationId]);
      return appendIn(db, conversationId, draft, outbox);
    });

  /** Group commit: one transaction for the batch, all or nothing, in the items' order. */
  const appendBatch = async (items: readonly AppendRequest[]): Promise<AppendResult[]> => {
    if (items.length === 0) return [];
    return transaction(pool, async (db) => {
      await lock(
        db,
        items.map((item) => item.conversationId),
      );
      const results: AppendResult[] = [];
      for (const { conversationId, draft, outbox } of items) results.push(await appendIn(db, conversationId, draft, outbox));
      return results;
    });
  };

  return {
    pool,
    ...createPostgresUploads(pool, now),
    ...lifecycle.methods,
    ...createPostgresLinks(pool),
    ...createPostgresOps(pool),
    createVisitor: () => createVisitor(pool),
    getVisitor: async (visitorId) => {
      const row = await one<VisitorRow>(pool, `${VISITOR} WHERE v.id = $1`, [visitorId]);
      return row && toVisitor(row);
    },
    identifyVisitor: createPostgresIdentity(pool, createVisitor),
    getConversation: async (conversationId) => {
      const row = await one<ConversationRow>(pool, `${CONVERSATION} WHERE id = $1`, [conversationId]);
      return row && toConversation(row);
    },
    getConversationByNumber: async (number) => {
      // A number that is no whole number names no conversation (and would not fit the column's type).
      if (!Number.isSafeInteger(number)) return undefined;
      const row = await one<ConversationRow>(pool, `${CONVERSATION} WHERE number = $1`, [number]);
      return row && toConversation(row);
    },

    append,
    appendBatch,
    getMessage: async (conversationId, messageId) => {
      const row = await one<MessageRow>(pool, `${MESSAGE} WHERE conversation_id = $1 AND id = $2`, [conversationId, messageId]);
      return row && toStoredMessage(row);
    },
    getExternalId: async (conversationId, messageId) =>
      (await one<{ external_id: string | null }>(pool, 'SELECT external_id FROM messages WHERE conversation_id = $1 AND id = $2', [conversationId, messageId]))?.external_id ??
      undefined,
    findExternal: async (conversationId, externalId) => {
      const original = await one<MessageRow>(pool, `${MESSAGE} WHERE conversation_id = $1 AND external_id = $2`, [conversationId, externalId]);
      if (!original) return undefined;
      const latest = await one<MessageRow>(pool, `${MESSAGE} WHERE conversation_id = $1 AND replaces = $2 ORDER BY seq DESC LIMIT 1`, [conversationId, original.id]);
      return { original: toStoredMessage(original), latest: toStoredMessage(latest ?? original) };
    },
    listMessages: async (conversationId, { after = 0, before, limit }) => {
      const { rows } =
        before === undefined
          ? await pool.query<MessageRow>(`${MESSAGE} WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [conversationId, after, count(limit)])
          : // Newest `limit` below `before`, then put back in ascending order.
            await pool.query<MessageRow>(`SELECT * FROM (${MESSAGE} WHERE conversation_id = $1 AND seq > $2 AND seq < $3 ORDER BY seq DESC LIMIT $4) page ORDER BY seq`, [
              conversationId,
              after,
              before,
              count(limit),
            ]);
      return rows.map(toStoredMessage);
    },

    outboxDue: async (at, limit) =>
      (await pool.query<OutboxRow>(`${ITEM} o WHERE o.next_attempt_at <= $1 AND ${HEAD} ORDER BY o.ord LIMIT $2`, [at, count(limit)])).rows.map(toOutboxItem),
    ...createPostgresLeases(pool),
    outboxDelivered: async (itemId) => {
      // One statement: the item goes and its conversation's deliveredSeq rises together (never lowered); the
      // conversation's lease goes with its last item (the statement sees the queue as it was, the item included).
      const row = await one<{ delivered_seq: number }>(
        pool,
        'WITH gone AS (DELETE FROM outbox WHERE id = $1 RETURNING conversation_id, seq), ' +
          'freed AS (DELETE FROM outbox_leases l USING gone WHERE l.conversation_id = gone.conversation_id ' +
          'AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = gone.conversation_id AND o.id <> $1)) ' +
          'UPDATE conversations c SET delivered_seq = GREATEST(c.delivered_seq, gone.seq) FROM gone WHERE c.id = gone.conversation_id RETURNING c.delivered_seq',
        [itemId],
      );
      if (!row) throw unknownOutboxItem(itemId);
      return row.delivered_seq;
    },
    markRead: async (conversationId, seq) =>
      Number(
        (await one<{ read_seq: number }>(pool, 'UPDATE conversations SET read_seq = GREATEST(read_seq, $1) WHERE id = $2 RETURNING read_seq', [seq, conversationId]))?.read_seq ??
          0,
      ),
    outboxRetry: async (itemId, nextAttemptAt, error) => {
      const { rowCount } = await pool.query('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3', [nextAttemptAt, error, itemId]);
      if (rowCount === 0) throw unknownOutboxItem(itemId);
    },
    outboxSize: async () => (await one<{ n: number }>(pool, 'SELECT count(*) AS n FROM outbox', []))!.n,

    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
};
