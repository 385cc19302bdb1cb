import type Database from 'better-sqlite3';
import type { Conversation, IdentityDraft, Store, Visitor } from '../types.ts';
import { CONVERSATION, toConversation, toVisitor, VISITOR, type ConversationRow, type VisitorRow } from '../rows.ts';

type Created = { visitor: Visitor; conversation: Conversation };

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
