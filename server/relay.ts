import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createTokens } from './auth/token.ts';
import type { Config } from './config/index.ts';
import { createAccessLog } from './http/access.ts';
import { trackConnections } from './http/connections.ts';
import { createCors } from './http/cors.ts';
import { createRequestHandler } from './http/handler.ts';
import { createClientAddress } from './http/client-address/index.ts';
import { createLimits } from './http/limits.ts';
import { readOpenFileLimit, streamCapFor } from './http/open-files.ts';
import { createRouter } from './http/router.ts';
import { createHub } from './hub/index.ts';
import { createBus, type Transport } from './bus/index.ts';
import { createSharedHub } from './bus/live.ts';
import { createLocalTransport } from './bus/local.ts';
import { createDiskGuard, type Statfs } from './disk/index.ts';
import { createIdentityCheck } from './identity/index.ts';
import { createInbound } from './inbound/index.ts';
import { createLogger, type Logger } from './log.ts';
import { createMetrics } from './metrics/index.ts';
import { collectRelayGauges } from './metrics/relay-gauges.ts';
import { createOutbox } from './outbox/index.ts';
import { createRetention, type RetentionOptions } from './retention/index.ts';
import { createTyping } from './typing/index.ts';
import type { Provider } from './providers/types.ts';
import { createAssetRoutes } from './routes/assets.ts';
import type { RelayContext } from './routes/context.ts';
import { createHealthRoutes } from './routes/health.ts';
import { createHistoryRoute, createSendRoute } from './routes/messages.ts';
import { createMetricsRoute } from './routes/metrics.ts';
import { createSeenRoute, createTypingRoute } from './routes/presence.ts';
import { createInboxRoute } from './routes/inbox.ts';
import { createSoundRoute } from './routes/sound.ts';
import { createSessionRoute } from './routes/sessions.ts';
import { createStreamRoute } from './routes/stream.ts';
import { createWebhookRoute } from './routes/webhooks.ts';
import { createFileRoute } from './routes/files.ts';
import { createUploadRoute } from './routes/uploads.ts';
import { packageFile } from './package/files.ts';
import { createGroupCommit } from './store/group-commit.ts';
import type { Store } from './store/types.ts';
import { createMemoryBlobs, createUploads, type BlobStore } from './uploads/index.ts';
import { readVersion } from './version.ts';

export interface RelayOptions {
  config: Config;
  store: Store;
  provider: Provider;
  /** Signals between relays that share the store (start.ts: Postgres or Redis); a relay on its own has none. */
  signals?: Transport;
  /** Where upload bytes go; in memory unless given (start.ts puts them under DATA_DIR/uploads for sqlite). */
  blobs?: BlobStore;
  logger?: Logger;
  distDir?: string;
  /** An HTML file served at `/` (the demo website). */
  demoPage?: string;
  /** Demo mode: the stand-in platform's address; the demo page may show the demo bot's media from it. */
  standInUrl?: string;
  heartbeatMs?: number;
  outboxDelays?: { baseDelayMs?: number; maxDelayMs?: number };
  /** How long "the bot is typing" stays on without an answer (15 s). */
  typingTimeoutMs?: number;
  /** Reads DATA_DIR's free space (fs.statfs unless given; tests give a full disk). */
  statfs?: Statfs;
  /** Retention's schedule and clock (tests); its period comes from config.retention. */
  retention?: Partial<Omit<RetentionOptions, 'store' | 'blobs' | 'logger'>>;
}

