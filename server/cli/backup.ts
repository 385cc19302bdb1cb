import { randomBytes } from 'node:crypto';
import { constants, existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { argsProblem, databaseIn, DATABASE_FILE, dataDirOf, type CommandIo } from './data-dir.ts';

export const BACKUP_USAGE = `Usage: chatport backup <path> [--data-dir <dir>]

Copies the relay's data directory to <path> while the relay runs: a consistent snapshot of the database (SQLite's
online backup), then the uploaded files that snapshot names. <path> becomes a ready data directory
(chatport.db + uploads/); it must not exist yet, or be empty.

Restore: stop the relay, start it with DATA_DIR=<path> (or copy chatport.db and uploads/ into its data directory,
after removing any chatport.db-wal and chatport.db-shm there), then start it.

Options:
  --data-dir <dir>   the relay's data directory (default: DATA_DIR, else ./data)
  -h, --help         this help

Exit status: 0 done, 1 the backup failed (nothing is left at <path>), 2 bad options.`;

const FLAGS = { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** Files copied at once: enough to keep a disk busy, few enough to leave the relay its share. */
const PARALLEL_COPIES = 4;

const syncPath = async (path: string): Promise<void> => {
  const handle = await open(path, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
};

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const plural = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;

export interface BackupResult {
  visitors: number;
  messages: number;
  databaseBytes: number;
  files: number;
  fileBytes: number;
  /** Uploads the snapshot names whose bytes were gone by the time they were copied (deleted since, by retention). */
  missing: string[];
}

/**
 * The snapshot: SQLite's online backup copies every page in one step, inside one read transaction, so it is
 * consistent and never restarts however busy the relay is (WAL lets the relay keep writing meanwhile).
 */
const snapshotDatabase = async (source: string, target: string): Promise<void> => {
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
};

/** What the snapshot holds, and the uploads it names; refuses a snapshot that fails SQLite's own check. */
const readSnapshot = (file: string) => {
  const db = new Database(file, { fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copied database fails SQLite's check (${String(check)})`);
    const has = (table: string) => db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get('table', table) !== undefined;
    const count = (table: string) => (has(table) ? (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n : 0);
    const uploads = has('uploads') ? (db.prepare('SELECT id, size FROM uploads').all() as { id: string; size: number }[]) : [];
    return { visitors: count('visitors'), messages: count('messages'), uploads };
  } finally {
    db.close();
  }
};

/** Copies the relay's data directory (database snapshot + the files it names) to a new directory `target`. */
export const backupDataDir = async ({ dataDir, target }: { dataDir: string; target: string }): Promise<BackupResult> => {
  const database = databaseIn(dataDir);
  if ('problem' in database) throw new Error(database.problem);
  // Built beside the target and renamed into place at the end: a half-made backup never looks like a backup.
  const partial = join(dirname(target), `.${basename(target)}.partial-${randomBytes(4).toString('hex')}`);
  await mkdir(join(partial, 'uploads'), { recursive: true, mode: 0o700 });
  try {
    const databaseFile = join(partial, DATABASE_FILE);
    await snapshotDatabase(database.file, databaseFile);
    const snapshot = readSnapshot(databaseFile);
    const missing: string[] = [];
    let fileBytes = 0;
    const queue = [...snapshot.uploads];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const from = join(dataDir, 'uploads', next.id);
        const to = join(partial, 'uploads', next.id);
        try {
          await copyFile(from, to, constants.COPYFILE_EXCL);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          missing.push(next.id);
          continue;
        }
        await syncPath(to);
        fileBytes += (await stat(to)).size;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_COPIES }, worker));
    await syncPath(databaseFile);
    await syncPath(join(partial, 'uploads'));
    await syncPath(partial);
    if (existsSync(target)) await rmdir(target); // the empty directory the caller may have made (never a full one)
    await rename(partial, target);
    await syncPath(dirname(target));
    return {
      visitors: snapshot.visitors,
      messages: snapshot.messages,
      databaseBytes: (await stat(join(target, DATABASE_FILE))).size,
      files: snapshot.uploads.length - missing.length,
      fileBytes,
      missing,
    };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
};

/** `chatport backup <path>`; returns the exit status. */
export const runBackup = async (argv: string[], io: CommandIo): Promise<number> => {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`chatport backup: ${argsProblem(error)}\nRun \`chatport backup --help\` for details.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(BACKUP_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1 || !positionals[0]!.trim()) {
    io.stderr('chatport backup: expected one path to write the backup to\nRun `chatport backup --help` for details.\n');
    return 2;
  }
  const target = resolve(positionals[0]!);
  if (existsSync(target) && (!(await stat(target)).isDirectory() || readdirSync(target).length > 0)) {
    io.stderr(`chatport backup: ${target} already exists and is not an empty directory; choose a new path\n`);
    return 2;
  }
  const dataDir = dataDirOf(values['data-dir'], io.env);
  if (resolve(target).startsWith(resolve(dataDir) + '/') || resolve(target) === resolve(dataDir)) {
    io.stderr(`chatport backup: ${target} is inside the data directory ${dataDir}; choose a path outside it\n`);
    return 2;
  }
  try {
    const result = await backupDataDir({ dataDir, target });
    io.stdout(
      [
        `Backed up ${dataDir} to ${target}:`,
        `  ${DATABASE_FILE}  ${megabytes(result.databaseBytes)} (${plural(result.visitors, 'visitor')}, ${plural(result.messages, 'message')})`,
        `  uploads/     ${plural(result.files, 'file')}, ${megabytes(result.fileBytes)}`,
        `Restore: stop the relay and start it with DATA_DIR=${target} (or copy ${DATABASE_FILE} and uploads/ into its data directory, after removing any ${DATABASE_FILE}-wal and ${DATABASE_FILE}-shm there).`,
        '',
      ].join('\n'),
    );
    if (result.missing.length > 0) {
      io.stderr(
        `Warning: the snapshot names ${plural(result.missing.length, 'uploaded file')} deleted before copying (by retention or an erasure since the snapshot): ${result.missing.join(', ')}\n`,
      );
    }
    return 0;
  } catch (error) {
    io.stderr(`chatport backup: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
};
