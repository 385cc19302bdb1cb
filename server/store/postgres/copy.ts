import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { BlobStore } from '../../uploads/blobs.ts';
import { transaction } from './database.ts';

type Row = Record<string, unknown>;

/** One table as it is copied: its columns (the same in both schemas), its SQLite order and the id Postgres finds it by. */
interface Table {
  name: string;
  /** What is shown in progress lines and refusals. */
  label: string;
  columns: string[];
  /** SQLite keyset order, columns that are unique together (read page by page, never all at once). */
  order: string[];
  /** The column a target row is found by. */
  id: string;
  /** Columns read from SQLite through an expression rather than as stored. */
  computed?: Record<string, string>;
}

/** Parents before children, so every row's references are already in; the queue last. */
const TABLES: Table[] = [
  { name: 'visitors', label: 'visitors', columns: ['id', 'created_at', 'external_id', 'name', 'email'], order: ['id'], id: 'id' },
  {
    name: 'conversations',
    label: 'conversations',
    columns: ['number', 'id', 'visitor_id', 'created_at', 'last_seq', 'delivered_seq', 'active_at', 'read_seq'],
    order: ['number'],
    id: 'id',
    // SQLite counts a conversation's seqs from its newest message (last_seq keeps only those of deleted ones);
    // Postgres counts from last_seq alone, so it gets the highest of the two.
    computed: { last_seq: 'MAX(last_seq, COALESCE((SELECT m.seq FROM messages m WHERE m.conversation_id = conversations.id ORDER BY m.seq DESC LIMIT 1), 0))' },
  },
  {
    name: 'messages',
    label: 'messages',
    columns: ['conversation_id', 'seq', 'id', 'author', 'body', 'client_id', 'external_id', 'created_at', 'replaces', 'platform_order', 'sender'],
    order: ['conversation_id', 'seq'],
    id: 'id',
  },
  { name: 'links', label: 'platform links', columns: ['visitor_id', 'contact_ref', 'conversation_ref', 'data'], order: ['visitor_id'], id: 'visitor_id' },
  {
    name: 'uploads',
    label: 'upload records',
    columns: ['id', 'token', 'visitor_id', 'conversation_id', 'name', 'mime', 'kind', 'size', 'sha256', 'created_at', 'sent_at'],
    order: ['id'],
    id: 'id',
  },
  // Queue order (ord) is kept by copying in it: the target numbers the rows afresh, in the same order.
  { name: 'outbox', label: 'queued deliveries', columns: ['id', 'conversation_id', 'message_id', 'seq', 'attempts', 'next_attempt_at', 'last_error'], order: ['ord'], id: 'id' },
];

/** Rows per page: a page is one multi-row INSERT (≤ 11 columns × 500 rows, well under Postgres' parameter limit). */
const PAGE = 500;

/** The target holds different data under an id the source has: the copy stops and keeps nothing of its rows. */
export class CopyConflictError extends Error {
  override readonly name = 'CopyConflictError';
}

/** A table (or the upload files) advanced: `done` of `total` rows (files) so far. */
export type CopyProgress = (step: { label: string; done: number; total: number }) => void;

