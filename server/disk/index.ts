import { statfs as statfsOfNode } from 'node:fs/promises';
import type { FreeSpace, StorageSettings } from '../config/storage.ts';
import { HttpError } from '../http/errors.ts';
import type { Logger } from '../log.ts';

/** What the relay reads of `fs.statfs`: blocks free to unprivileged users, block size, blocks in all. */
export interface DiskStats {
  bavail: number;
  bsize: number;
  blocks: number;
}
export type Statfs = (path: string) => Promise<DiskStats>;

/** `ok`: everything is accepted; `low`: uploads are refused; `full`: new messages are refused too. */
export type DiskLevel = 'ok' | 'low' | 'full';

export interface DiskGuardOptions {
  /** DATA_DIR: where the database and upload files live; undefined when nothing is kept on disk (memory store). */
  dir: string | undefined;
  thresholds: StorageSettings['diskFreeMin'];
  logger: Logger;
  statfs?: Statfs;
  /** How long a reading is reused: statfs is a system call, and requests come far more often than disks fill. */
  cacheMs?: number;
  now?: () => number;
}

const RANK: Record<DiskLevel, number> = { ok: 0, low: 1, full: 2 };

/** Bytes that must stay free for `space` on a disk of `total` bytes. */
export const requiredFree = (space: FreeSpace, total: number): number => ('bytes' in space ? space.bytes : Math.ceil((space.percent / 100) * total));

/** The level a disk reading falls in. */
export const diskLevel = ({ bavail, bsize, blocks }: DiskStats, { uploads, messages }: StorageSettings['diskFreeMin']): DiskLevel => {
  const free = bavail * bsize;
  const total = blocks * bsize;
  return free < requiredFree(messages, total) ? 'full' : free < requiredFree(uploads, total) ? 'low' : 'ok';
};

/**
 * Stops writes before the disk does: uploads (large, optional) stop first, well before the database's own small
 * writes (messages, webhooks), so SQLite is never the thing that runs out of space mid-write. Each change of
 * level is logged once, not once per refused request.
 */
export const createDiskGuard = ({ dir, thresholds, logger, statfs = statfsOfNode, cacheMs = 2000, now = Date.now }: DiskGuardOptions) => {
  let reading: { at: number; level: DiskLevel } | undefined;
  let pending: Promise<DiskLevel> | undefined;
  let reported: DiskLevel = 'ok';
  let unreadable = false;

  const measure = async (path: string): Promise<DiskLevel> => {
    try {
      const stats = await statfs(path);
      unreadable = false;
      const level = diskLevel(stats, thresholds);
      if (level !== reported) {
        const fields = { state: level, freeBytes: stats.bavail * stats.bsize, dir };
        if (RANK[level] > RANK[reported]) logger.warn(level === 'full' ? 'disk.full' : 'disk.low', fields);
        else logger.info('disk.recovered', fields);
        reported = level;
      }
      return level;
    } catch (error) {
      // Nothing to go by (no such directory yet, no statfs on this platform): refusing everything would be worse.
      if (!unreadable) logger.warn('disk.unreadable', { dir, reason: error instanceof Error ? error.message : String(error) });
      unreadable = true;
      return 'ok';
    }
  };

  /** The current level, read at most once per `cacheMs`; concurrent callers share one reading. */
  const level = async (): Promise<DiskLevel> => {
    if (dir === undefined) return 'ok';
    if (reading && now() - reading.at < cacheMs) return reading.level;
    pending ??= measure(dir).then((measured) => {
      reading = { at: now(), level: measured };
      pending = undefined;
      return measured;
    });
    return pending;
  };

  /** Throws 507 when the disk is too full for an upload. */
  const checkUpload = async (): Promise<void> => {
    if ((await level()) !== 'ok') throw new HttpError(507, 'insufficient_storage', 'the relay is low on disk space and cannot take files right now; text messages still work');
  };

  /** Throws 507 when the disk is too full to store another message. */
  const checkMessage = async (): Promise<void> => {
    if ((await level()) === 'full') throw new HttpError(507, 'insufficient_storage', 'the relay is out of disk space and cannot store messages right now; try again later');
  };

  return { level, checkUpload, checkMessage };
};

export type DiskGuard = ReturnType<typeof createDiskGuard>;
