import type { CallbackRecord, Callbacks } from './callbacks.ts';
import type { Shapes } from './shapes.ts';
import type { Message, StandinState } from './state.ts';
import { unixNow } from './state.ts';

export interface AgentFile {
  name: string;
  contentType: string;
  data: Buffer | Uint8Array;
}

export interface AgentMessage {
  content: string | null;
  content_type?: string;
  content_attributes?: Record<string, unknown>;
  attachments?: AgentFile[];
  private?: boolean;
  /** 1 = outgoing (default), 3 = template (auto messages, CSAT: no sender). */
  message_type?: 1 | 3;
}

export const DELETED_TEXT = 'This message was deleted';

export type MessageUpdate = Partial<Pick<Message, 'content' | 'content_attributes' | 'status' | 'private'>>;

/** What the inbox's agent side does: each call changes the state and sends its callback (docs/platforms/chatwoot.md#callbacks). */
export const createAgent = (state: StandinState, shapes: Shapes, callbacks: Callbacks) => {
  const conversation = (id: number) => {
    const found = state.conversations.find((c) => c.id === id);
    if (!found) throw new Error(`chatwoot stand-in: no conversation ${id}`);
    return found;
  };

  /** A failed message_* delivery marks the message failed with the error text, as upstream does for API inboxes. */
  const deliver = async (message: Message, event: 'message_created' | 'message_updated'): Promise<CallbackRecord> => {
    const record = await callbacks.send(shapes.messageWebhook(event, message));
    if (record.error) {
      message.status = 'failed';
      message.content_attributes = { ...message.content_attributes, external_error: record.error };
    }
    return record;
  };

  const say = async (conversationId: number, input: AgentMessage) => {
    const c = conversation(conversationId);
    const type = input.message_type ?? 1;
    const files = (input.attachments ?? []).map((file) => ({ name: file.name, contentType: file.contentType, data: Buffer.from(file.data) }));
    const message = state.addMessage(
      {
        conversation_id: c.id,
        content: input.content,
        message_type: type,
        sender: type === 1 ? 'agent' : null,
        content_type: input.content_type ?? 'text',
        content_attributes: input.content_attributes ?? {},
        private: input.private ?? false,
      },
      files,
    );
    c.updated_at = unixNow();
    const callback = await deliver(message, 'message_created');
    return { message: shapes.publicMessage(message), callback };
  };

  const update = async (messageId: number, attrs: MessageUpdate) => {
    const message = state.messages.find((m) => m.id === messageId);
    if (!message) throw new Error(`chatwoot stand-in: no message ${messageId}`);
    Object.assign(message, attrs);
    const callback = await deliver(message, 'message_updated');
    return { message: shapes.publicMessage(message), callback };
  };

  /** An agent deletes a message: upstream rewrites it as text "This message was deleted", drops its files, sends message_updated. */
  const remove = async (messageId: number) => {
    const message = state.messages.find((m) => m.id === messageId);
    if (!message) throw new Error(`chatwoot stand-in: no message ${messageId}`);
    Object.assign(message, { content: DELETED_TEXT, content_type: 'text', content_attributes: { deleted: true }, attachments: [] });
    const callback = await deliver(message, 'message_updated');
    return { message: shapes.publicMessage(message), callback };
  };

  const typing = (conversationId: number, on: boolean): Promise<CallbackRecord> =>
    callbacks.send({
      event: on ? 'conversation_typing_on' : 'conversation_typing_off',
      user: shapes.agentWebhookUser(),
      conversation: shapes.conversationWebhook(conversation(conversationId)),
      is_private: false,
    });

  return { say, update, remove, typing };
};
