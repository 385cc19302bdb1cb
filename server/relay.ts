import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokens } from './auth/token.ts';
import type { Config } from './config/index.ts';
import { createCors } from './http/cors.ts';
import { HttpError, sendError } from './http/errors.ts';
import { createRateLimit } from './http/rate-limit.ts';
import { createRouter } from './http/router.ts';
import { createHub } from './hub/index.ts';
import { createIdentityCheck } from './identity/index.ts';
import { createInbound } from './inbound/index.ts';
import { createLogger, type Logger } from './log.ts';
import { createOutbox } from './outbox/index.ts';
import { createTyping } from './typing/index.ts';
import type { Provider } from './providers/types.ts';
import { createAssetRoutes } from './routes/assets.ts';
import type { RelayContext } from './routes/context.ts';
import { createHealthRoutes } from './routes/health.ts';
import { createHistoryRoute, createSendRoute } from './routes/messages.ts';
import { createMetrics } from './routes/metrics.ts';
import { createSeenRoute, createTypingRoute } from './routes/presence.ts';
import { createSessionRoute } from './routes/sessions.ts';
import { createStreamRoute } from './routes/stream.ts';
import { createWebhookRoute } from './routes/webhooks.ts';
import { createFileRoute } from './routes/files.ts';
import { createUploadRoute } from './routes/uploads.ts';
import { packageFile } from './package/files.ts';
import type { Store } from './store/types.ts';
import { createMemoryBlobs, createUploads, type BlobStore } from './uploads/index.ts';

export interface RelayOptions {
  config: Config;
  store: Store;
  provider: Provider;
  /** Where upload bytes go; in memory unless given (start.ts puts them under DATA_DIR/uploads for sqlite). */
  blobs?: BlobStore;
  logger?: Logger;
  distDir?: string;
  /** An HTML file served at `/` (the demo website). */
  demoPage?: string;
  heartbeatMs?: number;
  outboxDelays?: { baseDelayMs?: number; maxDelayMs?: number };
  /** How long "the bot is typing" stays on without an answer (15 s). */
  typingTimeoutMs?: number;
}

export interface Relay {
  /** e.g. http://127.0.0.1:8787 — the address actually bound. */
  url: string;
  port: number;
  context: RelayContext;
  close(): Promise<void>;
}

/** A file address carries its secret token: logs and error messages get the route's shape only. */
const redactPath = (pathname: string): string => (pathname.startsWith('/files/') ? '/files/…' : pathname);

const projectFile = (path: string) => packageFile(path);

/** Starts a relay: HTTP server, live hub and outbox. `close()` stops all of it and closes the store. */
export const createRelay = async ({ config, store, provider, blobs = createMemoryBlobs(), logger = createLogger(), distDir = projectFile('dist'), demoPage, heartbeatMs, outboxDelays = {}, typingTimeoutMs }: RelayOptions): Promise<Relay> => {
  const hub = createHub(heartbeatMs === undefined ? {} : { heartbeatMs });
  const typing = createTyping({ publish: hub.publish, store, ...(typingTimeoutMs === undefined ? {} : { timeoutMs: typingTimeoutMs }) });
  // A platform that reports typing itself is believed; otherwise a delivered message means the bot is preparing an answer.
  const onDelivered = ({ conversationId, seq }: { conversationId: string; seq: number }) =>
    provider.typing === 'signalled'
      ? undefined
      : void typing.delivered(conversationId, seq).catch((error: unknown) => logger.warn('typing.failed', { reason: error instanceof Error ? error.message : String(error) }));
  const metrics = createMetrics();
  const outbox = createOutbox({ store, provider, hub, logger, onDelivered, ...outboxDelays });
  // Port 0 means the public address is known only once bound (as in start.ts and the CLI).
  let publicUrl = config.publicUrl;
  const context: RelayContext = {
    config,
    store,
    hub,
    provider,
    outbox,
    typing,
    inbound: createInbound({ store, hub, typing, metrics, logger }),
    logger,
    distDir,
    ...(demoPage ? { demoPage } : {}),
    tokens: createTokens({ secret: config.secret }),
    ...(config.identitySecret ? { identity: createIdentityCheck({ secret: config.identitySecret }) } : {}),
    metrics,
    uploads: createUploads({ store, blobs, logger, publicUrl: () => publicUrl, maxBytes: config.uploadMaxBytes }),
    limits: {
      sessionsPerIp: createRateLimit({ burst: 30, perSecond: 1 }),
      sendsPerVisitor: createRateLimit({ burst: 20, perSecond: 2 }),
      uploadsPerVisitor: createRateLimit({ burst: 20, perSecond: 0.5 }),
      presencePerVisitor: createRateLimit({ burst: 10, perSecond: 1 }),
      identityFailuresPerIp: createRateLimit({ burst: 10, perSecond: 0.1 }),
    },
  };

  provider.connect?.(context.inbound);
  const router = createRouter();
  const assets = createAssetRoutes(context);
  const health = createHealthRoutes(context);
  router.post('/v1/sessions', createSessionRoute(context));
  router.get('/v1/messages', createHistoryRoute(context));
  router.post('/v1/messages', createSendRoute(context));
  router.get('/v1/stream', createStreamRoute(context));
  router.post('/v1/typing', createTypingRoute(context));
  router.post('/v1/seen', createSeenRoute(context));
  router.post('/v1/uploads', createUploadRoute(context));
  router.get('/files/:token/:name', createFileRoute(context));
  router.post('/webhooks/:provider', createWebhookRoute(context));
  router.get('/webhooks/:provider', createWebhookRoute(context));
  router.get('/embed.js', assets.embed);
  router.get('/assets/*', assets.asset);
  router.get('/', assets.demo);
  router.get('/demo.css', assets.demoCss);
  router.get('/healthz', health.healthz);
  router.get('/metrics', health.metrics);

  const cors = createCors({ origins: config.allowedOrigins });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('x-content-type-options', 'nosniff');
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    try {
      if (url.pathname.startsWith('/v1/') && cors(req, res)) return;
      const found = router.match(req.method ?? 'GET', url.pathname);
      if (found === 'not_found') throw new HttpError(404, 'not_found', `no route for ${redactPath(url.pathname)}`);
      if (found === 'method_not_allowed') throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${redactPath(url.pathname)}`);
      await found.handler({ req, res, url, params: found.params });
    } catch (error) {
      if (error instanceof HttpError) return sendError(res, error);
      logger.error('request.failed', { method: req.method, path: redactPath(url.pathname), reason: error instanceof Error ? error.message : String(error) });
      sendError(res, new HttpError(500, 'internal', 'internal error'));
    }
  };

  // requestTimeout bounds a whole request, body included: a 10 MB upload over a ~1 Mbit/s uplink takes ~80 s.
  const server = createServer({ requestTimeout: 120_000, headersTimeout: 20_000 }, (req, res) => void handle(req, res));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (config.port === 0) publicUrl = url;
  outbox.kick(); // deliver whatever a previous run left queued
  // Whether identified visitors are on, never the secret itself.
  logger.info('relay.listening', { host: config.host, port, mode: config.mode, provider: provider.name, identifiedVisitors: config.identitySecret !== undefined });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      typing.close();
      await provider.close?.();
      hub.close();
      await outbox.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    })());

  return { url, port, context, close };
};
