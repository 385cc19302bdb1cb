import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { BlobStore } from './blobs.ts';

export async function* chunks(...parts: string[]) {
  for (const part of parts) yield Buffer.from(part);
}
export async function* failing() {
  yield Buffer.from('partial bytes');
  throw new Error('client went away');
}

/** The contract every BlobStore passes; `open` gives a fresh, empty one for each test. */
export const blobContract = (name: string, open: () => BlobStore | Promise<BlobStore>) =>
  describe(`${name} blobs`, () => {
    it('stores streamed bytes and reads them back whole or by range', async () => {
      const blobs = await open();
      await blobs.put('u_one', chunks('hello ', 'wide ', 'world'));
      expect(await blobs.size('u_one')).toBe(16);
      expect(await text(blobs.read('u_one'))).toBe('hello wide world');
      expect(await text(blobs.read('u_one', { start: 6, end: 9 }))).toBe('wide');
      expect(await text(blobs.read('u_one', { start: 15, end: 15 }))).toBe('d');
    });

    it('keeps nothing when the source fails, and passes the error on', async () => {
      const blobs = await open();
      await expect(blobs.put('u_failed', failing())).rejects.toThrow('client went away');
      expect(await blobs.size('u_failed')).toBeUndefined();
    });

    it('removes a blob, and reports a missing one as undefined', async () => {
      const blobs = await open();
      await blobs.put('u_gone', chunks('x'));
      await blobs.remove('u_gone');
      await blobs.remove('u_never');
      expect(await blobs.size('u_gone')).toBeUndefined();
      await expect(text(blobs.read('u_gone'))).rejects.toThrow();
    });

    it('lists every stored key with when it was written, and forgets removed ones', async () => {
      const blobs = await open();
      const keysOf = async () => {
        const keys: string[] = [];
        for await (const key of blobs.keys()) keys.push(key);
        return keys.sort();
      };
      expect(await keysOf()).toEqual([]);
      const before = Date.now();
      await blobs.put('u_a', chunks('a'));
      await blobs.put('u_b', chunks('b'));
      await expect(blobs.put('u_failed', failing())).rejects.toThrow();
      expect(await keysOf()).toEqual(['u_a', 'u_b']);
      const at = await blobs.writtenAt('u_a');
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(Date.now() + 1000);
      await blobs.remove('u_a');
      expect(await keysOf()).toEqual(['u_b']);
      expect(await blobs.writtenAt('u_a')).toBeUndefined();
    });

    it('refuses keys that could name a path', async () => {
      const blobs = await open();
      for (const key of ['../escape', 'a/b', '', '.hidden', 'x'.repeat(101)]) {
        await expect(blobs.put(key, chunks('x'))).rejects.toThrow(/invalid blob key/);
        await expect(blobs.size(key)).rejects.toThrow(/invalid blob key/);
      }
    });
  });
