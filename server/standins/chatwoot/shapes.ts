import { extname } from 'node:path';
import type { Contact, ContactInbox, Conversation, Message, StandinState, StoredFile } from './state.ts';

/** The fixed parts of the stand-in's world: one account, one API inbox, one agent. */
export interface StandinWorld {
  account: { id: number; name: string };
  inbox: { id: number; name: string };
  agent: { id: number; name: string; email: string };
}

/** Where the stand-in serves its agent's picture (Chatwoot serves avatars from its storage; any address will do). */
export const AGENT_AVATAR_PATH = '/avatars/agent.png';

const fileType = (contentType: string) => (/^(image|audio|video)\//.exec(contentType)?.[1] as 'image' | 'audio' | 'video' | undefined) ?? 'file';
const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;

/** Renders records the way Chatwoot's jbuilder views and webhook_data do (docs/platforms/chatwoot.md#client-api, #callbacks, #cable). */
export const createShapes = (state: StandinState, world: StandinWorld, baseUrl: () => string) => {
  const publicContact = (row: ContactInbox, contact: Contact) => ({
    source_id: row.source_id,
    pubsub_token: row.pubsub_token,
    id: contact.id,
    name: contact.name,
    email: contact.email,
    phone_number: contact.phone_number,
  });

  /** Contact#as_json, as embedded in the public conversation. */
  const contactRecord = (contact: Contact) => ({
    id: contact.id,
    name: contact.name,
    email: contact.email,
    phone_number: contact.phone_number,
    identifier: contact.identifier,
    blocked: false,
    additional_attributes: {},
    custom_attributes: contact.custom_attributes,
    contact_type: 'lead',
    country_code: null,
    last_activity_at: contact.updated_at,
    created_at: contact.created_at,
    updated_at: contact.updated_at,
    last_name: null,
    middle_name: null,
    location: null,
    account_id: world.account.id,
    company_id: null,
  });

  const contactPush = (contact: Contact) => ({
    id: contact.id,
    name: contact.name,
    email: contact.email,
    phone_number: contact.phone_number,
    identifier: contact.identifier,
    thumbnail: '',
    additional_attributes: {},
    custom_attributes: contact.custom_attributes,
    blocked: false,
    type: 'contact' as const,
  });
  // The agent's picture is in push data (websocket, public API) only: the webhook's sender has the name alone.
  const picture = () => `${baseUrl()}${AGENT_AVATAR_PATH}`;
  const agentPush = () => ({
    id: world.agent.id,
    name: world.agent.name,
    available_name: world.agent.name,
    avatar_url: picture(),
    type: 'user' as const,
    availability_status: 'online',
    thumbnail: picture(),
  });

  const attachment = (file: StoredFile) => {
    const type = fileType(file.content_type);
    const name = encodeURIComponent(file.name);
    return {
      id: file.id,
      message_id: file.message_id,
      file_type: type,
      account_id: world.account.id,
      extension: extname(file.name).slice(1) || null,
      content_type: file.content_type,
      data_url: `${baseUrl()}/rails/active_storage/blobs/redirect/${file.key}/${name}`,
      thumb_url: type === 'image' ? `${baseUrl()}/rails/active_storage/representations/redirect/${file.key}/${name}` : '',
      file_size: file.data.length,
      width: null,
      height: null,
    };
  };

  const senderPush = (message: Message) => {
    if (message.sender === 'agent') return agentPush();
    if (message.sender !== 'contact') return undefined;
    return contactPush(state.contactOf(conversationOf(message)));
  };

  const conversationOf = (message: Message): Conversation => {
    const conversation = state.conversations.find((c) => c.id === message.conversation_id);
    if (!conversation) throw new Error(`message ${message.id} has no conversation`);
    return conversation;
  };

  /** `attachments` and `sender` are left out, not null, when there are none. */
  const publicMessage = (message: Message) => {
    const sender = senderPush(message);
    return {
      id: message.id,
      content: message.content,
      message_type: message.message_type,
      content_type: message.content_type,
      content_attributes: message.content_attributes,
      created_at: message.created_at,
      conversation_id: message.conversation_id,
      ...(message.attachments.length > 0 ? { attachments: message.attachments.map(attachment) } : {}),
      ...(sender ? { sender } : {}),
    };
  };

  const isChat = (message: Message) => !message.private && message.message_type !== 2;

  const publicConversation = (conversation: Conversation) => ({
    id: conversation.id,
    uuid: conversation.uuid,
    inbox_id: world.inbox.id,
    contact_last_seen_at: conversation.contact_last_seen_at,
    status: conversation.status,
    agent_last_seen_at: conversation.agent_last_seen_at,
    messages: state.messages.filter((m) => m.conversation_id === conversation.id && isChat(m)).map(publicMessage),
    contact: contactRecord(state.contactOf(conversation)),
  });

  /** Websocket push data of a message; webhook conversations embed the last one. */
  const messagePush = (message: Message) => ({
    ...publicMessage(message),
    account_id: world.account.id,
    inbox_id: world.inbox.id,
    updated_at: new Date(message.created_at * 1000).toISOString(),
    private: message.private,
    status: message.status,
    source_id: message.source_id,
    sender_type: message.sender === 'agent' ? 'User' : message.sender === 'contact' ? 'Contact' : null,
    sender_id: message.sender === 'agent' ? world.agent.id : message.sender === 'contact' ? state.contactOf(conversationOf(message)).id : null,
    external_source_ids: {},
    additional_attributes: {},
    processed_message_content: message.content,
    sentiment: {},
    conversation: {
      assignee_id: world.agent.id,
      unread_count: 0,
      last_activity_at: conversation(message).updated_at,
      contact_inbox: { source_id: state.contactInboxOf(conversation(message)).source_id },
    },
  });
  const conversation = conversationOf;

  const conversationWebhook = (c: Conversation) => {
    const last = state.messages.filter((m) => m.conversation_id === c.id && isChat(m)).at(-1);
    const { hmac_verified, ...contactInbox } = state.contactInboxOf(c);
    return {
      id: c.id,
      inbox_id: world.inbox.id,
      channel: 'Channel::Api',
      status: c.status,
      can_reply: true,
      contact_inbox: { ...contactInbox, inbox_id: world.inbox.id, hmac_verified },
      messages: last ? [messagePush(last)] : [],
      meta: { sender: contactPush(state.contactOf(c)), assignee: agentPush(), assignee_type: 'User', team: null, hmac_verified },
      labels: [],
      additional_attributes: {},
      custom_attributes: c.custom_attributes,
      snoozed_until: null,
      unread_count: 0,
      first_reply_created_at: null,
      priority: null,
      waiting_since: 0,
      agent_last_seen_at: c.agent_last_seen_at,
      contact_last_seen_at: c.contact_last_seen_at,
      last_activity_at: c.updated_at,
      timestamp: c.updated_at,
      created_at: c.created_at,
      updated_at: c.updated_at,
      account: world.account,
    };
  };

  /** A contact as a webhook sender or typing user: no `type` key. */
  const contactWebhookSender = (contact: Contact) => {
    const { type: _type, thumbnail, ...rest } = contactPush(contact);
    return { ...rest, account: world.account, avatar: '', thumbnail };
  };

  const messageWebhook = (event: 'message_created' | 'message_updated', message: Message) => {
    const c = conversation(message);
    const sender =
      message.sender === 'agent'
        ? { id: world.agent.id, name: world.agent.name, email: world.agent.email, type: 'user' }
        : message.sender === 'contact'
          ? contactWebhookSender(state.contactOf(c))
          : null;
    // On API inboxes the CSAT text goes out with the hosted survey page appended; the websocket keeps it bare.
    const content = message.content_type === 'input_csat' ? `${message.content ?? ''} ${baseUrl()}/survey/responses/${c.uuid}`.trimStart() : message.content;
    return {
      event,
      id: message.id,
      content,
      content_type: message.content_type,
      content_attributes: message.content_attributes,
      message_type: MESSAGE_TYPES[message.message_type],
      private: message.private,
      source_id: message.source_id,
      created_at: new Date(message.created_at * 1000).toISOString(),
      additional_attributes: {},
      account: world.account,
      inbox: world.inbox,
      sender,
      ...(message.attachments.length > 0 ? { attachments: message.attachments.map(attachment) } : {}),
      conversation: conversationWebhook(c),
    };
  };

  return {
    publicContact,
    contactRecord,
    publicMessage,
    publicConversation,
    conversationWebhook,
    messageWebhook,
    messagePush,
    contactWebhookSender,
    agentWebhookUser: () => ({ ...world.agent, type: 'user' }),
    isChat,
  };
};

export type Shapes = ReturnType<typeof createShapes>;
