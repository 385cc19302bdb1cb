import type { InboundMessage, InboundSignal } from '../types.ts';
import type { ChatwootSignal, ParsedMessage } from './parse.ts';

const STATUSES = new Set(['open', 'pending', 'resolved', 'snoozed']);

/** A parsed Chatwoot message for the relay: routed by source_id or conversation id, ordered by Chatwoot's time. */
export const toInbound = (message: ParsedMessage, visitorId?: string): InboundMessage => ({
  ...(visitorId ? { visitorId } : {}),
  ...(message.sourceId ? { contactRef: message.sourceId } : {}),
  ...(message.conversationId === undefined ? {} : { conversationRef: String(message.conversationId) }),
  author: message.author,
  body: message.body,
  externalId: message.externalId,
  update: message.update,
  createdAt: message.createdAt,
});

/** Typing and the four conversation states reach the widget; anything else Chatwoot may add is left out. */
export const toSignals = (signals: readonly ChatwootSignal[], visitorId?: string): InboundSignal[] =>
  signals.flatMap((signal): InboundSignal[] => {
    const route = {
      ...(visitorId ? { visitorId } : {}),
      ...(signal.sourceId ? { contactRef: signal.sourceId } : {}),
      ...(signal.conversationId === undefined ? {} : { conversationRef: String(signal.conversationId) }),
    };
    if (signal.type === 'typing') return [{ ...route, type: 'typing', on: signal.on }];
    return STATUSES.has(signal.status) ? [{ ...route, type: 'status', status: signal.status as 'open' }] : [];
  });
