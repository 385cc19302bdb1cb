import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Schema history: migrations[i] takes a database from `user_version` i to i + 1. Append only — a shipped step is
 * never edited, so every existing data directory can be brought forward.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE visitors (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
  ) STRICT;

  -- number is the platform's numeric conversation id: AUTOINCREMENT so a number is never handed out twice.
  CREATE TABLE conversations (
    number INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    visitor_id TEXT NOT NULL UNIQUE REFERENCES visitors (id),
    created_at TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    delivered_seq INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  CREATE TABLE messages (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq INTEGER NOT NULL,
    id TEXT NOT NULL UNIQUE,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    client_id TEXT,
    external_id TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
  ) STRICT, WITHOUT ROWID;
  CREATE UNIQUE INDEX messages_client_id ON messages (conversation_id, client_id) WHERE client_id IS NOT NULL;
  CREATE UNIQUE INDEX messages_external_id ON messages (conversation_id, external_id) WHERE external_id IS NOT NULL;

  -- ord is queue order (oldest first across conversations).
  CREATE TABLE outbox (
    ord INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    message_id TEXT NOT NULL REFERENCES messages (id),
    seq INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    UNIQUE (conversation_id, seq)
  ) STRICT;
  `,
  `
  -- Lets uploads reference (conversation, visitor) as a pair, so an upload can only belong to its visitor's conversation.
  CREATE UNIQUE INDEX conversations_id_visitor ON conversations (id, visitor_id);

  -- Visitor files; the bytes live under DATA_DIR/uploads, named by id. token is the secret in the public address.
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    visitor_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    FOREIGN KEY (conversation_id, visitor_id) REFERENCES conversations (id, visitor_id)
  ) STRICT;
  CREATE INDEX uploads_conversation ON uploads (conversation_id);
  `,
  `
  -- Identified visitors: the site's own user id (one visitor per id) and what the site says about them.
  ALTER TABLE visitors ADD COLUMN external_id TEXT;
  ALTER TABLE visitors ADD COLUMN name TEXT;
  ALTER TABLE visitors ADD COLUMN email TEXT;
  CREATE UNIQUE INDEX visitors_external_id ON visitors (external_id) WHERE external_id IS NOT NULL;
  `,
  `
  -- Message versions (edited, deleted, answered upstream): a version is a new row naming its original.
  ALTER TABLE messages ADD COLUMN replaces TEXT;
  -- The platform's own number for a message (Chatwoot's id): orders replies written in the same instant.
  ALTER TABLE messages ADD COLUMN platform_order INTEGER;
  CREATE INDEX messages_replaces ON messages (conversation_id, replaces, seq) WHERE replaces IS NOT NULL;

  -- What a provider keeps per visitor on its platform; the refs find the visitor of a platform push.
  CREATE TABLE links (
    visitor_id TEXT PRIMARY KEY REFERENCES visitors (id),
    contact_ref TEXT UNIQUE,
    conversation_ref TEXT UNIQUE,
    data TEXT NOT NULL
  ) STRICT;
  `,
  `
  -- Upload quotas. A visitor's bytes are summed over this covering index (a visitor has few uploads: their rate and
  -- quota bound them); the bytes of all uploads are a running total, kept by triggers in the same transaction as the
  -- row, so it never drifts and is read without scanning every upload.
  CREATE INDEX uploads_visitor ON uploads (visitor_id, size);
  CREATE TABLE upload_totals (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    bytes INTEGER NOT NULL
  ) STRICT;
  INSERT INTO upload_totals (id, bytes) SELECT 1, COALESCE(SUM(size), 0) FROM uploads;
  CREATE TRIGGER uploads_total_added AFTER INSERT ON uploads BEGIN
    UPDATE upload_totals SET bytes = bytes + NEW.size WHERE id = 1;
  END;
  CREATE TRIGGER uploads_total_removed AFTER DELETE ON uploads BEGIN
    UPDATE upload_totals SET bytes = bytes - OLD.size WHERE id = 1;
  END;
  CREATE TRIGGER uploads_total_resized AFTER UPDATE OF size ON uploads BEGIN
    UPDATE upload_totals SET bytes = bytes - OLD.size + NEW.size WHERE id = 1;
  END;
  `,
  `
  -- Retention. A visitor's last activity (ISO 8601, kept to the hour) lives beside last_seq, which every message
  -- already writes; until now the newest of the conversation's start, last message and last upload says it.
  ALTER TABLE conversations ADD COLUMN active_at TEXT NOT NULL DEFAULT '';
  UPDATE conversations SET active_at = MAX(
    created_at,
    COALESCE((SELECT m.created_at FROM messages m WHERE m.conversation_id = conversations.id ORDER BY m.seq DESC LIMIT 1), ''),
    COALESCE((SELECT MAX(u.created_at) FROM uploads u WHERE u.conversation_id = conversations.id), '')
  );
  CREATE INDEX conversations_active_at ON conversations (active_at);
  CREATE INDEX messages_created_at ON messages (created_at);

  -- When a message first sent an upload; NULL for one never sent (swept after a day). Uploads sent before this
  -- step are found by their public address (/files/<token>/) in their conversation's messages.
  ALTER TABLE uploads ADD COLUMN sent_at TEXT;
  UPDATE uploads SET sent_at = created_at
    WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = uploads.conversation_id AND instr(m.body, '/files/' || uploads.token || '/') > 0);
  CREATE INDEX uploads_unsent ON uploads (created_at) WHERE sent_at IS NULL;
  CREATE INDEX uploads_created_at ON uploads (created_at);
  `,
  `
  -- Who wrote a reply, where the platform says (a Chatwoot agent's name and picture), as JSON; NULL for the rest.
  ALTER TABLE messages ADD COLUMN sender TEXT;
  -- Every visitor message with seq <= read_seq was seen by an agent (where the platform reports it).
  ALTER TABLE conversations ADD COLUMN read_seq INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- Group commit. A message no longer writes its conversation's row: the next seq is one above both the newest
  -- message and last_seq, which now keeps only the seqs of deleted messages (raised before they are deleted). No data
  -- changes; the step is here so that a build from before it, which would count on from last_seq alone and hand out
  -- seqs already used, refuses this file instead.
  SELECT 1;
  `,
];

/** A database file that belongs to something else: Chatport never writes into it. */
export class ForeignDatabaseError extends Error {
  override readonly name = 'ForeignDatabaseError';
}

/** Refuses, before anything is written, a file that has tables but no Chatport schema version. */
const refuseForeign = (db: Database.Database): void => {
  if ((db.pragma('user_version', { simple: true }) as number) > 0) return;
  if ((db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n > 0) {
    throw new ForeignDatabaseError('the database holds tables of another application and no Chatport schema version');
  }
};

/** Brings the database up to the latest version, one transaction per step; refuses a database from a newer build. */
export const migrate = (db: Database.Database): number => {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this build understands (${migrations.length}); upgrade Chatport`);
  }
  migrations.slice(current).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + index + 1}`);
    })();
  });
  return migrations.length;
};

/** Opens (creating the directory and file if missing), configures and migrates the database file. */
export const openDatabase = (file: string): Database.Database => {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    refuseForeign(db);
    db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before append resolves, so an acknowledged message survives power loss.
    db.pragma('synchronous = FULL');
    // Another connection (a backup, an inspection) may hold the lock briefly: wait rather than fail.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};
