import type { Message } from '../../src/protocol/index.ts';
import type { Hub } from '../hub/index.ts';
import type { Logger } from '../log.ts';
import type { InboundMessage, InboundRoute, InboundSignal } from '../providers/types.ts';
import type { Metrics } from '../metrics/index.ts';
import type { Conversation, Store } from '../store/types.ts';
import type { Typing } from '../typing/index.ts';

export interface InboundOptions {
  store: Store;
  hub: Hub;
  typing: Typing;
  metrics: Metrics;
  logger: Logger;
}

export interface Applied {
  stored: number;
  /** Messages and signals no conversation matched, of `total`. */
  unknown: number;
  total: number;
}

/**
 * What a platform pushed, by webhook or by socket: each message routed to its conversation, stored (once), then
 * streamed — stored before shown; a new version of a shown message is stored as a version of it; signals are live only.
 */
/** How far back a read mark looks: a visitor who wrote more since the agent's last look has more news than a mark. */
const SEEN_PAGE = 100;

export const createInbound = ({ store, hub, typing, metrics, logger }: InboundOptions) => {
  const storedBy = { bot: metrics.counter('chatport_messages_total', { author: 'bot' }), agent: metrics.counter('chatport_messages_total', { author: 'agent' }) };
  /** By our visitor id first (it is ours, so unambiguous), then our conversation number, then the platform's ids. */
  const route = async (where: InboundRoute): Promise<Conversation | undefined> => {
    if (where.visitorId) {
      const visitor = await store.getVisitor(where.visitorId);
      if (visitor) return store.getConversation(visitor.conversationId);
    }
    if (where.conversationNumber !== undefined) {
      const found = await store.getConversationByNumber(where.conversationNumber);
      if (found) return found;
    }
    const link =
      (where.contactRef === undefined ? undefined : await store.findLink({ contactRef: where.contactRef })) ??
      (where.conversationRef === undefined ? undefined : await store.findLink({ conversationRef: where.conversationRef }));
    const visitor = link && (await store.getVisitor(link.visitorId));
    return visitor && store.getConversation(visitor.conversationId);
  };

  const storeMessage = async (conversation: Conversation, inbound: InboundMessage): Promise<Message | undefined> => {
    const { author, body, externalId, createdAt, order, sender } = inbound;
    const known = inbound.update && externalId !== undefined ? await store.findExternal(conversation.id, externalId) : undefined;
    // Deleting what was never shown shows nothing (a platform may name parts or messages this relay never stored).
    if (inbound.update && body.kind === 'deleted' && !known) return undefined;
    // A version keeps its original's time, so it stays where the original was drawn.
    const draft = known
      ? { author, body, replaces: known.original.id, createdAt: known.original.createdAt }
      : {
          author,
          body,
          ...(externalId === undefined ? {} : { externalId }),
          ...(createdAt === undefined ? {} : { createdAt }),
          ...(order === undefined ? {} : { order }),
          ...(sender === undefined ? {} : { sender }),
        };
    const { message, created } = await store.append(conversation.id, draft);
    return created ? message : undefined;
  };

  /**
   * An agent looked at the conversation at `at`: the visitor's messages the platform had by then (delivered, and
   * written no later) are read. Judged on the newest page; the read mark only rises, and is streamed when it does.
   */
  const seen = async (conversation: Conversation, at: string) => {
    const until = Date.parse(at);
    const recent = await store.listMessages(conversation.id, { before: conversation.deliveredSeq + 1, limit: SEEN_PAGE });
    const last = recent.findLast((m) => m.author === 'visitor' && Date.parse(m.createdAt) <= until);
    if (!last || last.seq <= (conversation.readSeq ?? 0)) return;
    const readSeq = await store.markRead(conversation.id, last.seq);
    hub.publish(conversation.id, { event: 'status', data: { deliveredSeq: conversation.deliveredSeq, readSeq } });
  };

  const apply = async (messages: readonly InboundMessage[], signals: readonly InboundSignal[] = []): Promise<Applied> => {
    let stored = 0;
    const unknown: InboundRoute[] = [];
    // The parts of one message, and a message with its signals, name the same conversation: looked up once per push.
    const found = new Map<string, Promise<Conversation | undefined>>();
    const routeOnce = (where: InboundRoute) => {
      const key = JSON.stringify([where.visitorId, where.conversationNumber, where.contactRef, where.conversationRef]);
      let conversation = found.get(key);
      if (!conversation) found.set(key, (conversation = route(where)));
      return conversation;
    };
    for (const inbound of messages) {
      const conversation = await routeOnce(inbound);
      if (!conversation) {
        unknown.push(inbound);
        continue;
      }
      const message = await storeMessage(conversation, inbound);
      if (!message) continue;
      stored++;
      storedBy[inbound.author].inc();
      if (!message.replaces) typing.replied(conversation.id); // the indicator goes off before the answer shows
      hub.publish(conversation.id, { event: 'message', data: message });
    }
    for (const signal of signals) {
      const conversation = await routeOnce(signal);
      if (!conversation) {
        unknown.push(signal);
        continue;
      }
      if (signal.type === 'typing') typing.signal(conversation.id, signal.on);
      else if (signal.type === 'seen') await seen(conversation, signal.at);
      else hub.publish(conversation.id, { event: 'conversation', data: { status: signal.status } });
    }
    if (unknown.length > 0) {
      const [first] = unknown;
      // Refs only, never tokens: which visitor a push was meant for, to find a misrouted webhook.
      logger.warn('inbound.unknown_recipient', { count: unknown.length, visitorId: first?.visitorId, conversationNumber: first?.conversationNumber, conversationRef: first?.conversationRef });
    }
    return { stored, unknown: unknown.length, total: messages.length + signals.length };
  };

  return { apply, route };
};

export type Inbound = ReturnType<typeof createInbound>;
