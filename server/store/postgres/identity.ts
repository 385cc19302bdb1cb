import type pg from 'pg';
import type { Conversation, Store, Visitor } from '../types.ts';
import { transaction, type Queryable } from './database.ts';
import { CONVERSATION, toConversation, toVisitor, VISITOR, type ConversationRow, type VisitorRow } from '../rows.ts';

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
