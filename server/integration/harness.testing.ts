import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendResponse, SessionResponse } from '../../src/protocol/index.ts';
import { loadConfig, type StoreKind } from '../config/index.ts';
import { relayApi } from './relay-api.testing.ts';
import { createLogger } from '../log.ts';
import { createSimulator } from '../standins/uchat/index.ts';
import type { RelayOptions } from '../relay.ts';
import { startRelayFromConfig } from '../start.ts';

export type Simulator = Awaited<ReturnType<typeof createSimulator>>;

export const SITE_ORIGIN = 'http://site.example.test';

export interface HarnessOptions {
  /** postgres: give DATABASE_URL in `env`. */
  store?: StoreKind;
  dataDir?: string;
  simulator?: Simulator;
  secret?: string;
  heartbeatMs?: number;
  platformTimeoutMs?: number;
  typingTimeoutMs?: number;
  /** Further settings, as the environment would give them (e.g. UPLOAD_MAX_BYTES). */
  env?: Record<string, string>;
  /** What only code can give the relay (e.g. a `statfs` that reports a full disk). */
  relayOptions?: Partial<RelayOptions>;
}

/**
 * A relay on 127.0.0.1:0 in demo wiring against a simulator on 127.0.0.1:0 — real HTTP, real SSE, real signed
 * webhooks. Log lines are captured so tests can check what would reach a log.
 */
export const startHarness = async ({
  store = 'memory',
  dataDir,
  simulator,
  secret = 'test-secret-'.padEnd(48, 'x'),
  heartbeatMs,
  platformTimeoutMs = 2000,
  typingTimeoutMs,
  env = {},
  relayOptions = {},
}: HarnessOptions = {}) => {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'chatport-test-'));
  const logs: string[] = [];
  const logger = createLogger({ write: (line) => logs.push(line), level: 'debug' });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CHATPORT_STORE: store,
    DATA_DIR: dir,
    CHATPORT_SECRET: secret,
    ALLOWED_ORIGINS: SITE_ORIGIN,
    PLATFORM_TIMEOUT_MS: String(platformTimeoutMs),
    ...env,
  });
  const sim = simulator ?? (await createSimulator({ replyDelayMs: config.simulatorReplyDelayMs }));
  const started = await startRelayFromConfig({
    config,
    logger,
    platforms: { uchat: { standIn: sim } },
    relayOptions: { outboxDelays: { baseDelayMs: 20, maxDelayMs: 200 }, ...(heartbeatMs ? { heartbeatMs } : {}), ...(typingTimeoutMs ? { typingTimeoutMs } : {}), ...relayOptions },
  });
  const url = started.relay.url;

  const api = relayApi(url);

  const session = async (token?: string) => (await api<SessionResponse>('/v1/sessions', { method: 'POST', body: token ? { token } : {} })).json;
  let clientCounter = 0;
  const send = (token: string, text: string, clientId = `client-${Date.now()}-${clientCounter++}`) =>
    api<SendResponse>('/v1/messages', { method: 'POST', token, body: { clientId, body: { kind: 'text', text } } });

  return {
    url,
    dir,
    sim,
    logs,
    started,
    config: started.config,
    api,
    session,
    send,
    /** Stops the relay; keeps the simulator and data directory unless `all`. */
    close: async ({ all = !simulator && !dataDir } = {}) => {
      await started.close();
      if (all) {
        await sim.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
};

export type Harness = Awaited<ReturnType<typeof startHarness>>;
