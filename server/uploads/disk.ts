import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, opendir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { checkKey, type BlobStore } from './blobs.ts';

const writeAll = async (handle: FileHandle, chunk: Uint8Array): Promise<void> => {
  for (let done = 0; done < chunk.length; ) done += (await handle.write(chunk, done, chunk.length - done)).bytesWritten;
};

/** Makes a rename durable; some platforms cannot open a directory for sync, and lose nothing by skipping it. */
const syncDirectory = async (dir: string): Promise<void> => {
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
};

/**
 * One file per blob under `dir` (DATA_DIR/uploads), named by key. A blob is written to a temporary file, synced,
 * then renamed into place, so a crash never leaves a half-written file under a real name.
 */
export const createDiskBlobs = ({ dir }: { dir: string }): BlobStore => {
  const path = (key: string) => join(dir, checkKey(key));
  let ready: Promise<unknown> | undefined;

  return {
    async put(key, source) {
      const target = path(key);
      await (ready ??= mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
        ready = undefined; // try again next time (e.g. after the disk was remounted)
        throw error;
      }));
      const temp = join(dir, `.${key}.${randomBytes(6).toString('hex')}.part`);
      const handle = await open(temp, 'wx', 0o600);
      try {
        for await (const chunk of source) await writeAll(handle, chunk);
        await handle.sync();
        await handle.close();
      } catch (error) {
        await handle.close().catch(() => undefined);
        await rm(temp, { force: true });
        throw error;
      }
      await rename(temp, target);
      await syncDirectory(dir);
    },
    async size(key) {
      try {
        return (await stat(path(key))).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    read(key, range): Readable {
      return createReadStream(path(key), range ?? {});
    },
    async remove(key) {
      await rm(path(key), { force: true });
    },
    // Streams the directory, so a million files never sit in memory at once; temporary .part files are not keys.
    async *keys() {
      let entries;
      try {
        entries = await opendir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for await (const entry of entries) if (entry.isFile() && /^[A-Za-z0-9_-]{1,100}$/.test(entry.name)) yield entry.name;
    },
    async writtenAt(key) {
      try {
        return (await stat(path(key))).mtimeMs;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
};
