import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { createDiskGuard, diskLevel, type DiskStats } from './index.ts';

const MIB = 1024 * 1024;
/** A disk of `totalMib` with `freeMib` free, in 4 KiB blocks. */
const disk = (freeMib: number, totalMib = 100_000): DiskStats => ({ bsize: 4096, bavail: (freeMib * MIB) / 4096, blocks: (totalMib * MIB) / 4096 });
const thresholds = { uploads: { bytes: 1024 * MIB }, messages: { bytes: 64 * MIB } };

describe('diskLevel', () => {
  it('refuses uploads below the first threshold and messages below the second, in bytes', () => {
    expect(diskLevel(disk(1024), thresholds)).toBe('ok');
    expect(diskLevel(disk(1023), thresholds)).toBe('low');
    expect(diskLevel(disk(64), thresholds)).toBe('low');
    expect(diskLevel(disk(63), thresholds)).toBe('full');
  });

  it('reads percentages against the size of the disk', () => {
    const percent = { uploads: { percent: 10 }, messages: { percent: 1 } };
    expect(diskLevel(disk(10_000, 100_000), percent)).toBe('ok');
    expect(diskLevel(disk(9_999, 100_000), percent)).toBe('low');
    expect(diskLevel(disk(999, 100_000), percent)).toBe('full');
    expect(diskLevel(disk(0), { uploads: { bytes: 0 }, messages: { bytes: 0 } })).toBe('ok');
  });
});

describe('createDiskGuard', () => {
  const setup = (initial: DiskStats) => {
    let t = 0;
    let stats = initial;
    const calls: string[] = [];
    const logs: { level: string; event: string }[] = [];
    const guard = createDiskGuard({
      dir: '/data',
      thresholds,
      cacheMs: 1000,
      now: () => t,
      logger: createLogger({ write: (line) => logs.push(JSON.parse(line) as { level: string; event: string }) }),
      statfs: async (path) => (calls.push(path), stats),
    });
    return { guard, calls, logs, set: (next: DiskStats) => (stats = next), advance: (ms: number) => (t += ms) };
  };

  it('reads the disk of DATA_DIR at most once per cache period, shared by concurrent callers', async () => {
    const { guard, calls, set, advance } = setup(disk(5000));
    expect(await Promise.all([guard.level(), guard.level(), guard.level()])).toEqual(['ok', 'ok', 'ok']);
    expect(calls).toEqual(['/data']);
    set(disk(10));
    advance(999);
    expect(await guard.level()).toBe('ok');
    advance(1);
    expect(await guard.level()).toBe('full');
    expect(calls).toHaveLength(2);
  });

  it('refuses uploads with 507 when low, and messages too when full', async () => {
    const { guard, set, advance } = setup(disk(500));
    await expect(guard.checkUpload()).rejects.toMatchObject({ status: 507, code: 'insufficient_storage', message: expect.stringContaining('cannot take files') });
    await expect(guard.checkMessage()).resolves.toBeUndefined();
    set(disk(1));
    advance(1000);
    await expect(guard.checkMessage()).rejects.toMatchObject({ status: 507, code: 'insufficient_storage', message: expect.stringContaining('cannot store messages') });
  });

  it('logs a warning once per threshold crossed, and when the disk recovers', async () => {
    const { guard, logs, set, advance } = setup(disk(5000));
    const step = async (next: DiskStats) => {
      set(next);
      advance(1000);
      await guard.level();
      await guard.level();
    };
    await step(disk(5000));
    await step(disk(500));
    await step(disk(400));
    await step(disk(10));
    await step(disk(10));
    await step(disk(5000));
    expect(logs.map(({ level, event }) => `${level} ${event}`)).toEqual(['warn disk.low', 'warn disk.full', 'info disk.recovered']);
  });

  it('reads nothing and accepts everything when nothing is kept on disk', async () => {
    let calls = 0;
    const guard = createDiskGuard({ dir: undefined, thresholds, logger: createLogger({ write: () => undefined }), statfs: async () => (calls++, disk(0)) });
    await expect(guard.checkMessage()).resolves.toBeUndefined();
    await expect(guard.checkUpload()).resolves.toBeUndefined();
    expect(calls).toBe(0);
  });

  it('accepts everything when the disk cannot be read, and says so once', async () => {
    const logs: string[] = [];
    const guard = createDiskGuard({
      dir: '/missing',
      thresholds,
      cacheMs: 0,
      logger: createLogger({ write: (line) => logs.push(line) }),
      statfs: async () => Promise.reject(new Error('ENOENT')),
    });
    expect(await guard.level()).toBe('ok');
    expect(await guard.level()).toBe('ok');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('disk.unreadable');
  });
});
