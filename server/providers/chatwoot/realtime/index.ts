import type { Logger } from '../../../log.ts';
import type { InboundSink } from '../../types.ts';
import { createCableClient, type CableClient } from './cable.ts';
import { readBroadcast } from './cable-events.ts';
import type { ChatwootClient } from '../client/index.ts';
import type { ChatwootVisitorState } from '../delivery/index.ts';
import { isChatwootError } from '../client/errors.ts';
import { toInboundMessages, toSignals } from '../inbound.ts';
import type { ParsedMessage } from '../parse.ts';

export interface RealtimeOptions {
  baseUrl: string;
  client: ChatwootClient;
  stateOf(visitorId: string): Promise<ChatwootVisitorState>;
  sink(): InboundSink | undefined;
  logger: Logger;
  confirmTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Tests pass their own socket client. */
  createCable?: typeof createCableClient;
}

/**
 * The cable path: one subscription per active visitor (a visitor with an open stream) that has a contact. Chatwoot
 * replays nothing (docs/platforms/chatwoot.md#no-replay), so each (re)subscription is followed by a fetch of the
 * messages after the last one seen.
 */
export const createRealtime = ({ baseUrl, client, stateOf, sink, logger, confirmTimeoutMs, backoff, createCable = createCableClient }: RealtimeOptions) => {
  const streams = new Map<string, number>();
  const tokenOf = new Map<string, string>(); // visitor → watched pubsub_token
  const visitorOf = new Map<string, string>(); // pubsub_token → visitor
  const lastSeen = new Map<string, number>(); // visitor → highest Chatwoot message id received
  let closed = false;

  const received = (visitorId: string, messages: readonly ParsedMessage[]) => {
    for (const { id } of messages) if (id > (lastSeen.get(visitorId) ?? 0)) lastSeen.set(visitorId, id);
  };
  const push = (visitorId: string, messages: ParsedMessage[], signals: Parameters<typeof toSignals>[0]) => {
    received(visitorId, messages);
    const target = sink();
    if (!target || (messages.length === 0 && signals.length === 0)) return;
    void target
      .apply(toInboundMessages(messages, visitorId), toSignals(signals, visitorId))
      .catch((error: unknown) => logger.error('chatwoot_cable.apply_failed', { visitorId, reason: error instanceof Error ? error.message : String(error) }));
  };

  /** Every message after the last one seen (the latest page when none was), as versions where they changed meanwhile. */
  const resync = async (visitorId: string) => {
    const { sourceId, conversationId } = await stateOf(visitorId);
    if (closed || !sourceId || conversationId === undefined) return;
    const after = lastSeen.get(visitorId);
    const list = await client.listMessagesAfter(sourceId, conversationId, after === undefined ? { maxPages: 1 } : { after });
    const messages = list.flatMap((message) => {
      const read = readBroadcast('message.updated', { ...message, conversation_id: conversationId }, new Map());
      return read.ok ? read.messages : [];
    });
    let signals: Parameters<typeof toSignals>[0] = [];
    try {
      const conversation = await client.getConversation(sourceId, conversationId);
      // Chatwoot replays nothing: the agent's last look is read back with the status.
      const seenAt = conversation.agent_last_seen_at;
      signals = [{ conversationId, type: 'status', status: conversation.status }, ...(seenAt ? [{ conversationId, type: 'seen' as const, at: seenAt * 1000 }] : [])];
    } catch (error) {
      if (!(isChatwootError(error) && error.endpointMissing)) throw error; // before 3.7 there is no status to read
    }
    push(visitorId, messages, signals);
  };
  const resyncSafely = (visitorId: string) =>
    resync(visitorId).catch((error: unknown) => logger.warn('chatwoot_cable.resync_failed', { visitorId, reason: isChatwootError(error) ? error.kind : 'error' }));

  const cable: CableClient = createCable({
    baseUrl,
    logger,
    ...(confirmTimeoutMs === undefined ? {} : { confirmTimeoutMs }),
    ...(backoff ? { backoff } : {}),
    onMessages: (messages, signals, token) => {
      const visitorId = visitorOf.get(token);
      if (visitorId) push(visitorId, messages, signals);
    },
    onResync: async (token) => {
      const visitorId = visitorOf.get(token);
      if (visitorId) await resyncSafely(visitorId);
    },
  });

  const unwatch = (visitorId: string) => {
    const token = tokenOf.get(visitorId);
    if (token === undefined) return;
    cable.unwatch(token);
    tokenOf.delete(visitorId);
    visitorOf.delete(token);
  };

  /** Subscribes the visitor's current token (none until their first message made a contact), then catches up. */
  const watch = async (visitorId: string) => {
    // Only visitors streaming here are followed here (another relay follows its own).
    if (closed || !streams.has(visitorId)) return;
    const { pubsubToken } = await stateOf(visitorId);
    if (closed || !streams.has(visitorId) || !pubsubToken || tokenOf.get(visitorId) === pubsubToken) return;
    unwatch(visitorId);
    tokenOf.set(visitorId, pubsubToken);
    visitorOf.set(pubsubToken, visitorId);
    // Caught up once the subscription is confirmed: nothing sent before it is pushed
    // (docs/platforms/chatwoot.md#no-replay), so fetching earlier could miss some.
    cable.watch(pubsubToken, { catchUp: true });
  };
  const watchSafely = (visitorId: string) => void watch(visitorId).catch((error: unknown) => logger.warn('chatwoot_cable.watch_failed', { visitorId, reason: String(error) }));

  return {
    /** Streams of a visitor opened (+1) or closed (-1): watched while at least one is open. */
    active(visitorId: string, on: boolean) {
      const count = (streams.get(visitorId) ?? 0) + (on ? 1 : -1);
      if (count > 0) streams.set(visitorId, count);
      else streams.delete(visitorId);
      if (on && count === 1) watchSafely(visitorId);
      if (count <= 0) unwatch(visitorId);
    },
    /** The visitor's contact changed (first message, or re-created): follow the new token. */
    changed: watchSafely,
    close() {
      closed = true;
      cable.close();
    },
  };
};
