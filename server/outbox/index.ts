import type { Logger } from '../log.ts';
import type { Hub } from '../hub/index.ts';
import type { Metrics } from '../metrics/index.ts';
import type { Provider } from '../providers/types.ts';
import { DeliveryError } from '../providers/types.ts';
import type { OutboxItem, Store } from '../store/types.ts';
import { isUnknownOutboxItem } from '../store/ids.ts';

export interface OutboxOptions {
  store: Store;
  provider: Provider;
  hub: Hub;
  logger: Logger;
  /** Attempts by outcome, retries and how long each attempt took. */
  metrics?: Metrics;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Conversations delivered concurrently per pass; within one conversation delivery is strictly in order. */
  batch?: number;
  now?: () => number;
  random?: () => number;
  /** Called once the platform accepted an item (e.g. to show that the bot is preparing an answer). */
  onDelivered?: (item: OutboxItem) => void;
  /** This relay among those sharing the store: the owner of its leases. */
  owner?: string;
  /** How long a claimed conversation stays this relay's without renewal (OUTBOX_LEASE_MS); renewed every third of it. */
  leaseMs?: number;
  /** Where relays share the store: look for work at least this often (another relay may have queued it, then died). */
  pollMs?: number;
}

/**
 * Delivers queued visitor messages to the platform. Each conversation's queue is sent in order, one at a time;
 * failures are retried with capped exponential backoff (and jitter), forever — a message is never dropped. The
 * queue lives in the store, so a restart simply resumes it.
 *
 * Relays sharing a store take turns per conversation: a pass claims due conversations under a lease (the store
 * never hands one to two relays while its lease lives), renews the leases of deliveries in flight every third of the
 * lease, and lets them go when it stops. The lease outlives any delivery in flight (at least twice the platform
 * timeout), so while a relay is alive and reaches the store nobody else sends its conversation's messages. A relay
 * that dies (or loses the store for longer than the lease) leaves them to another once the lease runs out; the
 * message it had in flight may then reach the platform twice (it cannot know whether the platform took it). The
 * first relay to record an accepted delivery removes it from the queue: a later one finds it gone and sends nothing
 * more of it.
 */
