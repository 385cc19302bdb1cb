import type { Config } from '../config/index.ts';
import type { Provider } from './types.ts';
import type { Store } from '../store/types.ts';
import type { BlobStore } from '../uploads/index.ts';

/** One platform, ready to wire: its provider, what to do once the relay listens, and what it started itself. */
export interface Platform {
  /** The settings the relay runs with (demo mode fills in the stand-in's). */
  config: Config;
  provider(deps: { store: Store; blobs: BlobStore }): Provider;
  /** Called with the relay's public base URL once it listens (demo mode points the stand-in at it). */
  listening(base: string): Promise<void>;
  /** Demo mode: the stand-in platform's own address. */
  standInUrl?: string;
  close(): Promise<void>;
}
