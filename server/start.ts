import { randomBytes } from 'node:crypto';
import type { Config } from './config/index.ts';
import type { Logger } from './log.ts';
import { createPartnerClient, createUchatProvider } from './providers/uchat/index.ts';
import { createSimulator } from './providers/simulator/index.ts';
type Simulator = Awaited<ReturnType<typeof createSimulator>>;

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
  relayOptions?: Partial<RelayOptions>;
}

export interface Started {
  relay: Relay;
  config: Config;
  /** Demo mode only. */
  simulator?: Simulator;
  simulatorUrl?: string;
  close(): Promise<void>;
}

/**
 * Wires a relay from its settings. Demo mode starts the UChat simulator and registers the relay's webhook through
 * the simulator's partner API — the same handshake a real workspace performs — so demo traffic takes the real
 * UChat code path.
 */
export const startRelayFromConfig = async ({ config, logger, demoPage, simulatorPort = 0, simulator: given, relayOptions = {} }: StartOptions): Promise<Started> => {
  const owned = config.mode === 'demo' && !given ? await createSimulator({ port: simulatorPort, logger, replyDelayMs: config.simulatorReplyDelayMs }) : undefined;
  const simulator = config.mode === 'demo' ? (given ?? owned) : undefined;
  const uchat = simulator
    ? { kind: 'uchat' as const, botUrl: simulator.botUrl, apiKey: simulator.flowApiKey, verificationKey: randomBytes(16).toString('hex') }
    : config.uchat!;
  const running: Config = { ...config, uchat };
  const store = await openStore({ kind: config.store, dataDir: config.dataDir });
  const provider = createUchatProvider({ botUrl: uchat.botUrl, apiKey: uchat.apiKey, verificationKey: uchat.verificationKey, timeoutMs: config.platformTimeoutMs });
  let relay: Relay;
  try {
    // Upload bytes sit beside the database they are indexed in: DATA_DIR/uploads (nothing on disk for memory).
    const blobs = openBlobs({ kind: config.store, dataDir: config.dataDir });
    relay = await createRelay({ config: running, store, provider, blobs, logger, ...(demoPage ? { demoPage } : {}), ...relayOptions });
  } catch (error) {
    await store.close();
    await owned?.close();
    throw error;
  }
  if (simulator) {
    // Port 0 means the public URL is not known in advance: register the address actually bound.
    const base = config.port === 0 ? relay.url : config.publicUrl;
    const partner = createPartnerClient({ baseUrl: simulator.url, workspaceId: simulator.workspaceId, apiKey: simulator.partnerApiKey });
    await partner.set({ webhookUrl: `${base}/webhooks/uchat`, verificationKey: uchat.verificationKey });
  }
  return {
    relay,
    config: running,
    ...(simulator ? { simulator, simulatorUrl: simulator.url } : {}),
    close: async () => {
      await relay.close();
      await owned?.close();
    },
  };
};
