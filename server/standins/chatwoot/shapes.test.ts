import { describe, expect, it } from 'vitest';
import { createShapes } from './shapes.ts';
import { createStandinState } from './state.ts';

const world = { account: { id: 1, name: 'Acme' }, inbox: { id: 7, name: 'Site chat (API)' }, agent: { id: 3, name: 'Jane Agent', email: 'jane@acme.test' } };

const setup = () => {
  const state = createStandinState();
  const shapes = createShapes(state, world, () => 'http://127.0.0.1:1');
  const contact = state.addContact({ name: 'Ada', identifier: 'user-1' });
  const row = state.addContactInbox(contact.id, 'source-1');
  const conversation = state.addConversation(row.id);
  return { state, shapes, conversation };
};

describe('shapes', () => {
  it('webhook message_created: string message_type, ISO created_at, display id and source_id for routing', () => {
    const { state, shapes, conversation } = setup();
    const message = state.addMessage({ conversation_id: conversation.id, content: 'Hi!', message_type: 1, sender: 'agent' });
    const payload = shapes.messageWebhook('message_created', message);
    expect(payload).toMatchObject({
      event: 'message_created',
      id: message.id,
      content: 'Hi!',
      content_type: 'text',
      content_attributes: {},
      message_type: 'outgoing',
      private: false,
      source_id: null,
      created_at: new Date(message.created_at * 1000).toISOString(),
      account: world.account,
      inbox: world.inbox,
      sender: { ...world.agent, type: 'user' },
      conversation: {
        id: conversation.id,
        inbox_id: 7,
        channel: 'Channel::Api',
        status: 'open',
        contact_inbox: { source_id: 'source-1', hmac_verified: false },
        meta: { sender: { name: 'Ada' } },
      },
    });
    expect(payload).not.toHaveProperty('attachments');
    expect(payload.conversation.messages).toEqual([expect.objectContaining({ id: message.id, message_type: 1, sender_type: 'User' })]);
  });

  it('a contact sender has no type in webhooks but has one in the public API; template messages have no sender', () => {
    const { state, shapes, conversation } = setup();
    const incoming = state.addMessage({ conversation_id: conversation.id, content: 'Hello', message_type: 0, sender: 'contact' });
    expect(shapes.messageWebhook('message_created', incoming).sender).not.toHaveProperty('type');
    expect(shapes.messageWebhook('message_created', incoming)).toMatchObject({ message_type: 'incoming', sender: { identifier: 'user-1', account: world.account } });
    expect(shapes.publicMessage(incoming).sender).toMatchObject({ type: 'contact', id: 1 });
    const template = state.addMessage({ conversation_id: conversation.id, content: 'Rate us', message_type: 3, sender: null });
    expect(shapes.publicMessage(template)).not.toHaveProperty('sender');
    expect(shapes.messageWebhook('message_created', template).sender).toBeNull();
  });

  it('the public conversation holds every chat message but no private notes or activity', () => {
    const { state, shapes, conversation } = setup();
    state.addMessage({ conversation_id: conversation.id, content: 'a', message_type: 0, sender: 'contact' });
    state.addMessage({ conversation_id: conversation.id, content: 'note', message_type: 1, sender: 'agent', private: true });
    state.addMessage({ conversation_id: conversation.id, content: 'assigned', message_type: 2, sender: null });
    expect(shapes.publicConversation(conversation).messages.map((m) => m.content)).toEqual(['a']);
  });
});
