import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from '../store/sqlite/database.ts';

/** The output and environment of a command, so tests run it in-process. */
export interface CommandIo {
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const DATABASE_FILE = 'chatport.db';

/** The relay's data directory: --data-dir, else DATA_DIR, else ./data (as `chatport serve` reads it). */
export const dataDirOf = (flag: string | undefined, env: CommandIo['env']): string => resolve(flag?.trim() || env['DATA_DIR']?.trim() || './data');

/** The database under a data directory, or why there is none (a command never creates an empty one). */
export const databaseIn = (dataDir: string): { file: string } | { problem: string } => {
  const file = join(dataDir, DATABASE_FILE);
  return existsSync(file) ? { file } : { problem: `no Chatport database at ${file}; point DATA_DIR (or --data-dir) at the relay's data directory` };
};

/** Node's parseArgs message names the flag only (never a value); the first sentence is enough. */
export const argsProblem = (error: unknown): string => (error instanceof Error ? error.message.split(/\. To specify|\n/)[0]! : 'cannot read the arguments');

/**
 * A command works on the database only at this build's schema version: it never brings a live database forward
 * under a relay that runs an older build (that relay would then write rows the new columns know nothing of).
 */
export const schemaProblem = (file: string): string | undefined => {
  // Not read-only: a read-only connection could not tidy the -wal and -shm files away when the relay is stopped.
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < migrations.length)
      return `${file} is at schema version ${version}, older than this Chatport's (${migrations.length}): restart the relay with this version first (it brings the database forward), then run the command again`;
    if (version > migrations.length)
      return `${file} is at schema version ${version}, newer than this Chatport understands (${migrations.length}): run the command from the relay's own version`;
    return undefined;
  } finally {
    db.close();
  }
};