export const createOutbox = ({
  store,
  provider,
  hub,
  logger,
  metrics,
  baseDelayMs = 500,
  maxDelayMs = 60_000,
  batch = 32,
  now = Date.now,
  random = Math.random,
  onDelivered,
  owner = 'relay',
  leaseMs = 30_000,
  pollMs,
}: OutboxOptions) => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  // Set when a stop's grace period ran out: an attempt still in flight then changes nothing it need not.
  let abandoned = false;
  const counted = metrics && {
    delivered: metrics.counter('chatport_deliveries_total', { outcome: 'delivered' }),
    failed: metrics.counter('chatport_deliveries_total', { outcome: 'failed' }),
    refused: metrics.counter('chatport_deliveries_total', { outcome: 'refused' }),
    retries: metrics.counter('chatport_delivery_retries_total'),
  };
  const attempt = (outcome: 'delivered' | 'failed' | 'refused', started: number) => {
    counted?.[outcome].inc();
    metrics?.observe('chatport_delivery_duration_seconds', (performance.now() - started) / 1000, { outcome });
  };

  const backoff = (attempts: number) => {
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempts, 20));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };

  /** Conversations with a delivery in flight (their leases are renewed), and those another relay took over meanwhile. */
  const inFlight = new Set<string>();
  const lost = new Set<string>();
  const renew = async () => {
    if (inFlight.size === 0) return;
    const gone = await store.outboxRenew(owner, [...inFlight], now() + leaseMs);
    for (const conversationId of gone) {
      if (!inFlight.has(conversationId) || lost.has(conversationId)) continue;
      lost.add(conversationId);
      logger.warn('outbox.lease_lost', {
        conversationId,
        hint: 'another relay took this conversation over while a delivery was in flight (this one was cut off from the store for longer than OUTBOX_LEASE_MS)',
      });
    }
  };
  const renewal = setInterval(
    () => void renew().catch((error: unknown) => logger.warn('outbox.renew_failed', { reason: error instanceof Error ? error.message.split('\n')[0] : String(error) })),
    Math.max(100, Math.floor(leaseMs / 3)),
  );
  renewal.unref();

  /** Records an accepted delivery; one another relay recorded first is done already. */
  const recordDelivered = async (item: OutboxItem): Promise<number | undefined> => {
    if (lost.has(item.conversationId))
      logger.warn('outbox.lease_lost', {
        conversationId: item.conversationId,
        messageId: item.messageId,
        hint: 'accepted after another relay took the conversation over: the platform may have this message twice',
      });
    try {
      return await store.outboxDelivered(item.id);
    } catch (error) {
      if (!isUnknownOutboxItem(error)) throw error;
      logger.info('outbox.recorded_elsewhere', { conversationId: item.conversationId, messageId: item.messageId });
      return undefined;
    }
  };

  const deliverOne = async (item: OutboxItem): Promise<boolean> => {
    inFlight.add(item.conversationId);
    try {
      return await attemptOne(item);
    } finally {
      inFlight.delete(item.conversationId);
      lost.delete(item.conversationId);
    }
  };

  const attemptOne = async (item: OutboxItem): Promise<boolean> => {
    const conversation = await store.getConversation(item.conversationId);
    const message = await store.getMessage(item.conversationId, item.messageId);
    const visitor = conversation && (await store.getVisitor(conversation.visitorId));
    // A stop that began meanwhile starts nothing new: the item stays queued as it is.
    if (closed) return false;
    if (item.attempts > 0) counted?.retries.inc();
    const started = performance.now();
    try {
      if (!conversation || !message || !visitor) throw new DeliveryError('queued message lost its conversation or visitor', false);
      await provider.deliver({ visitor, conversation, message });
    } catch (error) {
      const refused = error instanceof DeliveryError && !error.retryable;
      attempt(refused ? 'refused' : 'failed', started);
      // Another relay holds the conversation now: its own attempts and their timing are its business.
      if (abandoned || lost.has(item.conversationId)) return false;
      const reason = error instanceof Error ? error.message : String(error);
      const delay = backoff(item.attempts);
      await store.outboxRetry(item.id, now() + delay, reason);
      const fields = { conversationId: item.conversationId, messageId: item.messageId, attempts: item.attempts + 1, retryInMs: delay, reason };
      if (refused) logger.error('outbox.refused', { ...fields, status: error.status });
      else logger.warn('outbox.retry', { ...fields, status: error instanceof DeliveryError ? error.status : undefined });
      return false;
    }
    attempt('delivered', started);
    if (abandoned) {
      // Accepted after the stop gave up waiting, so the store may be closed already: recorded if it still can be,
      // else it stays queued and is sent again on the next start.
      await store.outboxDelivered(item.id).catch(() => logger.warn('outbox.accepted_after_stop', { conversationId: item.conversationId, messageId: item.messageId }));
      return false;
    }
    const deliveredSeq = await recordDelivered(item);
    if (deliveredSeq === undefined) return true;
    hub.publish(item.conversationId, { event: 'status', data: { deliveredSeq } });
    onDelivered?.(item);
    return true;
  };

  const pass = async (): Promise<void> => {
    do {
      again = false;
      const due = await store.outboxClaim(owner, now(), batch, leaseMs);
      const results = await Promise.all(due.map(deliverOne));
      // A delivered head makes the next message of its conversation due at once.
      if (results.some(Boolean) || due.length === batch) again = true;
    } while (again && !closed);
    if (!closed) schedule(await store.outboxNextAttemptAt(owner));
  };

  const schedule = (next: number | undefined) => {
    clearTimeout(timer);
    const at = pollMs === undefined ? next : Math.min(next ?? Number.POSITIVE_INFINITY, now() + pollMs);
    if (closed || at === undefined) return;
    timer = setTimeout(kick, Math.max(0, at - now()));
    timer.unref();
  };

  /** Run a pass now (a new message was queued); coalesces with a pass already running. */
  function kick(): void {
    if (closed) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = pass()
      .catch((error: unknown) => {
        logger.error('outbox.failed', { reason: error instanceof Error ? error.message : String(error) });
        schedule(now() + baseDelayMs);
      })
      .finally(() => {
        running = undefined;
        if (again && !closed) kick();
      });
  }

  /**
   * Starts nothing new and waits for the attempts in flight, at most `graceMs`. Resolves true when none was left
   * unfinished; an unfinished one stays queued in the store (the platform may still have taken it).
   */
  const close = async ({ graceMs = Number.POSITIVE_INFINITY }: { graceMs?: number } = {}): Promise<boolean> => {
    closed = true;
    clearTimeout(timer);
    let finished = true;
    if (running !== undefined) {
      let expire: NodeJS.Timeout | undefined;
      finished = await Promise.race([
        running.then(() => true),
        ...(Number.isFinite(graceMs) ? [new Promise<boolean>((resolve) => (expire = setTimeout(() => resolve(false), graceMs)))] : []),
      ]);
      clearTimeout(expire);
      if (!finished) abandoned = true;
    }
    // Another relay may take this one's conversations at once; with a delivery still in flight they stay leased
    // until their leases run out (nobody else sends that message meanwhile).
    clearInterval(renewal);
    if (finished) await store.outboxRelease(owner).catch(() => undefined);
    return finished;
  };

  return { kick, close };
};

export type Outbox = ReturnType<typeof createOutbox>;
