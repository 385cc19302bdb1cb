/**
 * A UChat workspace stand-in that speaks the API Chat channel exactly as docs/platforms/uchat.md describes it: the
 * partner API (get / set / remove the webhook, with the real verification handshake), bot_url (flow-key auth, the
 * documented shapes) and signed pushes escaped like PHP's json_encode. `npm start` runs against it in demo mode; tests and QA drive it.
 *
 * Control API for QA flows (loopback clients only; POST bodies must be JSON):
 *   POST   /_simulator/push      a push object → signed and POSTed to the registered webhook; answers {status, body}
 *   GET    /_simulator/received  the accepted bot_url requests so far: [{path, body}]
 *   DELETE /_simulator/received  forgets them
 *   POST   /_simulator/faults    {botUrl?: Fault[], down?: boolean}: botUrl replaces the queue; each bot_url request
 *                                consumes one: {kind:"status", status} | {kind:"hang"} (never answers) | {kind:"reset"}
 *                                (drops the socket); down: true drops every bot_url request until down: false
 *   GET    /_simulator/webhook   {registered, webhookUrl?, status?} (never the key)
 *
 * Media for the demo bot's pushes (any client, GET/HEAD, byte ranges): GET /media/<name> (media/index.ts).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../../log.ts';
import { signBody } from '../../providers/uchat/signature.ts';
import { sendJson } from '../../http/errors.ts';
import { handleBotUrl, type BotUrlRequest, type Fault } from './bot-url.ts';
import { handleControl } from './control.ts';
import { createDemoBot, type BotContext, type Push, type SimulatorBot } from './demo-bot.ts';
import { SimulatorError } from './http.ts';
import { createMediaLibrary, handleMedia } from '../media/index.ts';
import { handlePartner, isPartnerPath, type WebhookRegistration } from './partner-api.ts';
import { phpJson } from './php-json.ts';
import { fetchToRelay } from '../fetch.ts';
import { createRecorder } from './recorder.ts';

export { BotUrlBody, type BotUrlRequest, type Fault } from './bot-url.ts';
export { createDemoBot, PAYLOAD, type BotContext, type Push, type SimulatorBot } from './demo-bot.ts';
export type { WebhookRegistration } from './partner-api.ts';
export { phpJson } from './php-json.ts';

export interface SimulatorOptions {
  host?: string;
  port?: number;
  workspaceId?: string;
  partnerApiKey?: string;
  flowApiKey?: string;
  bot?: SimulatorBot;
  logger?: Logger;
  /** How long set-webhook waits for the webhook to answer the challenge, and a push for its answer. */
  timeoutMs?: number;
  /** The bot "thinks" this long before answering each bot_url request (so a typing indicator can be seen); 0 = at once. */
  replyDelayMs?: number;
}

export interface Simulator {
  url: string;
  botUrl: string;
  partnerApiKey: string;
  flowApiKey: string;
  workspaceId: string;
  /** Accepted bot_url requests, oldest first; tests may clear it. */
  received: BotUrlRequest[];
  webhook(): WebhookRegistration | undefined;
  /** Signs the push with the registered key and POSTs it to the registered webhook_url. */
  push(push: Push): Promise<{ status: number; body: string }>;
  /** `botUrl`: one fault per coming bot_url request; `down`: every request is dropped (the workspace is unreachable). */
  faults: { botUrl: Fault[]; down: boolean };
  /** Resolves with `received` once it holds at least n requests. */
  waitForReceived(n: number, timeoutMs?: number): Promise<BotUrlRequest[]>;
  close(): Promise<void>;
}

const secret = () => randomBytes(24).toString('hex');

