import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnswerValues, HistoryResponse, Message, SendResponse, SessionResponse } from '../../src/protocol/index.ts';
import { loadConfig } from '../config/index.ts';
import { relayApi } from './relay-api.testing.ts';
import { identityHash } from '../identity/index.ts';
import { createLogger } from '../log.ts';
import { createChatwootStandin, signatureHeaders, type ChatwootStandin, type SignatureMode } from '../standins/chatwoot/index.ts';
import type { ChatwootOptions } from '../providers/chatwoot/open.ts';
import { startRelayFromConfig } from '../start.ts';
import { SITE_ORIGIN } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

export interface ChatwootHarnessOptions {
  /**
   * `real`: CHATWOOT_* settings pointing at a stand-in (the default); `demo`: CHATPORT_DEMO_PROVIDER=chatwoot, with
   * the given stand-in (no demo agent: the test is the agent) or, without one, the relay's own stand-in and demo agent.
   */
  wiring?: 'real' | 'demo';
  standin?: ChatwootStandin;
  /** The inbox's webhook signing secret, shared by the stand-in and the relay (real wiring). */
  webhookSecret?: string;
  /** CHATWOOT_SIGNATURE and the stand-in's signing scheme. */
  signatureMode?: SignatureMode;
  realtime?: 'webhook' | 'cable';
  /** CHATWOOT_HMAC_TOKEN on the relay; `standinHmacToken` the inbox's own (a different one = a wrong token). */
  hmacToken?: string;
  standinHmacToken?: string;
  /** CHATPORT_IDENTITY_SECRET: sessions may carry an identity. */
  identitySecret?: string;
  platformTimeoutMs?: number;
  store?: 'memory' | 'sqlite';
  /** Kept on close (a restarted relay reads it again); a fresh temporary directory otherwise. */
  dataDir?: string;
  cable?: ChatwootOptions['cable'];
  cablePingMs?: number;
  env?: Record<string, string>;
}

let clients = 0;
const clientId = (prefix = 'client') => `${prefix}-${Date.now()}-${clients++}`;

/** Polls until `pick` gives a value (bounded): for effects the relay causes after answering. */
export const eventually = async <T>(pick: () => T | undefined | false | Promise<T | undefined | false>, { timeoutMs = 5000, what = 'condition' } = {}): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await pick();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * A relay on 127.0.0.1:0 against a Chatwoot stand-in on 127.0.0.1:0: real HTTP, signed callbacks, the cable. Log
 * lines are captured. `close()` stops the relay, and the stand-in and data directory it made.
 */