export interface CopyCounts {
  /** Rows written per table label. */
  copied: Record<string, number>;
  /** Rows that were there already, identical, per table label. */
  present: Record<string, number>;
  files: { copied: number; present: number; bytes: number; missing: string[] };
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/**
 * Copies one table page by page. Each page is one INSERT … ON CONFLICT DO NOTHING: a row already there (an earlier
 * run) is compared column by column and must be identical, else the copy is refused by naming the row.
 */
const copyTable = async (source: Database.Database, target: pg.PoolClient, table: Table, progress: CopyProgress, counts: CopyCounts) => {
  const total = (source.prepare(`SELECT COUNT(*) AS n FROM ${table.name}`).get() as { n: number }).n;
  const keys = table.order.join(', ');
  const select = [...new Set([...table.columns, ...table.order])].map((column) => (table.computed?.[column] ? `${table.computed[column]} AS ${column}` : column)).join(', ');
  const first = source.prepare(`SELECT ${select} FROM ${table.name} ORDER BY ${keys} LIMIT ?`);
  const next = source.prepare(`SELECT ${select} FROM ${table.name} WHERE (${keys}) > (${table.order.map(() => '?').join(', ')}) ORDER BY ${keys} LIMIT ?`);
  let done = 0;
  let copied = 0;
  let last: Row | undefined;
  progress({ label: table.label, done, total });
  for (;;) {
    const rows = (last ? next.all(...table.order.map((key) => last![key]), PAGE) : first.all(PAGE)) as Row[];
    if (rows.length === 0) break;
    const values = rows.flatMap((row) => table.columns.map((column) => row[column] ?? null));
    const tuples = rows.map((_, r) => `(${table.columns.map((_, c) => `$${r * table.columns.length + c + 1}`).join(', ')})`).join(', ');
    const inserted = await target.query<{ id: string }>(
      `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${tuples} ON CONFLICT DO NOTHING RETURNING ${table.id} AS id`,
      values,
    );
    copied += inserted.rowCount ?? 0;
    const fresh = new Set(inserted.rows.map((row) => row.id));
    const already = rows.filter((row) => !fresh.has(row[table.id] as string));
    if (already.length > 0) {
      const found = await target.query<Row>(`SELECT ${table.columns.join(', ')} FROM ${table.name} WHERE ${table.id} = ANY($1)`, [already.map((row) => row[table.id])]);
      const byId = new Map(found.rows.map((row) => [row[table.id], row]));
      for (const row of already) {
        const there = byId.get(row[table.id]);
        const id = String(row[table.id]);
        // Another row holds one of its unique values (a conversation number, a token): not a copy of this one.
        if (!there)
          throw new CopyConflictError(
            `the target already holds another row with one of the unique values of ${table.label} ${id} (a conversation number, a file token, a platform ref)`,
          );
        const differs = table.columns.find((column) => !same(row[column], there[column]));
        if (differs) throw new CopyConflictError(`the target already holds ${table.label} ${id} with different data (${differs})`);
      }
    }
    done += rows.length;
    last = rows.at(-1);
    progress({ label: table.label, done, total });
  }
  counts.copied[table.label] = copied;
  counts.present[table.label] = done - copied;
};

/**
 * New conversations on Postgres get numbers after every number SQLite ever handed out (its AUTOINCREMENT counter
 * remembers erased ones too), and after any the target had already.
 */
const advanceNumbers = async (source: Database.Database, target: pg.PoolClient) => {
  const sqliteCounter = (source.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'conversations'").get() as { seq: number } | undefined)?.seq ?? 0;
  // Quoted and schema-qualified by Postgres itself.
  const sequence = (await target.query<{ name: string }>("SELECT pg_get_serial_sequence('conversations', 'number') AS name")).rows[0]!.name;
  const state = (
    await target.query<{ max: number; last: number; called: boolean }>(
      `SELECT (SELECT COALESCE(max(number), 0) FROM conversations) AS max, last_value AS last, is_called AS called FROM ${sequence}`,
    )
  ).rows[0]!;
  const highest = Math.max(sqliteCounter, state.max, state.called ? state.last : 0);
  if (highest > 0) await target.query('SELECT setval($1, $2, true)', [sequence, highest]);
};

const sha256Of = async (stream: AsyncIterable<unknown>) => {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Uint8Array);
  return hash.digest('hex');
};

type UploadRef = { id: string; sha256: string; size: number };

/**
 * Upload bytes the target already holds (an earlier run) must be the same bytes, by the record's SHA-256: checked
 * before the rows are committed, so a refusal leaves the target as it was. Returns the ids already there.
 */
const checkFiles = async (uploads: UploadRef[], to: BlobStore): Promise<Set<string>> => {
  const present = new Set<string>();
  for (const upload of uploads) {
    const size = await to.size(upload.id);
    if (size === undefined) continue;
    if (size !== upload.size || (await sha256Of(to.read(upload.id))) !== upload.sha256)
      throw new CopyConflictError(`the target already holds upload ${upload.id} with different bytes`);
    present.add(upload.id);
  }
  return present;
};

/**
 * The upload bytes not there yet, each file once; one cut short (an earlier run stopped mid-file) is written
 * again. A file the source lacks (removed by retention since its record was read) is reported, not fatal.
 */
const copyFiles = async (uploads: UploadRef[], present: Set<string>, from: BlobStore, to: BlobStore, progress: CopyProgress, counts: CopyCounts) => {
  const label = 'upload files';
  progress({ label, done: 0, total: uploads.length });
  for (const [index, upload] of uploads.entries()) {
    if (present.has(upload.id)) counts.files.present++;
    else if ((await from.size(upload.id)) === undefined) counts.files.missing.push(upload.id);
    else {
      await to.remove(upload.id);
      await to.put(upload.id, from.read(upload.id));
      counts.files.copied++;
      counts.files.bytes += upload.size;
    }
    progress({ label, done: index + 1, total: uploads.length });
  }
};

export interface CopyOptions {
  /** The SQLite database (at this build's schema version; the relay stopped). */
  source: Database.Database;
  /** Its upload files (DATA_DIR/uploads). */
  sourceBlobs: BlobStore;
  /** The Postgres store's pool (migrated) and its blobs. */
  pool: pg.Pool;
  targetBlobs: BlobStore;
  progress?: CopyProgress;
}

/**
 * Copies everything a SQLite relay keeps into a Postgres database: visitors, conversations (numbers, seq counters,
 * delivery marks), messages (seq, versions, external ids, platform order), platform links, upload records, the
 * queued deliveries, then the upload bytes. The rows go in one transaction, read from one SQLite snapshot, and
 * everything already in the target is checked before it commits: a refusal or a failure leaves the rows as they
 * were. The bytes follow, file by file. Running it again copies nothing twice and finishes what a stopped run began.
 */
export const copySqliteToPostgres = async ({ source, sourceBlobs, pool, targetBlobs, progress = () => undefined }: CopyOptions): Promise<CopyCounts> => {
  const counts: CopyCounts = { copied: {}, present: {}, files: { copied: 0, present: 0, bytes: 0, missing: [] } };
  // One read transaction: every page comes from the same snapshot, whatever else touches the file.
  source.exec('BEGIN');
  let uploads: UploadRef[];
  let present: Set<string>;
  try {
    uploads = source.prepare('SELECT id, sha256, size FROM uploads ORDER BY id').all() as UploadRef[];
    present = await transaction(pool, async (target) => {
      for (const table of TABLES) await copyTable(source, target, table, progress, counts);
      await advanceNumbers(source, target);
      return checkFiles(uploads, targetBlobs);
    });
  } finally {
    source.exec('COMMIT');
  }
  await copyFiles(uploads, present, sourceBlobs, targetBlobs, progress, counts);
  return counts;
};