export const createSimulator = async ({
  host = '127.0.0.1',
  port = 0,
  workspaceId = 'demo',
  partnerApiKey = secret(),
  flowApiKey = secret(),
  bot = createDemoBot(),
  logger = silentLogger,
  timeoutMs = 10_000,
  replyDelayMs = 0,
}: SimulatorOptions = {}): Promise<Simulator> => {
  const code = randomBytes(12).toString('hex');
  const { received, record, waitFor } = createRecorder();
  const faults = { botUrl: [] as Fault[], down: false };
  const closing = new AbortController();
  let registration: WebhookRegistration | undefined;
  let botQueue = Promise.resolve();
  const media = createMediaLibrary();
  const context: BotContext = { mediaUrl: (name) => `${simulator.url}/media/${name}` };

  const push = async (value: Push): Promise<{ status: number; body: string }> => {
    const webhook = registration;
    if (!webhook) throw new Error('no webhook is registered; set one through the partner API first');
    const body = phpJson(value);
    const response = await fetchToRelay(webhook.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(webhook.verificationKey, body) },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]),
    });
    return { status: response.status, body: await response.text() };
  };

  // The bot answers after bot_url has answered, one request at a time so its pushes keep their order.
  const answer = (request: BotUrlRequest) => {
    botQueue = botQueue
      .then(async () => {
        if (replyDelayMs > 0) await pause(replyDelayMs, closing.signal);
        for (const reply of await bot(request.body, context)) {
          if (!registration || closing.signal.aborted) return;
          const { status } = await push(reply);
          if (status >= 300) logger.warn('simulator.push_refused', { status });
        }
      })
      .catch((error: unknown) => {
        if (!closing.signal.aborted) logger.warn('simulator.push_failed', { reason: error instanceof Error ? error.name : 'unknown' });
      });
  };

  const botPath = `/api/apichat/${code}`;
  let simulator: Simulator;
  const route = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (path === botPath) {
      if (req.method !== 'POST') throw new SimulatorError(405, 'use POST');
      const accept = (request: BotUrlRequest) => {
        record(request);
        setImmediate(() => answer(request));
      };
      return handleBotUrl({ flowApiKey, faults: faults.botUrl, down: () => faults.down, record: accept }, req, res, path);
    }
    if (isPartnerPath(path)) {
      const setWebhook = (webhook: WebhookRegistration | undefined) => {
        registration = webhook;
        logger.info(webhook ? 'simulator.webhook_set' : 'simulator.webhook_removed', webhook ? { webhook: safeUrl(webhook.webhookUrl) } : {});
      };
      return handlePartner({ workspaceId, partnerApiKey, botUrl: simulator.botUrl, getWebhook: () => registration, setWebhook, handshakeTimeoutMs: timeoutMs }, req, res, path);
    }
    if (path.startsWith('/_simulator/')) return handleControl(simulator, req, res, path);
    if (path.startsWith('/media/')) return handleMedia(media, req, res, path.slice('/media/'.length));
    throw new SimulatorError(404, 'not found');
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    route(req, res, path).catch((error: unknown) => {
      const status = error instanceof SimulatorError ? error.status : 500;
      const message = error instanceof SimulatorError ? error.message : 'internal error';
      if (status === 500) logger.error('simulator.error', { path, reason: error instanceof Error ? error.name : 'unknown' });
      if (res.headersSent || req.socket.destroyed) return void res.destroy();
      sendJson(res, status, path.startsWith('/_simulator/') ? { error: message } : { status: 'error', message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${address.port}`;
  logger.info('simulator.listening', { url });

  simulator = {
    url,
    botUrl: `${url}${botPath}`,
    partnerApiKey,
    flowApiKey,
    workspaceId,
    received,
    faults,
    webhook: () => registration,
    push,
    waitForReceived: waitFor,
    close: async () => {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // includes requests held open by a `hang` fault
      await closed;
    },
  };
  return simulator;
};

/** Waits, or stops waiting when the simulator closes. */
const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** A webhook URL for logs: origin and path only, never a query that might carry a token. */
const safeUrl = (value: string): string => {
  const { origin, pathname } = new URL(value);
  return `${origin}${pathname}`;
};
