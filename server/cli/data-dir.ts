import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
