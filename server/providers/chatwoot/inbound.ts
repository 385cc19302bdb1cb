import type { InboundMessage, InboundSignal } from '../types.ts';
import { MAX_ATTACHMENTS } from './client/index.ts';
import type { ChatwootSignal, ParsedMessage } from './parse.ts';

const STATUSES = new Set(['open', 'pending', 'resolved', 'snoozed']);

/** A parsed Chatwoot message for the relay: routed by source_id or conversation id, ordered by Chatwoot's time. */
export const toInbound = (message: ParsedMessage, visitorId?: string): InboundMessage => ({
  ...(visitorId ? { visitorId } : {}),
  ...(message.sourceId ? { contactRef: message.sourceId } : {}),
  ...(message.conversationId === undefined ? {} : { conversationRef: String(message.conversationId) }),
  author: message.author,
  ...(message.sender ? { sender: message.sender } : {}),
  body: message.body,
  externalId: message.externalId,
  update: message.update,
  createdAt: message.createdAt,
  order: message.id,
});

/** The most Bodies one Chatwoot message gives: its content, then up to 15 attachments. */
const MAX_PARTS = 1 + MAX_ATTACHMENTS;

/**
 * An update names every part the message still has: the parts it lost are deleted (an agent's delete drops the
 * attachments, so without this a deleted message's pictures would stay on screen). The relay stores a deletion only
 * for a part it showed, so the padding costs a lookup, never a message.
 */
const withLostParts = (messages: readonly ParsedMessage[]): ParsedMessage[] => {
  const kept = new Map<number, ParsedMessage>(); // message id → its last part in this push
  for (const message of messages) if (message.update && message.part >= (kept.get(message.id)?.part ?? -1)) kept.set(message.id, message);
  const lost = [...kept.values()].flatMap((last) =>
    Array.from({ length: MAX_PARTS - 1 - last.part }, (_, index): ParsedMessage => {
      const part = last.part + 1 + index;
      return { ...last, part, externalId: `${last.id}:${part}`, body: { kind: 'deleted' } };
    }),
  );
  return [...messages, ...lost];
};

/** A push's messages for the relay, with the parts an update no longer has marked deleted. */
export const toInboundMessages = (messages: readonly ParsedMessage[], visitorId?: string): InboundMessage[] =>
  withLostParts(messages).map((message) => toInbound(message, visitorId));

/** Typing and the four conversation states reach the widget; anything else Chatwoot may add is left out. */
export const toSignals = (signals: readonly ChatwootSignal[], visitorId?: string): InboundSignal[] =>
  signals.flatMap((signal): InboundSignal[] => {
    const route = {
      ...(visitorId ? { visitorId } : {}),
      ...(signal.sourceId ? { contactRef: signal.sourceId } : {}),
      ...(signal.conversationId === undefined ? {} : { conversationRef: String(signal.conversationId) }),
    };
    if (signal.type === 'typing') return [{ ...route, type: 'typing', on: signal.on }];
    if (signal.type === 'seen') return [{ ...route, type: 'seen', at: new Date(signal.at).toISOString() }];
    return STATUSES.has(signal.status) ? [{ ...route, type: 'status', status: signal.status as 'open' }] : [];
  });
