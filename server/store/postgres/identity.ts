import type pg from 'pg';
import type { Conversation, Store, Visitor } from '../types.ts';
import { transaction, type Queryable } from './database.ts';

export interface VisitorRow {
  id: string;
  created_at: string;
  conversation_id: string;
  external_id: string | null;
  name: string | null;
  email: string | null;
}
export interface ConversationRow {
  id: string;
  number: number;
  visitor_id: string;
  created_at: string;
  delivered_seq: number;
  read_seq: number;
}

export const VISITOR = 'SELECT v.id, v.created_at, c.id AS conversation_id, v.external_id, v.name, v.email FROM visitors v JOIN conversations c ON c.visitor_id = v.id';
export const CONVERSATION = 'SELECT id, number, visitor_id, created_at, delivered_seq, read_seq FROM conversations';

export const toVisitor = (row: VisitorRow): Visitor => ({
  id: row.id,
  conversationId: row.conversation_id,
  createdAt: row.created_at,
  ...(row.external_id === null ? {} : { externalId: row.external_id }),
  ...(row.name === null ? {} : { name: row.name }),
  ...(row.email === null ? {} : { email: row.email }),
});

export const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  number: row.number,
  visitorId: row.visitor_id,
  createdAt: row.created_at,
  deliveredSeq: Number(row.delivered_seq),
  ...(Number(row.read_seq) > 0 ? { readSeq: Number(row.read_seq) } : {}),
});

type Created = { visitor: Visitor; conversation: Conversation };

/**
 * The identified-visitor half of the Postgres store. The unique index on external_id settles a race: of two first
 * visits with one id, one creates the visitor and the other's insert waits for it, then finds it.
 */
export const createPostgresIdentity = (pool: pg.Pool, create: (db: Queryable, externalId: string) => Promise<Created>): Store['identifyVisitor'] => {
  const find = async (db: Queryable, externalId: string) => (await db.query<VisitorRow>(`${VISITOR} WHERE v.external_id = $1`, [externalId])).rows[0];
  return ({ externalId, name, email }) =>
    transaction(pool, async (db) => {
      let created = false;
      if (!(await find(db, externalId))) {
        // A savepoint: losing the race to another first visit must not abort this transaction.
        await db.query('SAVEPOINT first_visit');
        try {
          await create(db, externalId);
          created = true;
        } catch (error) {
          if ((error as { code?: string }).code !== '23505') throw error;
          await db.query('ROLLBACK TO SAVEPOINT first_visit');
        }
      }
      if (name !== undefined || email !== undefined) {
        // A NULL parameter keeps the stored value; '' clears it.
        await db.query(
          "UPDATE visitors SET name = CASE WHEN $1::text IS NULL THEN name ELSE NULLIF($1, '') END, email = CASE WHEN $2::text IS NULL THEN email ELSE NULLIF($2, '') END WHERE external_id = $3",
          [name ?? null, email ?? null, externalId],
        );
      }
      const visitor = toVisitor((await find(db, externalId))!);
      const row = (await db.query<ConversationRow>(`${CONVERSATION} WHERE id = $1`, [visitor.conversationId])).rows[0]!;
      return { visitor, conversation: toConversation(row), created };
    });
};
