import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryBlobs, type BlobStore } from './blobs.ts';
import { createDiskBlobs } from './disk.ts';

const root = mkdtempSync(join(tmpdir(), 'chatport-blobs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function* chunks(...parts: string[]) {
  for (const part of parts) yield Buffer.from(part);
}
async function* failing() {
  yield Buffer.from('partial bytes');
  throw new Error('client went away');
}

const contract = (name: string, open: () => BlobStore) =>
  describe(`${name} blobs`, () => {
    it('stores streamed bytes and reads them back whole or by range', async () => {
      const blobs = open();
      await blobs.put('u_one', chunks('hello ', 'wide ', 'world'));
      expect(await blobs.size('u_one')).toBe(16);
      expect(await text(blobs.read('u_one'))).toBe('hello wide world');
      expect(await text(blobs.read('u_one', { start: 6, end: 9 }))).toBe('wide');
      expect(await text(blobs.read('u_one', { start: 15, end: 15 }))).toBe('d');
    });

    it('keeps nothing when the source fails, and passes the error on', async () => {
      const blobs = open();
      await expect(blobs.put('u_failed', failing())).rejects.toThrow('client went away');
      expect(await blobs.size('u_failed')).toBeUndefined();
    });

    it('removes a blob, and reports a missing one as undefined', async () => {
      const blobs = open();
      await blobs.put('u_gone', chunks('x'));
      await blobs.remove('u_gone');
      await blobs.remove('u_never');
      expect(await blobs.size('u_gone')).toBeUndefined();
      await expect(text(blobs.read('u_gone'))).rejects.toThrow();
    });

    it('lists every stored key with when it was written, and forgets removed ones', async () => {
      const blobs = open();
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
      const blobs = open();
      for (const key of ['../escape', 'a/b', '', '.hidden', 'x'.repeat(101)]) {
        await expect(blobs.put(key, chunks('x'))).rejects.toThrow(/invalid blob key/);
        await expect(blobs.size(key)).rejects.toThrow(/invalid blob key/);
      }
    });
  });

contract('memory', () => createMemoryBlobs());
let counter = 0;
contract('disk', () => createDiskBlobs({ dir: join(root, `case-${++counter}`, 'uploads') }));

describe('disk blobs', () => {
  it('writes one private file per blob, named by key, and leaves no temporary file behind', async () => {
    const dir = join(root, 'layout', 'uploads');
    const blobs = createDiskBlobs({ dir });
    await blobs.put('u_kept', chunks('abc'));
    await expect(blobs.put('u_broken', failing())).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['u_kept']);
    if (process.platform !== 'win32') expect(statSync(join(dir, 'u_kept')).mode & 0o777).toBe(0o600);
  });

  it('lets a second instance on the same directory read what the first wrote (a restart)', async () => {
    const dir = join(root, 'restart', 'uploads');
    await createDiskBlobs({ dir }).put('u_durable', chunks('still here'));
    expect(await text(createDiskBlobs({ dir }).read('u_durable'))).toBe('still here');
  });
});
