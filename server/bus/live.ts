import type { Message, StreamEvent } from '../../src/protocol/index.ts';
import type { Hub } from '../hub/index.ts';
import type { SseConnection } from '../hub/sse.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';
import type { Bus, Signal } from './types.ts';

export interface SharedHubOptions {
  /** This relay's own streams. */
  hub: Hub;
  bus: Bus;
  store: Pick<Store, 'listMessages' | 'getConversation'>;
  logger: Logger;
  /** Another relay says the bot or agent started or stopped typing: this relay's typing state follows. */
  onTyping?: (conversationId: string, on: boolean) => void;
  /** Another relay had messages of a conversation streamed here accepted by the platform. */
  onDelivered?: (conversationId: string) => void;
  /** How long a failed catch-up read waits before it is tried again. */
  retryMs?: number;
}

/** A conversation streamed on this relay: how many streams, and the seq up to which messages went to them in order. */
interface Followed {
  streams: number;
  cursor: number;
  reading?: Promise<void>;
  /** More arrived while a read ran: read again when it ends. */
  again: boolean;
  retry?: NodeJS.Timeout;
}

const PAGE = 100;

/**
 * The hub as the routes see it when several relays share a store: what happens here is published to this relay's
 * streams and signalled to the others; what the others signal is read from the store and published here.
 *
 * Messages reach this relay's streams strictly in seq order: a stream skips any seq at or below the last it wrote,
 * so a message stored here (seq 5) must not overtake one stored a moment earlier on another relay (seq 4) whose signal
 * is still on its way. Per followed conversation a cursor says how far messages went out in order; the next seq is
 * published at once, anything past a hole is read from the store after the cursor (seqs are assigned under the
 * conversation's row lock, so once seq 5 is committed, seq 4 is too). Signals that name a seq past the cursor start
 * the same read; a gap in the signals (the bus reconnected) reads every followed conversation, with its delivery
 * state. The streams' own resume (subscribe first, then replay after Last-Event-ID, dropping duplicates by seq)
 * covers a stream's start; this covers its life.
 *
 * A relay on its own (its bus is not shared) publishes straight to its streams, as it always did.
 */
