import { join } from 'node:path';
import { createMemoryStore } from './memory/index.ts';
import { createSqliteStore } from './sqlite/index.ts';
import type { Store } from './types.ts';

export type { Store } from './types.ts';
export { createMemoryStore } from './memory/index.ts';
export { createSqliteStore } from './sqlite/index.ts';

export interface OpenStoreOptions {
  kind: 'sqlite' | 'memory';
  /** sqlite keeps everything in `${dataDir}/chatport.db`. */
  dataDir: string;
}

/** The store the settings ask for. Async so an engine that must connect first fits the same call. */
export const openStore = async ({ kind, dataDir }: OpenStoreOptions): Promise<Store> =>
  kind === 'memory' ? createMemoryStore() : createSqliteStore({ file: join(dataDir, 'chatport.db') });
