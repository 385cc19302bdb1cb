import { Readable } from 'node:stream';
import type pg from 'pg';
import { checkKey, type BlobStore } from './blobs.ts';

export interface PostgresBlobsOptions {
  /** The Postgres store's pool: the bytes live in the same database as the records that name them. */
  pool: pg.Pool;
  /** Bytes per stored chunk (a row, and one statement's parameter). */
  chunkBytes?: number;
  /** Chunks fetched per query when reading. */
  chunksPerRead?: number;
  now?: () => number;
}

/**
 * Upload bytes in Postgres, so every relay on the database serves every file. A blob is a row plus its bytes in
 * fixed-size chunk rows, written one statement at a time as they stream in: a slow upload never holds a pooled
 * connection between chunks, and a 10 MB file is never one giant parameter. The blob becomes readable only when
 * its last chunk is in (`complete`); a failed write removes what it wrote; one cut short by a crash stays listed
 * by `keys`, so the stray-file sweep removes it a day later.
 */
export const createPostgresBlobs = ({ pool, chunkBytes = 256 * 1024, chunksPerRead = 4, now = Date.now }: PostgresBlobsOptions): BlobStore => {
  const insertChunk = (key: string, n: number, bytes: Buffer) => pool.query('INSERT INTO blob_chunks (key, n, bytes) VALUES ($1, $2, $3)', [key, n, bytes]);

  async function* chunksOf(key: string, start: number, end: number, size: number, stored: number): AsyncGenerator<Buffer> {
    if (size === 0) return;
    const first = Math.floor(start / stored);
    const last = Math.floor(end / stored);
    for (let from = first; from <= last; from += chunksPerRead) {
      const to = Math.min(last, from + chunksPerRead - 1);
      const { rows } = await pool.query<{ bytes: Buffer }>('SELECT bytes FROM blob_chunks WHERE key = $1 AND n BETWEEN $2 AND $3 ORDER BY n', [key, from, to]);
      if (rows.length !== to - from + 1) throw new Error(`blob ${key} was removed while it was read`);
      for (const [index, { bytes }] of rows.entries()) {
        const offset = (from + index) * stored;
        yield bytes.subarray(Math.max(0, start - offset), Math.min(bytes.length, end - offset + 1));
      }
    }
  }

  return {
    async put(key, source) {
      checkKey(key);
      await pool.query('INSERT INTO blobs (key, chunk_bytes, written_at) VALUES ($1, $2, $3)', [key, chunkBytes, now()]);
      let n = 0;
      let size = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      try {
        for await (const piece of source) {
          pending.push(Buffer.from(piece));
          pendingBytes += piece.length;
          while (pendingBytes >= chunkBytes) {
            const joined = Buffer.concat(pending, pendingBytes);
            await insertChunk(key, n++, joined.subarray(0, chunkBytes));
            pending = [joined.subarray(chunkBytes)];
            pendingBytes -= chunkBytes;
          }
          size += piece.length;
        }
        if (pendingBytes > 0) await insertChunk(key, n++, Buffer.concat(pending, pendingBytes));
        await pool.query('UPDATE blobs SET size = $2, complete = true, written_at = $3 WHERE key = $1', [key, size, now()]);
      } catch (error) {
        await pool.query('DELETE FROM blobs WHERE key = $1', [key]).catch(() => undefined);
        throw error;
      }
    },
    async size(key) {
      return (await pool.query<{ size: number }>('SELECT size FROM blobs WHERE key = $1 AND complete', [checkKey(key)])).rows[0]?.size;
    },
    read(key, range) {
      const stream = async function* () {
        const found = (await pool.query<{ size: number; chunk_bytes: number }>('SELECT size, chunk_bytes FROM blobs WHERE key = $1 AND complete', [checkKey(key)])).rows[0];
        if (!found) throw new Error(`no blob ${key}`);
        yield* chunksOf(key, range?.start ?? 0, range?.end ?? found.size - 1, found.size, found.chunk_bytes);
      };
      return Readable.from(stream());
    },
    async remove(key) {
      await pool.query('DELETE FROM blobs WHERE key = $1', [checkKey(key)]);
    },
    // Page by page in key order, so a million blobs never sit in memory at once.
    async *keys() {
      let after = '';
      for (;;) {
        const { rows } = await pool.query<{ key: string }>('SELECT key FROM blobs WHERE key > $1 ORDER BY key LIMIT 1000', [after]);
        for (const row of rows) yield row.key;
        if (rows.length < 1000) return;
        after = rows.at(-1)!.key;
      }
    },
    async writtenAt(key) {
      return (await pool.query<{ written_at: number }>('SELECT written_at FROM blobs WHERE key = $1', [checkKey(key)])).rows[0]?.written_at;
    },
  };
};