export const createSharedHub = ({ hub, bus, store, logger, onTyping, onDelivered, retryMs = 2000 }: SharedHubOptions): Hub & { start(): Promise<void> } => {
  const followed = new Map<string, Followed>();
  let closed = false;

  const isFollowed = (conversationId: string, entry: Followed) => !closed && followed.get(conversationId) === entry;

  const catchUp = (conversationId: string, entry: Followed): void => {
    if (entry.reading !== undefined) {
      entry.again = true;
      return;
    }
    clearTimeout(entry.retry);
    entry.reading = (async () => {
      do {
        entry.again = false;
        for (;;) {
          const page = await store.listMessages(conversationId, { after: entry.cursor, limit: PAGE });
          for (const message of page) {
            if (message.seq <= entry.cursor) continue;
            hub.publish(conversationId, { event: 'message', data: message });
            entry.cursor = message.seq;
          }
          if (page.length < PAGE || !isFollowed(conversationId, entry)) break;
        }
      } while (entry.again && isFollowed(conversationId, entry));
    })()
      .catch((error: unknown) => {
        // The store is away: tried again shortly, and in any case by the next signal or gap.
        logger.warn('signals.catch_up_failed', { conversationId, reason: error instanceof Error ? error.message.split('\n')[0] : String(error) });
        if (!isFollowed(conversationId, entry)) return;
        entry.retry = setTimeout(() => isFollowed(conversationId, entry) && catchUp(conversationId, entry), retryMs);
        entry.retry.unref();
      })
      .finally(() => {
        entry.reading = undefined;
        // Something arrived between the read's last check and now.
        if (entry.again && isFollowed(conversationId, entry)) catchUp(conversationId, entry);
      });
  };

  /** A message stored on this relay: out at once when it is next in order, else after a read of what lies between. */
  const local = (conversationId: string, message: Message) => {
    const entry = followed.get(conversationId);
    if (!entry) return;
    if (entry.reading !== undefined) entry.again = true;
    else if (message.seq === entry.cursor + 1) {
      hub.publish(conversationId, { event: 'message', data: message });
      entry.cursor = message.seq;
    } else if (message.seq > entry.cursor) catchUp(conversationId, entry);
  };

  const signal = (signal: Signal) => {
    const { conversationId } = signal;
    const entry = followed.get(conversationId);
    switch (signal.type) {
      case 'message':
        if (entry && signal.seq > entry.cursor) catchUp(conversationId, entry);
        return;
      case 'delivered':
        if (!entry) return;
        hub.publish(conversationId, { event: 'status', data: { deliveredSeq: signal.seq, ...(signal.read === undefined ? {} : { readSeq: signal.read }) } });
        onDelivered?.(conversationId);
        return;
      case 'typing':
        // Followed here or not: the relay that stores the answer turns the indicator off everywhere.
        if (onTyping) onTyping(conversationId, signal.on);
        else if (entry) hub.publish(conversationId, { event: 'typing', data: { on: signal.on } });
        return;
      case 'status':
        if (entry) hub.publish(conversationId, { event: 'conversation', data: { status: signal.status } });
        return;
    }
  };

  /** Signals may have been lost: every followed conversation reads what it may have missed, and its delivery state. */
  const gap = () => {
    logger.info('signals.catching_up', { conversations: followed.size, transport: bus.transport });
    for (const [conversationId, entry] of followed) {
      catchUp(conversationId, entry);
      store.getConversation(conversationId).then(
        (conversation) =>
          conversation &&
          isFollowed(conversationId, entry) &&
          hub.publish(conversationId, {
            event: 'status',
            data: { deliveredSeq: conversation.deliveredSeq, ...(conversation.readSeq === undefined ? {} : { readSeq: conversation.readSeq }) },
          }),
        () => undefined,
      );
    }
  };

  const subscribe = (conversationId: string, connection: SseConnection): (() => void) => {
    const unsubscribe = hub.subscribe(conversationId, connection);
    if (!bus.shared) return unsubscribe;
    let entry = followed.get(conversationId);
    // A new stream replays from the store by itself; the cursor starts where the first one resumes.
    if (!entry) followed.set(conversationId, (entry = { streams: 0, cursor: connection.lastSeq, again: false }));
    entry.streams++;
    let open = true;
    return () => {
      unsubscribe();
      if (!open) return;
      open = false;
      if (--entry.streams > 0 || followed.get(conversationId) !== entry) return;
      clearTimeout(entry.retry);
      followed.delete(conversationId);
    };
  };

  const publish = (conversationId: string, event: StreamEvent): void => {
    if (!bus.shared) {
      hub.publish(conversationId, event);
      return;
    }
    switch (event.event) {
      case 'message':
        local(conversationId, event.data);
        bus.publish({ type: 'message', conversationId, seq: event.data.seq });
        return;
      case 'status':
        hub.publish(conversationId, event);
        bus.publish({ type: 'delivered', conversationId, seq: event.data.deliveredSeq, ...(event.data.readSeq === undefined ? {} : { read: event.data.readSeq }) });
        return;
      case 'typing':
        hub.publish(conversationId, event);
        bus.publish({ type: 'typing', conversationId, on: event.data.on });
        return;
      case 'conversation':
        hub.publish(conversationId, event);
        bus.publish({ type: 'status', conversationId, status: event.data.status });
        return;
    }
  };

  return {
    ...hub,
    subscribe,
    publish,
    start: () => bus.start({ signal, gap }),
    close: () => {
      closed = true;
      for (const entry of followed.values()) clearTimeout(entry.retry);
      followed.clear();
      hub.close();
    },
  };
};
