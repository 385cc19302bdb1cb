import type Database from 'better-sqlite3';
import { unknownVisitor } from '../ids.ts';
import type { PlatformLink, Store } from '../types.ts';

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

/** The platform-link half of the SQLite store. */
export const createSqliteLinks = (db: Database.Database): Pick<Store, 'getLink' | 'saveLink' | 'findLink'> => {
  const sql = {
    get: db.prepare<[string], LinkRow>('SELECT * FROM links WHERE visitor_id = ?'),
    byContact: db.prepare<[string], LinkRow>('SELECT * FROM links WHERE contact_ref = ?'),
    byConversation: db.prepare<[string], LinkRow>('SELECT * FROM links WHERE conversation_ref = ?'),
    visitor: db.prepare<[string], { id: string }>('SELECT id FROM visitors WHERE id = ?'),
    releaseContact: db.prepare<[string, string]>('UPDATE links SET contact_ref = NULL WHERE contact_ref = ? AND visitor_id <> ?'),
    releaseConversation: db.prepare<[string, string]>('UPDATE links SET conversation_ref = NULL WHERE conversation_ref = ? AND visitor_id <> ?'),
    upsert: db.prepare<[string, string | null, string | null, string]>(
      'INSERT INTO links (visitor_id, contact_ref, conversation_ref, data) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (visitor_id) DO UPDATE SET contact_ref = excluded.contact_ref, conversation_ref = excluded.conversation_ref, data = excluded.data',
    ),
  };
  // One transaction: a ref moves from its old holder to this visitor without a moment where both hold it.
  const save = db.transaction((link: PlatformLink) => {
    if (!sql.visitor.get(link.visitorId)) throw unknownVisitor(link.visitorId);
    if (link.contactRef !== undefined) sql.releaseContact.run(link.contactRef, link.visitorId);
    if (link.conversationRef !== undefined) sql.releaseConversation.run(link.conversationRef, link.visitorId);
    sql.upsert.run(link.visitorId, link.contactRef ?? null, link.conversationRef ?? null, JSON.stringify(link.data));
  });
  return {
    getLink: async (visitorId) => {
      const row = sql.get.get(visitorId);
      return row && toLink(row);
    },
    saveLink: async (link) => save(link),
    findLink: async (ref) => {
      const row = 'contactRef' in ref ? sql.byContact.get(ref.contactRef) : sql.byConversation.get(ref.conversationRef);
      return row && toLink(row);
    },
  };
};
