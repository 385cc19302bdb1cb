import { join, relative, resolve, isAbsolute } from 'node:path';
import { ForeignDatabaseError } from '../store/sqlite/database.ts';

/** A start-up failure already put into one line for the operator: printed as it is, without a stack. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export interface StartupContext {
  /** Port number → the setting that chose it (PORT, METRICS_PORT, SIMULATOR_PORT). */
  ports: Record<number, string>;
  dataDir: string;
}

type SystemError = Error & { code?: string; syscall?: string; port?: number; address?: string; path?: string };

const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'part of the path is a file, not a directory',
  EEXIST: 'a file is in the way of a directory',
  ENOSPC: 'no space is left on the device',
  EISDIR: 'a directory is where a file should be',
};

const inside = (path: string, dir: string) => {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

const listenLine = (error: SystemError, { ports }: StartupContext): string | undefined => {
  const port = error.port ?? 0;
  const setting = ports[port] ?? 'its port setting';
  const hostSetting = setting === 'METRICS_PORT' ? 'METRICS_HOST' : 'HOST';
  switch (error.code) {
    case 'EADDRINUSE':
      return `Chatport cannot start: port ${port} (${setting}) is already in use on ${error.address}, by another Chatport or another server; stop that one or choose a free port with ${setting}.`;
    case 'EACCES':
    case 'EPERM':
      return `Chatport cannot start: permission denied to listen on port ${port} (${setting}); ports below 1024 need privileges, so use a port from 1024 up (e.g. ${setting}=8787) behind a reverse proxy, or grant the capability (setcap cap_net_bind_service=+ep "$(command -v node)").`;
    case 'EADDRNOTAVAIL':
      return `Chatport cannot start: ${error.address} is not an address of this machine (${hostSetting}); use one of its addresses, 0.0.0.0 for all, or 127.0.0.1.`;
    default:
      return undefined;
  }
};

/**
 * One clear line for what commonly stops a relay from starting: a port in use or below 1024, a DATA_DIR that
 * cannot be written, a database file that is not Chatport's. Anything else: the error's first line. Never a stack.
 */
export const describeStartupError = (error: unknown, context: StartupContext): string => {
  const system = (error instanceof Error ? error : new Error(String(error))) as SystemError;
  const database = join(context.dataDir, 'chatport.db');
  if (system.syscall === 'listen') {
    const line = listenLine(system, context);
    if (line) return line;
  }
  if (system.code && FS_REASONS[system.code] && system.path && inside(system.path, context.dataDir)) {
    return `Chatport cannot start: DATA_DIR (${context.dataDir}) cannot be written: ${FS_REASONS[system.code]} (${system.path}); give this user write access or set DATA_DIR to a writable directory of its own.`;
  }
  if (system.code === 'SQLITE_CANTOPEN' || system.code === 'SQLITE_READONLY' || system.code === 'SQLITE_PERM') {
    return `Chatport cannot start: DATA_DIR (${context.dataDir}) cannot be written: the database ${database} cannot be ${system.code === 'SQLITE_CANTOPEN' ? 'opened or created' : 'written'}; give this user write access or set DATA_DIR to a writable directory of its own.`;
  }
  if (system.code === 'SQLITE_NOTADB' || system.code === 'SQLITE_CORRUPT' || error instanceof ForeignDatabaseError) {
    const why = error instanceof ForeignDatabaseError ? system.message : system.code === 'SQLITE_NOTADB' ? 'it is not an SQLite database' : 'the file is damaged';
    return `Chatport cannot start: ${database} is not a Chatport database (${why}); move it away or set DATA_DIR to a directory of its own.`;
  }
  if (/schema version .* is newer/.test(system.message)) return `Chatport cannot start: ${database}: ${system.message}.`;
  // Postgres (by name: the driver is loaded only for a relay that uses it). Its messages never hold the password.
  if (system.name === 'DatabaseOpenError') return `Chatport cannot start: ${system.message}; check DATABASE_URL and that the database server is up.`;
  if (system.name === 'ForeignDatabaseError') {
    return `Chatport cannot start: the Postgres database (DATABASE_URL) is not a Chatport database (${system.message}); give Chatport a database of its own.`;
  }
  return `Chatport failed to start: ${system.message.split('\n')[0]}`;
};
