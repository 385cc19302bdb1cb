import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryBlobs } from './blobs.ts';
import { blobContract, chunks, failing } from './blobs.testing.ts';
import { createDiskBlobs } from './disk.ts';

const root = mkdtempSync(join(tmpdir(), 'chatport-blobs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

blobContract('memory', () => createMemoryBlobs());
let counter = 0;
blobContract('disk', () => createDiskBlobs({ dir: join(root, `case-${++counter}`, 'uploads') }));

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
