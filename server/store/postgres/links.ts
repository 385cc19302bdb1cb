import type pg from 'pg';
import { unknownVisitor } from '../ids.ts';
import type { PlatformLink, Store } from '../types.ts';
import { sqlState, transaction } from './database.ts';

interface LinkRow {
  visitor_id: string;
  contact_ref: string | null;
  conversation_ref: string | null;
  data: string;
}

const toLink = (row: LinkRow): PlatformLink => ({
  visitorId: row.visitor_id,
  ...(row.contact_ref === null ? {} : { contactRef: row.contact_ref }),
  ...(row.conversation_ref === null ? {} : { conversationRef: row.conversation_ref }),
  data: JSON.parse(row.data) as Record<string, unknown>,
});

const LINK = 'SELECT visitor_id, contact_ref, conversation_ref, data FROM links';

/** The platform-link half of the Postgres store. */
export const createPostgresLinks = (pool: pg.Pool): Pick<Store, 'getLink' | 'saveLink' | 'findLink'> => {
  const find = async (sql: string, value: string) => {
    const row = (await pool.query<LinkRow>(sql, [value])).rows[0];
    return row && toLink(row);
  };
  // One transaction: a ref moves from its old holder to this visitor without a moment where both hold it.
  const save = (link: PlatformLink) =>
    transaction(pool, async (db) => {
      if ((await db.query('SELECT 1 FROM visitors WHERE id = $1', [link.visitorId])).rowCount === 0) throw unknownVisitor(link.visitorId);
      if (link.contactRef !== undefined) await db.query('UPDATE links SET contact_ref = NULL WHERE contact_ref = $1 AND visitor_id <> $2', [link.contactRef, link.visitorId]);
      if (link.conversationRef !== undefined)
        await db.query('UPDATE links SET conversation_ref = NULL WHERE conversation_ref = $1 AND visitor_id <> $2', [link.conversationRef, link.visitorId]);
      await db.query(
        'INSERT INTO links (visitor_id, contact_ref, conversation_ref, data) VALUES ($1, $2, $3, $4) ' +
          'ON CONFLICT (visitor_id) DO UPDATE SET contact_ref = excluded.contact_ref, conversation_ref = excluded.conversation_ref, data = excluded.data',
        [link.visitorId, link.contactRef ?? null, link.conversationRef ?? null, JSON.stringify(link.data)],
      );
    });
  return {
    getLink: (visitorId) => find(`${LINK} WHERE visitor_id = $1`, visitorId),
    saveLink: async (link) => {
      // Two visitors saving the same ref at once: the later insert meets the earlier one's ref and tries again,
      // now seeing it, and takes it over.
      for (let attempt = 1; ; attempt++) {
        try {
          return await save(link);
        } catch (error) {
          if (attempt >= 3 || sqlState(error) !== '23505') throw error;
        }
      }
    },
    findLink: (ref) => ('contactRef' in ref ? find(`${LINK} WHERE contact_ref = $1`, ref.contactRef) : find(`${LINK} WHERE conversation_ref = $1`, ref.conversationRef)),
  };
};
