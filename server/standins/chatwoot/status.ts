import type { PublicContext } from './contacts.ts';
import type { Conversation, ConversationStatus } from './state.ts';
import { unixNow } from './state.ts';

/** A status change, with the conversation_status_changed callback upstream sends for it. */
export const setStatus = (context: PublicContext, conversation: Conversation, status: ConversationStatus): void => {
  if (conversation.status === status) return;
  const previous = conversation.status;
  conversation.status = status;
  conversation.updated_at = unixNow();
  context.emit({
    event: 'conversation_status_changed',
    ...context.shapes.conversationWebhook(conversation),
    changed_attributes: [{ status: { previous_value: previous, current_value: status } }],
  });
};
