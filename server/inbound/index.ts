import type { Message } from '../../src/protocol/index.ts';
import type { Hub } from '../hub/index.ts';
import type { Logger } from '../log.ts';
import type { InboundMessage, InboundRoute, InboundSignal } from '../providers/types.ts';
import type { Metrics } from '../metrics/index.ts';
import { createGroupCommit, type GroupCommit } from '../store/group-commit.ts';
import type { Store } from '../store/types.ts';
import type { Typing } from '../typing/index.ts';

export interface InboundOptions {
  store: Store;
  hub: Hub;
  typing: Typing;
  metrics: Metrics;
  logger: Logger;
  /** Where messages are stored: the relay's one group commit (shared with visitor sends, so both keep call order). */
  commits?: GroupCommit;
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

export const createInbound = ({ store, hub, typing, metrics, logger, commits = createGroupCommit({ store }) }: InboundOptions) => {
  const storedBy = { bot: metrics.counter('chatport_messages_total', { author: 'bot' }), agent: metrics.counter('chatport_messages_total', { author: 'agent' }) };
  /** The conversation's id, by our visitor id first (it is ours, so unambiguous), then our conversation number, then the platform's ids. */
  const route = async (where: InboundRoute): Promise<string | undefined> => {
    // A visitor has exactly one conversation: their record names it, no second read needed.
    if (where.visitorId) {
      const visitor = await store.getVisitor(where.visitorId);
      if (visitor) return visitor.conversationId;
    }
    if (where.conversationNumber !== undefined) {
      const found = await store.getConversationByNumber(where.conversationNumber);
      if (found) return found.id;
    }
    const link =
      (where.contactRef === undefined ? undefined : await store.findLink({ contactRef: where.contactRef })) ??
      (where.conversationRef === undefined ? undefined : await store.findLink({ conversationRef: where.conversationRef }));
    return link && (await store.getVisitor(link.visitorId))?.conversationId;
  };

  const storeMessage = async (conversationId: string, inbound: InboundMessage): Promise<Message | undefined> => {
    const { author, body, externalId, createdAt, order, sender } = inbound;
    // An update must see its original, which may still wait to be written with a push that came just before it.
    if (inbound.update && externalId !== undefined) await commits.settled();
    const known = inbound.update && externalId !== undefined ? await store.findExternal(conversationId, externalId) : undefined;
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
    // Streamed as its batch is stored, in seq order with everything else stored with it.
    const { message, created } = await commits.append(conversationId, draft, { stored: (result) => result.created && show(conversationId, inbound, result.message) });
    return created ? message : undefined;
  };

  const show = (conversationId: string, inbound: InboundMessage, message: Message): void => {
    storedBy[inbound.author].inc();
    if (!message.replaces) typing.replied(conversationId); // the indicator goes off before the answer shows
    hub.publish(conversationId, { event: 'message', data: message });
  };

  /**
   * An agent looked at the conversation at `at`: the visitor's messages the platform had by then (delivered, and
   * written no later) are read. Judged on the newest page; the read mark only rises, and is streamed when it does.
   */
  const seen = async (conversationId: string, at: string) => {
    const conversation = await store.getConversation(conversationId);
    if (!conversation) return;
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
    const found = new Map<string, Promise<string | undefined>>();
    const routeOnce = (where: InboundRoute) => {
      const key = `${where.visitorId}\u0000${where.conversationNumber}\u0000${where.contactRef}\u0000${where.conversationRef}`;
      let conversation = found.get(key);
      if (!conversation) found.set(key, (conversation = route(where)));
      return conversation;
    };
    // The messages of a push are queued without waiting for each other, so they share one transaction (group commit),
    // and each is streamed as it is stored. One that fails does not keep the others from being stored and streamed;
    // the push then fails (5xx).
    const queued: Promise<Message | undefined>[] = [];
    for (const inbound of messages) {
      const conversationId = await routeOnce(inbound);
      if (!conversationId) {
        unknown.push(inbound);
        continue;
      }
      const storing = storeMessage(conversationId, inbound);
      queued.push(storing);
      // An update reads before it writes: what follows it in the push waits, so seqs keep the push's order.
      if (inbound.update) await storing.catch(() => undefined);
    }
    let failure: { error: unknown } | undefined;
    for (const outcome of await Promise.allSettled(queued)) {
      if (outcome.status === 'rejected') {
        failure ??= { error: outcome.reason };
        continue;
      }
      if (outcome.value) stored++;
    }
    if (failure) throw failure.error;
    for (const signal of signals) {
      const conversationId = await routeOnce(signal);
      if (!conversationId) {
        unknown.push(signal);
        continue;
      }
      if (signal.type === 'typing') typing.signal(conversationId, signal.on);
      else if (signal.type === 'seen') await seen(conversationId, signal.at);
      else hub.publish(conversationId, { event: 'conversation', data: { status: signal.status } });
    }
    if (unknown.length > 0) {
      const [first] = unknown;
      // Refs only, never tokens: which visitor a push was meant for, to find a misrouted webhook.
      logger.warn('inbound.unknown_recipient', {
        count: unknown.length,
        visitorId: first?.visitorId,
        conversationNumber: first?.conversationNumber,
        conversationRef: first?.conversationRef,
      });
    }
    return { stored, unknown: unknown.length, total: messages.length + signals.length };
  };

  return { apply, route };
};

export type Inbound = ReturnType<typeof createInbound>;