export interface Relay {
  /** e.g. http://127.0.0.1:8787 — the address actually bound. */
  url: string;
  port: number;
  /** Where /metrics is served when METRICS_PORT is set (the address actually bound). */
  metricsUrl?: string;
  context: RelayContext;
  /**
   * Stops: accepts nothing new, ends the visitors' streams (they reconnect and resume), lets platform deliveries and
   * requests in flight finish for up to `graceMs` (SHUTDOWN_GRACE_MS), then closes the store.
   */
  close(options?: { graceMs?: number }): Promise<void>;
  /** Cuts every visitor's live stream at once, as a network drop would; widgets reconnect and resume (the QA kit's `dropStreams`). */
  dropStreams(): void;
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

const urlOf = (host: string, port: number) => {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
};

const projectFile = (path: string) => packageFile(path);

/** Starts a relay: HTTP server, live hub and outbox. `close()` stops all of it and closes the store. */
export const createRelay = async ({
  config,
  store,
  provider,
  signals = createLocalTransport(),
  blobs = createMemoryBlobs(),
  logger = createLogger(),
  distDir = projectFile('dist'),
  demoPage,
  standInUrl,
  heartbeatMs,
  outboxDelays = {},
  typingTimeoutMs,
  statfs,
  retention: retentionOptions = {},
}: RelayOptions): Promise<Relay> => {
  const { metricsToken, metricsPort, metricsHost, shutdownGraceMs } = config.ops;
  // Process metrics only where someone can read them (their observers live as long as the process).
  const metricsExposed = metricsToken !== undefined || metricsPort !== undefined;
  const metrics = createMetrics({
    processMetrics: metricsExposed,
    onCollectError: (error) => logger.warn('metrics.collect_failed', { reason: error instanceof Error ? error.message : String(error) }),
  });
  metrics.set('chatport_relay_info', 1, { version: readVersion(), mode: config.mode, provider: provider.name });
  const bus = createBus({ transport: signals, logger, metrics });
  const streams = createHub(heartbeatMs === undefined ? {} : { heartbeatMs });
  // Typing publishes to every relay's streams, or (a timer running out, which it does on every relay) to this one's.
  const typing = createTyping({
    publish: (conversationId, event) => hub.publish(conversationId, event),
    publishHere: streams.publish,
    store,
    ...(typingTimeoutMs === undefined ? {} : { timeoutMs: typingTimeoutMs }),
  });
  // Other relays' news reaches this relay's streams through the shared hub: typing follows them, and a platform
  // link another relay made (Chatwoot's contact) is looked at again where the visitor streams.
  const { linkChanged } = provider;
  const hub = createSharedHub({
    hub: streams,
    bus,
    store,
    logger,
    onTyping: typing.mirror,
    ...(linkChanged
      ? {
          onDelivered: (conversationId: string) =>
            void store.getConversation(conversationId).then(
              (conversation) => conversation && linkChanged.call(provider, conversation.visitorId),
              () => undefined,
            ),
        }
      : {}),
  });
  // A platform that reports typing itself is believed; otherwise a delivered message means the bot is preparing an answer.
  const onDelivered = ({ conversationId, seq }: { conversationId: string; seq: number }) =>
    provider.typing === 'signalled'
      ? undefined
      : void typing.delivered(conversationId, seq).catch((error: unknown) => logger.warn('typing.failed', { reason: error instanceof Error ? error.message : String(error) }));
  collectRelayGauges({ metrics, hub, store });
  // Where relays share the store, each is one owner of the outbox's leases, and looks for work at least once a lease.
  const { outboxLeaseMs } = config.cluster;
  const outbox = createOutbox({
    store,
    provider,
    hub,
    logger,
    metrics,
    onDelivered,
    owner: bus.instanceId,
    leaseMs: outboxLeaseMs,
    ...(bus.shared ? { pollMs: outboxLeaseMs } : {}),
    ...outboxDelays,
  });
  const retention = createRetention({ store, blobs, logger, metrics, days: config.retention.days, ...retentionOptions });
  // Messages stored together share one transaction: platform pushes and visitor sends alike.
  const groupCommit = createGroupCommit({ store });
  // Port 0 means the public address is known only once bound (as in start.ts and the CLI).
  let publicUrl = config.publicUrl;
  const context: RelayContext = {
    config,
    store,
    hub,
    provider,
    outbox,
    typing,
    groupCommit,
    inbound: createInbound({ store, hub, typing, metrics, logger, commits: groupCommit }),
    logger,
    distDir,
    ...(demoPage ? { demoPage } : {}),
    ...(standInUrl ? { standInUrl } : {}),
    tokens: createTokens({ secret: config.secret }),
    ...(config.identitySecret ? { identity: createIdentityCheck({ secret: config.identitySecret }) } : {}),
    metrics,
    uploads: createUploads({ store, blobs, logger, publicUrl: () => publicUrl, maxBytes: config.uploadMaxBytes, quota: config.storage.uploadQuota }),
    limits: createLimits(),
    clientAddress: createClientAddress(config.proxy),
    // Only SQLite keeps the relay's data on this machine's disk: memory keeps none (and tests do not depend on the
    // machine's disk), Postgres keeps it on the database server.
    disk: createDiskGuard({ dir: config.store === 'sqlite' ? config.dataDir : undefined, thresholds: config.storage.diskFreeMin, logger, ...(statfs ? { statfs } : {}) }),
  };

  provider.connect?.(context.inbound);
  const router = createRouter();
  const assets = createAssetRoutes(context);
  let stopping = false;
  const health = createHealthRoutes(context, { stopping: () => stopping, bus });
  router.post('/v1/sessions', createSessionRoute(context));
  router.get('/v1/messages', createHistoryRoute(context));
  router.post('/v1/messages', createSendRoute(context));
  // Streams stop a margin below the open-file limit, so webhooks, requests and health checks still get a descriptor.
  const openFiles = readOpenFileLimit();
  const maxStreams = config.streams.max ?? (openFiles === undefined ? undefined : streamCapFor(openFiles));
  router.get('/v1/stream', createStreamRoute(context, maxStreams === undefined ? {} : { maxStreams }));
  router.post('/v1/typing', createTypingRoute(context));
  router.post('/v1/seen', createSeenRoute(context));
  router.post('/v1/uploads', createUploadRoute(context));
  router.get('/v1/inbox', createInboxRoute(context));
  router.get('/sounds/message.wav', createSoundRoute());
  router.get('/files/:token/:name', createFileRoute(context));
  router.post('/webhooks/:provider', createWebhookRoute(context));
  router.get('/webhooks/:provider', createWebhookRoute(context));
  router.get('/embed.js', assets.embed);
  router.get('/assets/*', assets.asset);
  router.get('/', assets.demo);
  router.get('/demo.css', assets.demoCss);
  router.get('/healthz', health.healthz);
  router.get('/readyz', health.readyz);
  const metricsRoute = createMetricsRoute(context);
  // Not public by default: on the public port only behind METRICS_TOKEN, else on METRICS_PORT's own listener.
  if (metricsToken !== undefined && metricsPort === undefined) router.get('/metrics', metricsRoute);

  const cors = createCors({ origins: config.allowedOrigins });
  const access = createAccessLog({ logger, metrics });
  const handler = createRequestHandler({ logger, access, cors, stopping: () => stopping });

  // requestTimeout bounds a whole request, body included: a 10 MB upload over a ~1 Mbit/s uplink takes ~80 s.
  const handle = handler(router);
  const server = createServer({ requestTimeout: 120_000, headersTimeout: 20_000 }, (req, res) => void handle(req, res));
  server.keepAliveTimeout = 65_000;
  const connections = trackConnections(server);
  // Listening for other relays' signals before taking requests: a stream opened now misses nothing.
  await hub.start();
  // The sockets that carry live streams, so dropStreams can cut exactly those.
  const streamSockets = new Set<Socket>();
  server.on('request', (req: IncomingMessage) => {
    if (!req.url?.startsWith('/v1/stream')) return;
    streamSockets.add(req.socket);
    req.socket.once('close', () => streamSockets.delete(req.socket));
  });
  const port = await listen(server, config.port, config.host);
  const url = urlOf(config.host, port);
  if (config.port === 0) publicUrl = url;

  let metricsServer: Server | undefined;
  let metricsUrl: string | undefined;
  if (metricsPort !== undefined) {
    const routes = createRouter();
    routes.get('/metrics', metricsRoute);
    routes.get('/healthz', health.healthz);
    routes.get('/readyz', health.readyz);
    const handleMetrics = handler(routes);
    metricsServer = createServer({ requestTimeout: 10_000, headersTimeout: 10_000 }, (req, res) => void handleMetrics(req, res));
    try {
      metricsUrl = urlOf(metricsHost, await listen(metricsServer, metricsPort, metricsHost));
    } catch (error) {
      server.close();
      throw error;
    }
  }
  outbox.kick(); // deliver whatever a previous run left queued
  retention.start();
  // Whether identified visitors are on, never the secret itself.
  logger.info('relay.listening', {
    host: config.host,
    port,
    mode: config.mode,
    provider: provider.name,
    ...(bus.shared ? { instance: bus.instanceId, signals: bus.transport } : {}),
    identifiedVisitors: config.identitySecret !== undefined,
    ...(openFiles === undefined ? {} : { openFiles }),
    ...(maxStreams === undefined ? {} : { maxStreams }),
    metrics: metricsUrl ? `${metricsUrl}/metrics` : metricsToken !== undefined ? 'token' : 'off',
  });

  let closing: Promise<void> | undefined;
  const close = ({ graceMs = shutdownGraceMs }: { graceMs?: number } = {}) =>
    (closing ??= (async () => {
      stopping = true;
      // Stop accepting; connections with nothing in flight close now, the rest as they finish.
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      typing.close();
      await retention.close();
      hub.close(); // streams end cleanly: widgets reconnect, here after a restart or on another instance, and resume
      connections.closeIdle();
      const idle = setInterval(() => connections.closeIdle(), 50);
      let expire: NodeJS.Timeout | undefined;
      const [finished] = await Promise.all([outbox.close({ graceMs }), Promise.race([drained, new Promise<void>((resolve) => (expire = setTimeout(resolve, graceMs)))])]);
      clearTimeout(expire);
      clearInterval(idle);
      if (!finished) logger.warn('outbox.left_queued', { graceMs, hint: 'deliveries still in flight stay queued and are sent on the next start' });
      server.closeAllConnections();
      await drained;
      // The metrics listener stays up through the grace period, so probes and a last scrape see the stop.
      if (metricsServer) {
        const metricsClosed = new Promise<void>((resolve) => metricsServer!.close(() => resolve()));
        metricsServer.closeAllConnections();
        await metricsClosed;
      }
      await provider.close?.();
      await groupCommit.settled();
      await bus.close();
      await store.close();
    })());

  return { url, port, ...(metricsUrl ? { metricsUrl } : {}), context, close, dropStreams: () => streamSockets.forEach((socket) => socket.destroy()) };
};
