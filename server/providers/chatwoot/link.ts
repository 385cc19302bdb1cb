import type { PlatformLink } from '../../store/types.ts';
import type { ChatwootVisitorState } from './delivery/index.ts';

/** The visitor's Chatwoot state as the store keeps it: source_id and conversation id are refs a push is routed by. */
export const toLink = (visitorId: string, state: ChatwootVisitorState): PlatformLink => ({
  visitorId,
  ...(state.sourceId ? { contactRef: state.sourceId } : {}),
  ...(state.conversationId === undefined ? {} : { conversationRef: String(state.conversationId) }),
  data: {
    ...(state.pubsubToken === undefined ? {} : { pubsubToken: state.pubsubToken }),
    ...(state.contactId === undefined ? {} : { contactId: state.contactId }),
  },
});

export const fromLink = (link: PlatformLink | undefined): ChatwootVisitorState => {
  if (!link) return {};
  const { pubsubToken, contactId } = link.data;
  const conversationId = link.conversationRef === undefined ? undefined : Number(link.conversationRef);
  return {
    ...(link.contactRef ? { sourceId: link.contactRef } : {}),
    ...(typeof pubsubToken === 'string' ? { pubsubToken } : {}),
    ...(typeof contactId === 'number' ? { contactId } : {}),
    ...(conversationId !== undefined && Number.isSafeInteger(conversationId) ? { conversationId } : {}),
  };
};