export const startChatwootHarness = async ({
  wiring = 'real',
  standin: given,
  webhookSecret = 'inbox-webhook-secret-'.padEnd(32, 'w'),
  signatureMode = 'upstream',
  realtime = 'webhook',
  hmacToken,
  standinHmacToken = hmacToken,
  identitySecret,
  platformTimeoutMs = 2000,
  store = 'memory',
  dataDir,
  cable,
  cablePingMs = 3000,
  env = {},
}: ChatwootHarnessOptions = {}) => {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'chatport-chatwoot-'));
  const removeDir = () => dataDir === undefined && rmSync(dir, { recursive: true, force: true });
  const logs: string[] = [];
  const logger = createLogger({ write: (line) => logs.push(line), level: 'debug' });
  const ownStandin =
    !given && wiring === 'real'
      ? await createChatwootStandin({
          ...(signatureMode === 'off' ? {} : { webhookSecret }),
          signatureMode,
          ...(standinHmacToken ? { hmacToken: standinHmacToken } : {}),
          cablePingMs,
        })
      : undefined;
  const standinGiven = given ?? ownStandin;
  const platformEnv =
    wiring === 'real'
      ? {
          CHATWOOT_URL: standinGiven!.url,
          CHATWOOT_INBOX_IDENTIFIER: standinGiven!.inboxIdentifier,
          CHATWOOT_SIGNATURE: signatureMode,
          CHATWOOT_REALTIME: realtime,
          PUBLIC_URL: 'http://relay.example.test',
          ...(signatureMode === 'off' || realtime === 'cable' ? {} : { CHATWOOT_WEBHOOK_SECRET: webhookSecret }),
          ...(hmacToken ? { CHATWOOT_HMAC_TOKEN: hmacToken } : {}),
        }
      : { CHATPORT_DEMO_PROVIDER: 'chatwoot' };
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CHATPORT_STORE: store,
    DATA_DIR: dir,
    CHATPORT_SECRET: 'test-secret-'.padEnd(48, 'x'),
    ALLOWED_ORIGINS: SITE_ORIGIN,
    PLATFORM_TIMEOUT_MS: String(platformTimeoutMs),
    ...(identitySecret ? { CHATPORT_IDENTITY_SECRET: identitySecret } : {}),
    ...platformEnv,
    ...env,
  });
  let started;
  try {
    started = await startRelayFromConfig({
      config,
      logger,
      platforms: { chatwoot: { ...(wiring === 'demo' && given ? { standIn: given } : {}), ...(cable ? { cable } : {}) } },
      relayOptions: { outboxDelays: { baseDelayMs: 20, maxDelayMs: 200 } },
    });
  } catch (error) {
    await ownStandin?.close();
    removeDir();
    throw error;
  }
  const standin = (started.standIns.chatwoot ?? standinGiven)!;
  const url = started.relay.url;
  const webhookUrl = `${url}/webhooks/chatwoot`;
  // Real wiring: the inbox's webhook_url is set by hand, as an operator would (the cable path has none).
  if (wiring === 'real' && realtime === 'webhook') standin.setWebhook({ url: webhookUrl });

  const api = relayApi(url);

  /** A new visitor, or an identified one (`identity.hash` computed here with the identity secret). */
  const session = async ({ token, identity }: { token?: string; identity?: { id: string; name?: string; email?: string } } = {}) => {
    const hashed = identity && identitySecret ? { ...identity, hash: identityHash(identitySecret, identity.id) } : undefined;
    const answer = await api<SessionResponse>('/v1/sessions', { method: 'POST', body: { ...(token ? { token } : {}), ...(hashed ? { identity: hashed } : {}) } });
    if (answer.status !== 200) throw new Error(`session refused: ${answer.status} ${answer.text}`);
    return answer.json;
  };
  const sendBody = (token: string, body: unknown, id = clientId()) => api<SendResponse>('/v1/messages', { method: 'POST', token, body: { clientId: id, body } });
  const send = (token: string, text: string, id?: string) => sendBody(token, { kind: 'text', text }, id);
  const answer = (token: string, to: string, text: string, values: AnswerValues) => sendBody(token, { kind: 'answer', to, text, values });
  const history = async (token: string): Promise<Message[]> => (await api<HistoryResponse>('/v1/messages?limit=200', { token })).json.messages;

  /** The visitor's Chatwoot link as the relay stored it. */
  const link = (visitorId: string) => started.relay.context.store.getLink(visitorId);
  /** The stand-in conversation the relay made for this visitor (waits for it). */
  const conversationOf = async (visitorId: string) =>
    eventually(
      async () => {
        const ref = (await link(visitorId))?.conversationRef;
        return ref === undefined ? undefined : standin.conversations.find((c) => c.id === Number(ref));
      },
      { what: `a Chatwoot conversation for ${visitorId}` },
    );
  /** Messages the stand-in holds for a conversation (incoming = the visitor's, as Chatwoot stored them). */
  const standinMessages = (conversationId: number, type?: 0 | 1 | 3) =>
    standin.messages.filter((m) => m.conversation_id === conversationId && (type === undefined || m.message_type === type));

  /** POSTs a callback to the relay, signed as the inbox would (or with the headers given). */
  const postCallback = async (
    payload: unknown,
    { headers, mode = signatureMode, secret = webhookSecret, nowMs }: { headers?: Record<string, string>; mode?: SignatureMode; secret?: string; nowMs?: number } = {},
  ) => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const signed = headers ?? signatureHeaders({ mode, key: secret, body, ...(nowMs === undefined ? {} : { nowMs }) });
    const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...signed }, body });
    const text = await response.text();
    return { status: response.status, text, json: (text.startsWith('{') ? JSON.parse(text) : undefined) as { ok?: boolean; stored?: number; error?: unknown } | undefined };
  };

  let closing: Promise<void> | undefined;
  return {
    url,
    dir,
    logs,
    standin,
    started,
    store: started.relay.context.store,
    webhookUrl,
    webhookSecret,
    api,
    session,
    send,
    sendBody,
    answer,
    history,
    link,
    conversationOf,
    standinMessages,
    postCallback,
    stream: (token: string, options?: Parameters<typeof openStream>[2]) => openStream(url, token, options),
    /** Stops the relay, then the stand-in it made (a given one is left running), and removes a data directory it made. */
    close: () =>
      (closing ??= (async () => {
        await started.close();
        await ownStandin?.close();
        removeDir();
      })()),
  };
};

export type ChatwootHarness = Awaited<ReturnType<typeof startChatwootHarness>>;
