import { createHash, randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestSchema, enginesProblem, postgresAdminUrl, type TestDatabase } from '../integration/databases.testing.ts';
import { createPostgresStore, type PostgresStore } from '../store/postgres/index.ts';
import { blobContract, chunks } from './blobs.testing.ts';
import { createPostgresBlobs } from './postgres.ts';

const adminUrl = postgresAdminUrl();

describe.skipIf(!adminUrl)(`postgres blobs${adminUrl ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  let database: TestDatabase;
  const stores: PostgresStore[] = [];
  let counter = 0;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl!, 'blobs');
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await database.drop();
  });
  /** A pool on `url` (migrated: the blob tables come with the store's schema), as a relay's store holds it. */
  const poolOn = async (url: string, poolSize?: number): Promise<pg.Pool> => {
    const store = await createPostgresStore({ url, ...(poolSize ? { poolSize } : {}) });
    stores.push(store);
    return store.pool;
  };
  /** The pool of a fresh schema. */
  const freshPool = async (poolSize?: number) => poolOn(await createTestSchema(database.url, `b_${++counter}`), poolSize);
  const bytesOf = async (stream: NodeJS.ReadableStream) => {
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  };

  blobContract('postgres', async () => createPostgresBlobs({ pool: await freshPool() }));
  // Four-byte chunks: every read and range in the contract crosses chunk boundaries.
  blobContract('postgres (tiny chunks)', async () => createPostgresBlobs({ pool: await freshPool(), chunkBytes: 4, chunksPerRead: 2 }));

  it('keeps a 10 MB file as bounded chunk rows and gives back the same bytes, whole and by range', async () => {
    const pool = await freshPool();
    const blobs = createPostgresBlobs({ pool });
    const file = randomBytes(10 * 1024 * 1024);
    // Arriving in odd-sized pieces, as a request body does.
    async function* pieces() {
      for (let at = 0; at < file.length; at += 65_537) yield file.subarray(at, at + 65_537);
    }
    await blobs.put('u_big', pieces());
    expect(await blobs.size('u_big')).toBe(file.length);
    const { rows } = await pool.query<{ n: number; max: number }>('SELECT count(*)::int AS n, max(length(bytes)) AS max FROM blob_chunks WHERE key = $1', ['u_big']);
    expect(rows[0]).toEqual({ n: 40, max: 256 * 1024 });
    const back = await bytesOf(blobs.read('u_big'));
    expect(createHash('sha256').update(back).digest('hex')).toBe(createHash('sha256').update(file).digest('hex'));
    const range = { start: 256 * 1024 - 3, end: 3 * 256 * 1024 + 9 };
    expect((await bytesOf(blobs.read('u_big', range))).equals(file.subarray(range.start, range.end + 1))).toBe(true);
    await blobs.remove('u_big');
    expect((await pool.query('SELECT 1 FROM blob_chunks WHERE key = $1', ['u_big'])).rowCount).toBe(0);
  });

  it('holds no pooled connection while an upload waits for its next bytes', async () => {
    const pool = await freshPool(1);
    const blobs = createPostgresBlobs({ pool, chunkBytes: 4 });
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    let halfway!: () => void;
    const reachedHalfway = new Promise<void>((resolve) => (halfway = resolve));
    async function* slow() {
      yield Buffer.from('first chunk ');
      halfway();
      await paused;
      yield Buffer.from('second chunk');
    }
    const writing = blobs.put('u_slow', slow());
    await reachedHalfway;
    // The pool has one connection: this query gets it while the upload waits.
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect(await blobs.size('u_slow')).toBeUndefined();
    resume();
    await writing;
    expect(await text(blobs.read('u_slow'))).toBe('first chunk second chunk');
  });

  it('serves what one relay wrote to another relay on the same database', async () => {
    const url = await createTestSchema(database.url, `b_${++counter}`);
    await createPostgresBlobs({ pool: await poolOn(url) }).put('u_shared', chunks('written ', 'here'));
    expect(await text(createPostgresBlobs({ pool: await poolOn(url) }).read('u_shared'))).toBe('written here');
  });

  it('never serves a write cut short by a crash, and lists it with when it began so the sweep removes it', async () => {
    const pool = await freshPool();
    const blobs = createPostgresBlobs({ pool, now: () => 1_000 });
    // What a relay that died mid-upload leaves: the blob's row, not complete, and some of its chunks.
    await pool.query("INSERT INTO blobs (key, chunk_bytes, written_at) VALUES ('u_cut', 4, 500)");
    await pool.query("INSERT INTO blob_chunks (key, n, bytes) VALUES ('u_cut', 0, '\\x61626364')");
    expect(await blobs.size('u_cut')).toBeUndefined();
    await expect(text(blobs.read('u_cut'))).rejects.toThrow(/no blob/);
    const keys: string[] = [];
    for await (const key of blobs.keys()) keys.push(key);
    expect(keys).toEqual(['u_cut']);
    expect(await blobs.writtenAt('u_cut')).toBe(500);
    await blobs.remove('u_cut');
    expect((await pool.query('SELECT 1 FROM blob_chunks')).rowCount).toBe(0);
  });

  it('lists more keys than one page holds', async () => {
    const pool = await freshPool();
    await pool.query("INSERT INTO blobs (key, size, chunk_bytes, written_at, complete) SELECT 'u_' || lpad(i::text, 5, '0'), 0, 4, 0, true FROM generate_series(1, 2345) i");
    const keys: string[] = [];
    for await (const key of createPostgresBlobs({ pool }).keys()) keys.push(key);
    expect(keys).toHaveLength(2345);
    expect(new Set(keys).size).toBe(2345);
  });
});
