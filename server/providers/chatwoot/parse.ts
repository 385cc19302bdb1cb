import type { Body } from '../../../src/protocol/index.ts';
import { isRecord, toBodies } from './content/index.ts';

/** Where a push belongs: the contact_inbox's source_id and the conversation's display_id. */
export interface ChatwootRoute {
  sourceId?: string;
  conversationId?: number;
}

/** One Body of a Chatwoot message; a message with text and attachments gives several, in order (`part`). */
export interface ParsedMessage extends ChatwootRoute {
  /** Chatwoot's message id: dedupe and, with createdAt, ordering. */
  id: number;
  part: number;
  /** `<id>` for the first part, `<id>:<part>` after: stable across redeliveries. */
  externalId: string;
  /** message_updated: replaces the message already shown with this id. */
  update: boolean;
  author: 'bot' | 'agent';
  body: Body;
  /** ISO 8601 and epoch ms, from either dialect (ISO string on webhooks, unix seconds on the API/websocket). */
  createdAt: string;
  createdAtMs: number;
}

export type ChatwootSignal = ChatwootRoute & ({ type: 'typing'; on: boolean } | { type: 'status'; status: string });

export type ParseResult =
  | { ok: true; event: string; messages: ParsedMessage[]; signals: ChatwootSignal[] }
  | { ok: false; reason: string };

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;
const BOT_SENDERS = new Set(['agent_bot', 'captain_assistant', 'agentbot']);

/** Both dialects: `message_type` as a string (webhook) or 0..3 (API, websocket). */
const messageType = (value: unknown): string | undefined =>
  typeof value === 'number' ? MESSAGE_TYPES[value] : typeof value === 'string' ? value.toLowerCase() : undefined;

const createdAtMs = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
  if (typeof value === 'string') {
    if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
};

const route = (conversation: unknown, fallbackConversationId?: unknown): ChatwootRoute => {
  const record = isRecord(conversation) ? conversation : {};
  const inbox = isRecord(record['contact_inbox']) ? record['contact_inbox'] : {};
  const sourceId = inbox['source_id'];
  const id = record['id'] ?? fallbackConversationId;
  return {
    ...(typeof sourceId === 'string' && sourceId ? { sourceId } : {}),
    ...(typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? { conversationId: id } : {}),
  };
};

const hasRoute = (value: ChatwootRoute): boolean => value.sourceId !== undefined || value.conversationId !== undefined;

const author = (message: Record<string, unknown>): 'bot' | 'agent' => {
  const sender = message['sender'];
  if (!isRecord(sender)) return 'bot'; // template / auto messages have no sender
  const type = typeof sender['type'] === 'string' ? sender['type'].toLowerCase() : '';
  const senderType = typeof message['sender_type'] === 'string' ? message['sender_type'].toLowerCase() : '';
  return BOT_SENDERS.has(type) || senderType === 'agentbot' ? 'bot' : 'agent';
};

const ok = (event: string, messages: ParsedMessage[] = [], signals: ChatwootSignal[] = []): ParseResult => ({ ok: true, event, messages, signals });

const parseMessage = (event: string, push: Record<string, unknown>): ParseResult => {
  const type = messageType(push['message_type']);
  // Only what an agent or bot shows the visitor: the relay's own posts come back as `incoming` — dropped.
  if ((type !== 'outgoing' && type !== 'template') || push['private'] === true) return ok(event);
  const id = push['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return { ok: false, reason: 'id: a message needs a numeric id' };
  const ms = createdAtMs(push['created_at']);
  if (ms === undefined) return { ok: false, reason: 'created_at: must be an ISO date or unix seconds' };
  const where = route(push['conversation'], push['conversation_id']);
  if (!hasRoute(where)) return { ok: false, reason: 'conversation: a message needs conversation.contact_inbox.source_id or conversation.id' };
  const common = { ...where, id, update: event === 'message_updated', author: author(push), createdAt: new Date(ms).toISOString(), createdAtMs: ms };
  const messages = toBodies(push).map((body, part) => ({ ...common, part, externalId: part === 0 ? String(id) : `${id}:${part}`, body }));
  return ok(event, messages);
};

const parseTyping = (event: string, push: Record<string, unknown>): ParseResult => {
  const user = push['user'];
  // The visitor's own toggle_typing comes back with the contact as `user` (no `type`); private typing is for agents.
  if (push['is_private'] === true || !isRecord(user) || typeof user['type'] !== 'string') return ok(event);
  const where = route(push['conversation']);
  return hasRoute(where) ? ok(event, [], [{ ...where, type: 'typing', on: event.endsWith('_on') }]) : { ok: false, reason: 'conversation: missing' };
};

const statusChange = (push: Record<string, unknown>): string | undefined => {
  const changes = Array.isArray(push['changed_attributes']) ? push['changed_attributes'].filter(isRecord) : [];
  const change = changes.map((item) => item['status']).find(isRecord);
  const current = change?.['current_value'];
  return typeof current === 'string' ? current : undefined;
};

const parseStatus = (event: string, push: Record<string, unknown>): ParseResult => {
  const status = event === 'conversation_status_changed' ? (statusChange(push) ?? push['status']) : statusChange(push);
  if (typeof status !== 'string') return ok(event);
  const where = route(push);
  return hasRoute(where) ? ok(event, [], [{ ...where, type: 'status', status }]) : { ok: false, reason: 'id: a conversation needs an id' };
};

/** An authentic inbox callback (§3) as messages and signals for visitors. Never throws; bad input comes back with a reason. */
export const parseCallback = (raw: Buffer | string): ParseResult => {
  try {
    let value: unknown;
    try {
      value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
    } catch {
      return { ok: false, reason: 'body is not valid JSON' };
    }
    if (!isRecord(value)) return { ok: false, reason: 'body must be a JSON object' };
    const event = value['event'];
    if (typeof event !== 'string' || !event) return { ok: false, reason: 'event: missing' };
    if (event === 'message_created' || event === 'message_updated') return parseMessage(event, value);
    if (event === 'conversation_typing_on' || event === 'conversation_typing_off') return parseTyping(event, value);
    if (event === 'conversation_status_changed' || event === 'conversation_updated') return parseStatus(event, value);
    // conversation_created, webwidget_triggered, account-only events: nothing for the visitor.
    return ok(event);
  } catch {
    return { ok: false, reason: 'the callback could not be read' };
  }
};
