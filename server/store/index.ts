import { join } from 'node:path';
import type { DatabaseSettings, StoreKind } from '../config/database.ts';
import { createMemoryStore } from './memory/index.ts';
import { createSqliteStore } from './sqlite/index.ts';
import type { Store } from './types.ts';
import { isStoreUnavailable } from './unavailable.ts';

export type { Store } from './types.ts';
export { createMemoryStore } from './memory/index.ts';
export { createSqliteStore } from './sqlite/index.ts';

export interface OpenStoreOptions {
  kind: StoreKind;
  /** sqlite keeps everything in `${dataDir}/chatport.db`. */
  dataDir: string;
  /** postgres: DATABASE_URL and the pool size. */
  database?: DatabaseSettings;
  /** postgres: told when a pooled connection is lost while idle (the next query reconnects). */
  onConnectionError?: (error: Error) => void;
  /** postgres: told before each new attempt while the database cannot be reached at start (DATABASE_WAIT_MS). */
  onWaiting?: (info: { attempt: number; retryInMs: number; waitedMs: number; reason: string }) => void;
  /** The wait between attempts (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The store the settings ask for. Async so an engine that must connect first fits the same call; the Postgres
 * store is loaded only when asked for, so SQLite and memory relays never load the driver.
 */
export const openStore = async ({
  kind,
  dataDir,
  database,
  onConnectionError,
  onWaiting,
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}: OpenStoreOptions): Promise<Store> => {
  if (kind === 'memory') return createMemoryStore();
  if (kind === 'sqlite') return createSqliteStore({ file: join(dataDir, 'chatport.db') });
  if (!database) throw new Error('the postgres store needs DATABASE_URL');
  const { createPostgresStore } = await import('./postgres/index.ts');
  // Relays and their database often start together (a compose file, a reboot): a database still starting up, or
  // not reachable yet, is tried again with backoff for up to DATABASE_WAIT_MS; anything else fails at once.
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await createPostgresStore({ url: database.url, poolSize: database.poolSize, ...(onConnectionError ? { onConnectionError } : {}) });
    } catch (error) {
      const waitedMs = Date.now() - started;
      const retryInMs = Math.min(5000, 250 * 2 ** Math.min(attempt - 1, 5));
      if (!isStoreUnavailable(error) || waitedMs + retryInMs > database.waitMs) throw error;
      onWaiting?.({ attempt, retryInMs, waitedMs, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
      await sleep(retryInMs);
    }
  }
};
