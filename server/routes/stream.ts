import { addressKey } from '../http/client-address/index.ts';
import { createStreamCaps } from '../hub/caps.ts';
import { formatEvent, SSE_HEADERS, SseConnection } from '../hub/sse.ts';
import { HttpError } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import { authenticate, type RelayContext } from './context.ts';

// A refused stream comes back after a few seconds: by then others have closed, or a load balancer sent it elsewhere.
const RETRY_AFTER_SECONDS = 5;

// Small pages: a replay waits for a slow client with one page in memory, not the whole backlog.
const REPLAY_PAGE = 100;

const lastEventId = ({ req, url }: Context): number => {
  const raw = (req.headers['last-event-id'] as string | undefined) ?? url.searchParams.get('after') ?? '0';
  if (!/^\d{1,15}$/.test(raw)) throw new HttpError(400, 'invalid_last_event_id', 'Last-Event-ID must be a message seq');
  return Number(raw);
};

/**
 * Writes the stored messages after the connection's lastSeq at the pace the client reads, then the delivery state as
 * of now (it may have advanced while disconnected), then goes live with what was held meanwhile.
 */
const replay = async (ctx: RelayContext, connection: SseConnection): Promise<void> => {
  for (;;) {
    const page = await ctx.store.listMessages(connection.conversationId, { after: connection.lastSeq, limit: REPLAY_PAGE });
    for (const message of page) {
      if (connection.closed) return;
      await connection.send(formatEvent('message', message, message.seq), message.seq);
    }
    if (page.length < REPLAY_PAGE) break;
  }
  const current = await ctx.store.getConversation(connection.conversationId);
  await connection.send(formatEvent('status', { deliveredSeq: current?.deliveredSeq ?? 0, ...(current?.readSeq ? { readSeq: current.readSeq } : {}) }));
  connection.resume();
};

/**
 * GET /v1/stream — SSE. At most `maxStreams` are open (503 with Retry-After past it). Subscribes first, then replays from the store after Last-Event-ID at the client's pace, then
 * goes live: frames published during the replay are held and deduplicated by seq, so nothing is missed or sent twice.
 * Streams are capped per visitor and per client address: one past a cap ends the oldest with an `evicted` event.
 */
export const createStreamRoute = (ctx: RelayContext, { maxBufferedBytes = 1 << 20, maxStreams = Number.POSITIVE_INFINITY } = {}) => {
  const refused = ctx.metrics.counter('chatport_streams_refused_total');
  // The widget does not reconnect an evicted stream until its tab is used again, so tabs past the cap never take turns.
  const caps = createStreamCaps<SseConnection>({
    ...ctx.config.streams,
    evict: (connection, reason) => {
      ctx.metrics.inc('chatport_streams_evicted_total', { reason });
      connection.end('evicted', { reason });
    },
  });
  // Frames dropped for a client that fell behind are read again from the store once it reads.
  const catchUp = (connection: SseConnection) =>
    void replay(ctx, connection).catch((error: unknown) => {
      ctx.logger.warn('stream.replay_failed', { reason: error instanceof Error ? error.message : String(error) });
      connection.destroy();
    });
  return async (c: Context) => {
    const { req, res } = c;
    // Past the cap a stream would take a descriptor webhooks and health checks need: the widget retries later.
    if (ctx.hub.count() >= maxStreams) {
      refused.inc();
      res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
      res.setHeader('connection', 'close');
      throw new HttpError(503, 'streams_full', 'the relay holds as many streams as it can; retry in a moment');
    }
    const { conversation, claims } = await authenticate(ctx, req);
    const lastSeq = lastEventId(c);

    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true);
    const connection = new SseConnection(res, { maxBufferedBytes, stallMs: ctx.config.streams.stallMs, lastSeq, conversationId: conversation.id, catchUp });
    const unsubscribe = ctx.hub.subscribe(conversation.id, connection);
    const counted = caps.open(claims.v, addressKey(ctx.clientAddress(req)), connection);
    res.on('close', () => {
      unsubscribe();
      caps.close(counted);
    });
    // Realtime paths that follow active visitors (Chatwoot's socket) start with the first stream, end with the last.
    if (ctx.provider.visitorActive) {
      const visitor = await ctx.store.getVisitor(conversation.visitorId);
      if (visitor) {
        ctx.provider.visitorActive(visitor, true);
        res.on('close', () => ctx.provider.visitorActive?.(visitor, false));
      }
    }
    connection.write('retry: 2000\n\n');

    await replay(ctx, connection);
    ctx.metrics.inc('chatport_streams_opened_total');
  };
};
