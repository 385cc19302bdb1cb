import type { Logger } from '../log.ts';
import type { Hub } from '../hub/index.ts';
import type { Provider } from '../providers/types.ts';
import { DeliveryError } from '../providers/types.ts';
import type { OutboxItem, Store } from '../store/types.ts';

export interface OutboxOptions {
  store: Store;
  provider: Provider;
  hub: Hub;
  logger: Logger;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Conversations delivered concurrently per pass; within one conversation delivery is strictly in order. */
  batch?: number;
  now?: () => number;
  random?: () => number;
  /** Called once the platform accepted an item (e.g. to show that the bot is preparing an answer). */
  onDelivered?: (item: OutboxItem) => void;
}

/**
 * Delivers queued visitor messages to the platform. Each conversation's queue is sent in order, one at a time;
 * failures are retried with capped exponential backoff (and jitter), forever — a message is never dropped. The
 * queue lives in the store, so a restart simply resumes it.
 */
export const createOutbox = ({ store, provider, hub, logger, baseDelayMs = 500, maxDelayMs = 60_000, batch = 32, now = Date.now, random = Math.random, onDelivered }: OutboxOptions) => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const backoff = (attempts: number) => {
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempts, 20));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };

  const deliverOne = async (item: OutboxItem): Promise<boolean> => {
    const conversation = await store.getConversation(item.conversationId);
    const message = await store.getMessage(item.conversationId, item.messageId);
    const visitor = conversation && (await store.getVisitor(conversation.visitorId));
    try {
      if (!conversation || !message || !visitor) throw new DeliveryError('queued message lost its conversation or visitor', false);
      await provider.deliver({ visitor, conversation, message });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const delay = backoff(item.attempts);
      await store.outboxRetry(item.id, now() + delay, reason);
      const fields = { conversationId: item.conversationId, messageId: item.messageId, attempts: item.attempts + 1, retryInMs: delay, reason };
      if (error instanceof DeliveryError && !error.retryable) logger.error('outbox.refused', { ...fields, status: error.status });
      else logger.warn('outbox.retry', { ...fields, status: error instanceof DeliveryError ? error.status : undefined });
      return false;
    }
    const deliveredSeq = await store.outboxDelivered(item.id);
    hub.publish(item.conversationId, { event: 'status', data: { deliveredSeq } });
    onDelivered?.(item);
    return true;
  };

  const pass = async (): Promise<void> => {
    do {
      again = false;
      const due = await store.outboxDue(now(), batch);
      const results = await Promise.all(due.map(deliverOne));
      // A delivered head makes the next message of its conversation due at once.
      if (results.some(Boolean) || due.length === batch) again = true;
    } while (again && !closed);
    schedule(await store.outboxNextAttemptAt());
  };

  const schedule = (at: number | undefined) => {
    clearTimeout(timer);
    if (closed || at === undefined) return;
    timer = setTimeout(kick, Math.max(0, at - now()));
    timer.unref();
  };

  /** Run a pass now (a new message was queued); coalesces with a pass already running. */
  function kick(): void {
    if (closed) return;
    if (running) {
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

  const close = async (): Promise<void> => {
    closed = true;
    clearTimeout(timer);
    await running;
  };

  return { kick, close };
};

export type Outbox = ReturnType<typeof createOutbox>;
