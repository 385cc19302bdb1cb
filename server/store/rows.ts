import type { AttachmentKind, Author, Body, Message, Sender } from '../../src/protocol/index.ts';
import { toMessage } from './ids.ts';
import type { Conversation, OutboxItem, Upload, Visitor } from './types.ts';

// The SQL stores (SQLite, Postgres) keep one schema: the same columns, read by the same queries, become the store's
// values here. Numbers go through Number() because Postgres hands a bigint over as a string unless told otherwise.

export interface VisitorRow {
  id: string;
  created_at: string;
  conversation_id: string;
  external_id: string | null;
  name: string | null;
  email: string | null;
}
export const VISITOR = 'SELECT v.id, v.created_at, c.id AS conversation_id, v.external_id, v.name, v.email FROM visitors v JOIN conversations c ON c.visitor_id = v.id';
export const toVisitor = (row: VisitorRow): Visitor => ({
  id: row.id,
  conversationId: row.conversation_id,
  createdAt: row.created_at,
  ...(row.external_id === null ? {} : { externalId: row.external_id }),
  ...(row.name === null ? {} : { name: row.name }),
  ...(row.email === null ? {} : { email: row.email }),
});

export interface ConversationRow {
  id: string;
  number: number;
  visitor_id: string;
  created_at: string;
  delivered_seq: number;
  read_seq: number;
}
export const CONVERSATION = 'SELECT id, number, visitor_id, created_at, delivered_seq, read_seq FROM conversations';
export const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  number: row.number,
  visitorId: row.visitor_id,
  createdAt: row.created_at,
  deliveredSeq: Number(row.delivered_seq),
  ...(Number(row.read_seq) > 0 ? { readSeq: Number(row.read_seq) } : {}),
});

export interface MessageRow {
  id: string;
  seq: number;
  conversation_id: string;
  author: Author;
  body: string;
  client_id: string | null;
  created_at: string;
  replaces: string | null;
  platform_order: number | null;
  sender: string | null;
}
export const MESSAGE = 'SELECT id, seq, conversation_id, author, body, client_id, created_at, replaces, platform_order, sender FROM messages';
export const toStoredMessage = (row: MessageRow): Message =>
  toMessage(
    { id: row.id, seq: row.seq, conversationId: row.conversation_id, createdAt: row.created_at, clientId: row.client_id, replaces: row.replaces, order: row.platform_order },
    { author: row.author, body: JSON.parse(row.body) as Body, ...(row.sender === null ? {} : { sender: JSON.parse(row.sender) as Sender }) },
  );

export interface OutboxRow {
  id: string;
  conversation_id: string;
  message_id: string;
  seq: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}
export const toOutboxItem = (row: OutboxRow): OutboxItem => ({
  id: row.id,
  conversationId: row.conversation_id,
  messageId: row.message_id,
  seq: row.seq,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  ...(row.last_error === null ? {} : { lastError: row.last_error }),
});

export interface UploadRow {
  id: string;
  token: string;
  visitor_id: string;
  conversation_id: string;
  name: string;
  mime: string;
  kind: AttachmentKind;
  size: number;
  sha256: string;
  created_at: string;
}
export const UPLOAD = 'SELECT id, token, visitor_id, conversation_id, name, mime, kind, size, sha256, created_at FROM uploads';
export const toUpload = (row: UploadRow): Upload => ({
  id: row.id,
  visitorId: row.visitor_id,
  conversationId: row.conversation_id,
  token: row.token,
  name: row.name,
  mime: row.mime,
  kind: row.kind,
  size: row.size,
  sha256: row.sha256,
  createdAt: row.created_at,
});
