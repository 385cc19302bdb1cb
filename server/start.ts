import type { Config } from './config/index.ts';
import type { Logger } from './log.ts';
import type { ChatwootStandin } from './standins/chatwoot/index.ts';
import { openChatwoot, type OpenChatwootOptions } from './providers/chatwoot/open.ts';
import type { Platform } from './providers/platform.ts';
import { openUchat, type Simulator } from './providers/uchat/open.ts';
import { createRelay, type Relay, type RelayOptions } from './relay.ts';
import { openStore } from './store/index.ts';
import { openBlobs } from './uploads/index.ts';

export interface StartOptions {
  config: Config;
  logger: Logger;
  demoPage?: string;
  simulatorPort?: number;
  /** Demo mode: use this simulator instead of starting one (it is then left running on close). */
  simulator?: Simulator;
  /** Demo mode with the Chatwoot provider: use this stand-in instead of starting one (left running on close). */
  standin?: ChatwootStandin;
  /** Chatwoot's provider settings that are not environment settings (tests shorten the cable path's timings). */
  chatwoot?: Pick<OpenChatwootOptions, 'cable'>;
  relayOptions?: Partial<RelayOptions>;
}

export interface Started {
  relay: Relay;
  config: Config;
  /** Demo mode only. */
  simulator?: Simulator;
  standin?: ChatwootStandin;
  /** Demo mode: the stand-in platform's address. */
  simulatorUrl?: string;
  close(): Promise<void>;
}

const usesChatwoot = (config: Config) => config.mode === 'chatwoot' || (config.mode === 'demo' && config.demoProvider === 'chatwoot');

/** Wires a relay from its settings: the platform (or its demo stand-in), the store, upload bytes, the relay. */
export const startRelayFromConfig = async ({ config, logger, demoPage, simulatorPort = 0, simulator, standin, chatwoot = {}, relayOptions = {} }: StartOptions): Promise<Started> => {
  const platform: Platform & { simulator?: Simulator; standin?: ChatwootStandin } = usesChatwoot(config)
    ? await openChatwoot({ config, logger, ...chatwoot, ...(standin ? { standin } : {}) })
    : await openUchat({ config, logger, simulatorPort, ...(simulator ? { simulator } : {}) });
  let store;
  let relay: Relay;
  try {
    store = await openStore({ kind: config.store, dataDir: config.dataDir });
    // Upload bytes sit beside the database they are indexed in: DATA_DIR/uploads (nothing on disk for memory).
    const blobs = openBlobs({ kind: config.store, dataDir: config.dataDir });
    const provider = platform.provider({ store, blobs });
    relay = await createRelay({ config: platform.config, store, provider, blobs, logger, ...(demoPage ? { demoPage } : {}), ...relayOptions });
  } catch (error) {
    await store?.close();
    await platform.close();
    throw error;
  }
  // Port 0 means the public URL is not known in advance: the stand-in gets the address actually bound.
  await platform.listening(config.port === 0 ? relay.url : config.publicUrl);
  return {
    relay,
    config: platform.config,
    ...(platform.simulator ? { simulator: platform.simulator } : {}),
    ...(platform.standin ? { standin: platform.standin } : {}),
    ...(platform.standInUrl ? { simulatorUrl: platform.standInUrl } : {}),
    close: async () => {
      await relay.close();
      await platform.close();
    },
  };
};
