import { createClient } from 'redis';
import { reconnectDelay } from './backoff.ts';
import type { Transport, TransportHandlers, TransportState } from './types.ts';

export interface RedisTransportOptions {
  /** REDIS_URL: redis://[user:password@]host:port[/db] or rediss://… (never logged). */
  url: string;
  /** The channel every relay of this database listens on (see signalChannel). */
  channel: string;
  onState?: (state: TransportState, reason?: string) => void;
  /** How long `listen` waits for Redis before carrying on in the background (a relay starts with Redis down). */
  connectWaitMs?: number;
  backoff?: { baseMs?: number; maxMs?: number };
}

/**
 * Redis pub/sub: one connection publishes, one subscribes. Redis never queues a message for a subscriber that is
 * away, so each time the subscribing connection is back (resubscribed: the client does that before it says ready),
 * `gap` asks everyone to catch up from the store. Publishing while Redis is away fails at once (nothing is queued
 * to be sent late, out of date).
 */
export const createRedisTransport = ({ url, channel, onState = () => undefined, connectWaitMs = 3000, backoff = {} }: RedisTransportOptions): Transport => {
  const options = {
    url,
    disableOfflineQueue: true,
    pingInterval: 10_000,
    socket: { connectTimeout: 5000, keepAlive: true, reconnectStrategy: (retries: number) => reconnectDelay(retries, backoff) },
  } as const;
  const publisher = createClient(options);
  const subscriber = publisher.duplicate();
  let state: TransportState = 'connecting';
  let readyOnce = false;
  let closed = false;
  let handlers: TransportHandlers | undefined;
  const setState = (next: TransportState, reason?: string) => {
    if (state === next) return;
    state = next;
    onState(next, reason);
  };
  // Without an error listener a lost connection would end the process; the client reconnects by itself.
  const quiet = (error: Error) => {
    if (!closed && state === 'ok') setState('reconnecting', error.message.split('\n')[0]);
  };
  publisher.on('error', () => undefined);
  subscriber.on('error', quiet);
  subscriber.on('reconnecting', () => !closed && readyOnce && setState('reconnecting', 'reconnecting'));
  subscriber.on('ready', () => {
    if (closed) return;
    setState('ok');
    if (readyOnce) handlers?.gap();
    readyOnce = true;
  });

  return {
    name: 'redis',
    // Redis takes far more; this keeps one payload a modest write.
    maxPayload: 64 * 1024,
    async listen(given) {
      handlers = given;
      const subscribed = (async () => {
        await Promise.all([publisher.connect(), subscriber.connect()]);
        await subscriber.subscribe(channel, (message) => handlers?.payload(message));
      })();
      subscribed.catch(() => undefined);
      // With Redis away the relay starts anyway (degraded) and subscribes once Redis answers.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([subscribed.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, connectWaitMs)))]);
      clearTimeout(timer);
    },
    async send(payload) {
      await publisher.publish(channel, payload);
    },
    // Both connections must be up: a subscriber back before the publisher would still drop what this relay sends.
    state: () => (state === 'ok' && !publisher.isReady ? 'reconnecting' : state),
    async close() {
      closed = true;
      await Promise.all([publisher, subscriber].map((client) => (client.isOpen ? client.close().catch(() => undefined) : client.destroy())));
    },
  };
};
