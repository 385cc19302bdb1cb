import { randomBytes, randomUUID } from 'node:crypto';

/** The records of one API-channel inbox, shaped after Chatwoot's tables (docs/platforms/chatwoot.md#identifiers). */
export interface Contact {
  id: number;
  name: string | null;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  custom_attributes: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface ContactInbox {
  id: number;
  contact_id: number;
  source_id: string;
  pubsub_token: string;
  hmac_verified: boolean;
  created_at: string;
  updated_at: string;
}

export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';

export interface Conversation {
  /** The display_id, which is what public URLs and payloads call `id`. */
  id: number;
  uuid: string;
  contact_inbox_id: number;
  status: ConversationStatus;
  custom_attributes: Record<string, unknown>;
  contact_last_seen_at: number;
  agent_last_seen_at: number;
  created_at: number;
  updated_at: number;
}

export interface StoredFile {
  id: number;
  message_id: number;
  /** Unguessable part of the storage address. */
  key: string;
  name: string;
  content_type: string;
  data: Buffer;
}

export type MessageType = 0 | 1 | 2 | 3;

export interface Message {
  id: number;
  conversation_id: number;
  content: string | null;
  message_type: MessageType;
  content_type: string;
  content_attributes: Record<string, unknown>;
  private: boolean;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  source_id: string | null;
  /** Who wrote it: the conversation's contact, the inbox agent, or nobody (template/auto messages). */
  sender: 'contact' | 'agent' | null;
  attachments: StoredFile[];
  created_at: number;
}

const ADJECTIVES = ['quiet', 'little', 'bold', 'misty', 'silent', 'autumn', 'polished', 'wandering'];
const NOUNS = ['river', 'field', 'breeze', 'meadow', 'forest', 'harbor', 'lake', 'hill'];
const pick = (list: string[]) => list[randomBytes(1)[0]! % list.length]!;
/** The "haikunator" name upstream gives a contact created without one. */
export const haikuName = (): string => `${pick(ADJECTIVES)}-${pick(NOUNS)}-${randomBytes(2).readUInt16BE() % 1000}`;

export const unixNow = (): number => Math.floor(Date.now() / 1000);

export const createStandinState = () => {
  const contacts: Contact[] = [];
  const contactInboxes: ContactInbox[] = [];
  const conversations: Conversation[] = [];
  const messages: Message[] = [];
  const counters = { contact: 0, contactInbox: 0, conversation: 0, message: 0, file: 0 };

  const addContact = (fields: Partial<Pick<Contact, 'name' | 'email' | 'phone_number' | 'identifier' | 'custom_attributes'>>): Contact => {
    const now = new Date().toISOString();
    const contact: Contact = {
      id: ++counters.contact,
      name: fields.name ?? haikuName(),
      email: fields.email ?? null,
      phone_number: fields.phone_number ?? null,
      identifier: fields.identifier ?? null,
      custom_attributes: fields.custom_attributes ?? {},
      created_at: now,
      updated_at: now,
    };
    contacts.push(contact);
    return contact;
  };

  const addContactInbox = (contactId: number, sourceId: string = randomUUID()): ContactInbox => {
    const now = new Date().toISOString();
    const row: ContactInbox = {
      id: ++counters.contactInbox,
      contact_id: contactId,
      source_id: sourceId,
      pubsub_token: randomBytes(12).toString('base64url'),
      hmac_verified: false,
      created_at: now,
      updated_at: now,
    };
    contactInboxes.push(row);
    return row;
  };

  const addConversation = (contactInboxId: number, customAttributes: Record<string, unknown> = {}): Conversation => {
    const now = unixNow();
    const conversation: Conversation = {
      id: ++counters.conversation,
      uuid: randomUUID(),
      contact_inbox_id: contactInboxId,
      status: 'open',
      custom_attributes: customAttributes,
      contact_last_seen_at: 0,
      agent_last_seen_at: 0,
      created_at: now,
      updated_at: now,
    };
    conversations.push(conversation);
    return conversation;
  };

  const addMessage = (
    fields: Pick<Message, 'conversation_id' | 'content' | 'message_type' | 'sender'> & Partial<Message>,
    files: { name: string; contentType: string; data: Buffer }[] = [],
  ): Message => {
    const message: Message = {
      content_type: 'text',
      content_attributes: {},
      private: false,
      status: 'sent',
      source_id: null,
      attachments: [],
      created_at: unixNow(),
      ...fields,
      id: ++counters.message,
    };
    message.attachments = files.map((file) => ({
      id: ++counters.file,
      message_id: message.id,
      key: randomBytes(16).toString('base64url'),
      name: file.name,
      content_type: file.contentType,
      data: file.data,
    }));
    messages.push(message);
    return message;
  };

  const contactOf = (conversation: Conversation): Contact => {
    const row = contactInboxes.find((ci) => ci.id === conversation.contact_inbox_id);
    const contact = contacts.find((c) => c.id === row?.contact_id);
    if (!row || !contact) throw new Error(`conversation ${conversation.id} has no contact`);
    return contact;
  };

  const contactInboxOf = (conversation: Conversation): ContactInbox => {
    const row = contactInboxes.find((ci) => ci.id === conversation.contact_inbox_id);
    if (!row) throw new Error(`conversation ${conversation.id} has no contact_inbox`);
    return row;
  };

  const findFile = (key: string): StoredFile | undefined => {
    for (const message of messages) for (const file of message.attachments) if (file.key === key) return file;
    return undefined;
  };

  return { contacts, contactInboxes, conversations, messages, addContact, addContactInbox, addConversation, addMessage, contactOf, contactInboxOf, findFile };
};

export type StandinState = ReturnType<typeof createStandinState>;
