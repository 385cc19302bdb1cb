import { Readable } from 'node:stream';
import type { ByteRange } from './range.ts';

/** Where upload bytes live, by key (the upload id). */
export interface BlobStore {
  /**
   * Stores what `source` yields under `key`, all or nothing: when `source` throws, nothing is kept and the error
   * is rethrown. Keys are fresh upload ids: a key is never written twice.
   */
  put(key: string, source: AsyncIterable<Uint8Array>): Promise<void>;
  /** Size in bytes, or undefined when there is no such blob. */
  size(key: string): Promise<number | undefined>;
  /** The bytes from start to end inclusive, or all of them. */
  read(key: string, range?: ByteRange): Readable;
  remove(key: string): Promise<void>;
  /** Every stored key, in no particular order (sweeping bytes whose record is gone). */
  keys(): AsyncIterable<string>;
  /** When the blob was written (epoch ms), or undefined when there is no such blob. */
  writtenAt(key: string): Promise<number | undefined>;
}

/** Keys become file names: only what an id is made of, so no key can name a path. */
export const checkKey = (key: string): string => {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(key)) throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
  return key;
};

/** Bytes in process memory: for tests and the memory store. `now` stamps when each was written. */
export const createMemoryBlobs = ({ now = Date.now }: { now?: () => number } = {}): BlobStore => {
  const blobs = new Map<string, Buffer>();
  const written = new Map<string, number>();
  return {
    async put(key, source) {
      checkKey(key);
      const chunks: Buffer[] = [];
      for await (const chunk of source) chunks.push(Buffer.from(chunk));
      blobs.set(key, Buffer.concat(chunks));
      written.set(key, now());
    },
    async size(key) {
      return blobs.get(checkKey(key))?.length;
    },
    read(key, range) {
      const blob = blobs.get(checkKey(key));
      if (!blob)
        return Readable.from(
          // biome-ignore lint/correctness/useYield: a stream that fails on its first read, as a missing file does
          (async function* () {
            throw new Error(`no blob ${key}`);
          })(),
        );
      return Readable.from([range ? blob.subarray(range.start, range.end + 1) : blob]);
    },
    async remove(key) {
      blobs.delete(checkKey(key));
      written.delete(key);
    },
    async *keys() {
      yield* [...blobs.keys()];
    },
    async writtenAt(key) {
      return written.get(checkKey(key));
    },
  };
};
