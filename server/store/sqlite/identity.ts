import type Database from 'better-sqlite3';
import type { Conversation, IdentityDraft, Store, Visitor } from '../types.ts';

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

type Created = { visitor: Visitor; conversation: Conversation };

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
  deliveredSeq: row.delivered_seq,
  ...(row.read_seq > 0 ? { readSeq: row.read_seq } : {}),
});

/** The identified-visitor half of the SQLite store; `create` makes a visitor bound to an external id (in a transaction). */
export const createSqliteIdentity = (
  db: Database.Database,
  create: (externalId: string) => Created,
): ((identity: IdentityDraft) => Awaited<ReturnType<Store['identifyVisitor']>>) => {
  const sql = {
    byExternal: db.prepare<[string], VisitorRow>(`${VISITOR} WHERE v.external_id = ?`),
    // A NULL parameter keeps the stored value; '' clears it.
    update: db.prepare<[{ name: string | null; email: string | null; id: string }]>(
      "UPDATE visitors SET name = CASE WHEN @name IS NULL THEN name ELSE NULLIF(@name, '') END, email = CASE WHEN @email IS NULL THEN email ELSE NULLIF(@email, '') END WHERE id = @id",
    ),
    conversation: db.prepare<[string], ConversationRow>(`${CONVERSATION} WHERE id = ?`),
  };
  // One transaction: two first visits with the same id find or create the same visitor.
  return db.transaction(({ externalId, name, email }: IdentityDraft) => {
    const known = sql.byExternal.get(externalId);
    const visitorId = known?.id ?? create(externalId).visitor.id;
    if (name !== undefined || email !== undefined) sql.update.run({ name: name ?? null, email: email ?? null, id: visitorId });
    const visitor = toVisitor(sql.byExternal.get(externalId)!);
    const row = sql.conversation.get(visitor.conversationId)!;
    const conversation: Conversation = toConversation(row);
    return { visitor, conversation, created: !known };
  });
};
