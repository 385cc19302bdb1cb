import { join } from 'node:path';
import type { DatabaseSettings, StoreKind } from '../config/database.ts';
import { createMemoryStore } from './memory/index.ts';
import { createSqliteStore } from './sqlite/index.ts';
import type { Store } from './types.ts';

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
}

/**
 * The store the settings ask for. Async so an engine that must connect first fits the same call; the Postgres
 * store is loaded only when asked for, so SQLite and memory relays never load the driver.
 */
export const openStore = async ({ kind, dataDir, database, onConnectionError }: OpenStoreOptions): Promise<Store> => {
  if (kind === 'memory') return createMemoryStore();
  if (kind === 'sqlite') return createSqliteStore({ file: join(dataDir, 'chatport.db') });
  if (!database) throw new Error('the postgres store needs DATABASE_URL');
  const { createPostgresStore } = await import('./postgres/index.ts');
  return createPostgresStore({ url: database.url, poolSize: database.poolSize, ...(onConnectionError ? { onConnectionError } : {}) });
};
