import type { Config } from './config/index.ts';
import type { Logger } from './log.ts';
import { runningPlatform, type PlatformName, type PlatformOptions, type StandIns } from './providers/index.ts';
import { createRelay, type Relay, type RelayOptions } from './relay.ts';
import { openStore } from './store/index.ts';
import { openBlobs } from './uploads/index.ts';
import { openSignals } from './bus/open.ts';
import { describeDatabase } from './store/postgres/describe.ts';

export interface StartOptions {
  config: Config;
  logger: Logger;
  demoPage?: string;
  /** Demo mode: the stand-in's port (SIMULATOR_PORT); 0 takes any free one. */
  standInPort?: number;
  /**
   * Per platform, what is not an environment setting: demo mode's stand-in to use instead of starting one (it is then
   * left running on close), timings tests shorten (Chatwoot's cable path).
   */
  platforms?: PlatformOptions;
  relayOptions?: Partial<RelayOptions>;
}

export interface Started {
  relay: Relay;
  /** The settings the relay runs with: in demo mode, with the stand-in's platform settings. */
  config: Config;
  /** Demo mode: the stand-in the relay runs against, under its platform's name. */
  standIns: StandIns;
  /** Demo mode: the stand-in's address. */
  standInUrl?: string;
  close(): Promise<void>;
}

/** Wires a relay from its settings: the platform (or its demo stand-in), the store, upload bytes, the relay. */
export const startRelayFromConfig = async ({ config, logger, demoPage, standInPort = 0, platforms = {}, relayOptions = {} }: StartOptions): Promise<Started> => {
  const definition = runningPlatform(config);
  const name = definition.name as PlatformName;
  const platform = await definition.open({
    settings: config.mode === 'demo' ? undefined : config[name],
    logger,
    timeoutMs: config.platformTimeoutMs,
    replyDelayMs: config.simulatorReplyDelayMs,
    standInPort,
    options: platforms[name] ?? {},
  });
  let running: Config = { ...config, [name]: platform.settings };
  let store;
  let signals;
  let relay: Relay;
  try {
    const onConnectionError = (error: Error) => logger.warn('store.connection_lost', { reason: error.message });
    // A database that cannot be reached yet is waited for (DATABASE_WAIT_MS), each attempt logged.
    const database = config.database ? describeDatabase(config.database.url) : undefined;
    const onWaiting = (info: { attempt: number; retryInMs: number; waitedMs: number; reason: string }) =>
      logger.warn('store.waiting', { database, ...info, waitMs: config.database?.waitMs });
    store = await openStore({ kind: config.store, dataDir: config.dataDir, ...(config.database ? { database: config.database } : {}), onConnectionError, onWaiting });
    // Demo mode on Postgres: every relay of the database signs sessions with the secret the first one made.
    if (config.secretFrom === 'demo' && 'pool' in store) {
      const { sharedValue } = await import('./store/postgres/shared.ts');
      running = { ...running, secret: await sharedValue(store.pool as import('pg').Pool, 'demo_secret', config.secret) };
    }
    signals = await openSignals({ config, store, logger });
    // Upload bytes sit beside the database they are indexed in: DATA_DIR/uploads, or the Postgres database.
    const blobs = await openBlobs({ kind: config.store, dataDir: config.dataDir, store });
    const provider = platform.provider({ store, blobs });
    relay = await createRelay({
      config: running,
      store,
      provider,
      blobs,
      logger,
      ...(signals ? { signals } : {}),
      ...(demoPage ? { demoPage } : {}),
      ...(platform.standInUrl ? { standInUrl: platform.standInUrl } : {}),
      ...relayOptions,
    });
  } catch (error) {
    await signals?.close();
    await store?.close();
    await platform.close();
    throw error;
  }
  // Port 0 means the public URL is not known in advance: the stand-in gets the address actually bound.
  await platform.listening(config.port === 0 ? relay.url : config.publicUrl);
  return {
    relay,
    config: running,
    standIns: platform.standIn ? { [name]: platform.standIn } : {},
    ...(platform.standInUrl ? { standInUrl: platform.standInUrl } : {}),
    close: async () => {
      await relay.close();
      await platform.close();
    },
  };
};
