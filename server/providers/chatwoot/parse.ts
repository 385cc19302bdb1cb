import { z } from 'zod';
import type { Body, Sender as MessageSender } from '../../../src/protocol/index.ts';
import { cap, httpUrl, isRecord } from '../values.ts';
import { toBodies } from './content/index.ts';

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
  /** The agent or bot by name and picture (docs/platforms/chatwoot.md#callbacks); none for template messages. */
  sender?: MessageSender;
  body: Body;
  /** ISO 8601 and epoch ms, from either dialect (ISO string on webhooks, unix seconds on the API/websocket). */
  createdAt: string;
  createdAtMs: number;
}

/** `seen`: an agent last looked at the conversation at `at` (epoch ms, Chatwoot's agent_last_seen_at). */
export type ChatwootSignal = ChatwootRoute & ({ type: 'typing'; on: boolean } | { type: 'status'; status: string } | { type: 'seen'; at: number });

export type ParseResult = { ok: true; event: string; messages: ParsedMessage[]; signals: ChatwootSignal[] } | { ok: false; reason: string };

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;
const BOT_SENDERS = new Set(['agent_bot', 'captain_assistant', 'agentbot']);

// The callback's fields the relay reads, in both dialects (webhook: string message_type, ISO created_at, nested
// conversation; API and websocket: 0..3, unix seconds, conversation_id). Content is read leniently by content/.
// What only routes or labels a push falls back to "absent" (`.catch`); what a stored message needs is an error.

/** Anything unusable is absent: a field the relay can do without. */
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const DisplayId = z.number().int().nonnegative();
/**
 * When an agent last looked at the conversation: unix seconds on every dialect's conversation (0 or absent: never).
 * Chatwoot drops the fraction, so a whole second means "at some point in that second": its end is taken.
 */
const SeenAt = optional(
  z
    .number()
    .positive()
    .transform((seconds) => Math.round(seconds * 1000) + (Number.isInteger(seconds) ? 999 : 0)),
);
const SourceId = optional(z.looseObject({ source_id: optional(z.string().min(1)) }));
/** The conversation a push names; its id is checked once chosen (an unusable id is not replaced by conversation_id). */
const Conversation = optional(z.looseObject({ id: z.unknown().optional(), contact_inbox: SourceId, agent_last_seen_at: SeenAt }));

/** `message_type` as a string (webhook) or 0..3 (API, websocket), lower case. */
const MessageType = optional(z.union([z.number().transform((index) => MESSAGE_TYPES[index]), z.string().transform((type) => type.toLowerCase())]));

/** Epoch ms from unix seconds (a number or digits) or a date string. */
const CreatedAt = z.union(
  [
    z.number().transform((seconds) => Math.round(seconds * 1000)),
    z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .transform((seconds) => Math.round(Number(seconds) * 1000)),
    z
      .string()
      .transform((date) => Date.parse(date))
      .pipe(z.number()),
  ],
  { error: 'must be an ISO date or unix seconds' },
);

/**
 * Who wrote it: the sender's `type` (user, agent_bot, …) and the websocket's `sender_type`; template and auto messages
 * have no sender. An agent's `available_name` (their display name) and picture (`thumbnail`, a bot's `avatar_url`)
 * come where the payload has them: the websocket and the API do, the webhook's sender has the name only.
 */
const Sender = {
  sender: optional(
    z
      .looseObject({
        type: optional(z.string().transform((type) => type.toLowerCase())),
        name: optional(z.string()),
        available_name: optional(z.string()),
        thumbnail: z.unknown().optional(),
        avatar_url: z.unknown().optional(),
      })
      .nullable(),
  ),
  sender_type: optional(z.string().transform((type) => type.toLowerCase())),
};

/** Whether the visitor may see it: an agent's or bot's message that is not a private note. */
const Visibility = z.looseObject({ message_type: MessageType, private: z.unknown().optional() });

const MessagePush = z.looseObject({
  id: z.number({ error: 'a message needs a numeric id' }).int().nonnegative(),
  created_at: CreatedAt,
  conversation: Conversation,
  conversation_id: z.unknown().optional(),
  ...Sender,
});
type MessagePush = z.infer<typeof MessagePush>;

const TypingPush = z.looseObject({
  is_private: z.unknown().optional(),
  // The visitor's own toggle_typing comes back with the contact as `user`: no `type`.
  user: optional(z.looseObject({ type: z.string() })),
  conversation: Conversation,
});

/** The first change of `status` in changed_attributes, and the conversation it belongs to (the push itself). */
const StatusChange = z.looseObject({ status: z.looseObject({ current_value: z.unknown().optional() }) });
const StatusPush = z.looseObject({
  status: z.unknown().optional(),
  changed_attributes: optional(z.array(z.unknown())).transform(
    (changes) => changes?.map((change) => StatusChange.safeParse(change)).find((change) => change.success)?.data.status.current_value,
  ),
  id: z.unknown().optional(),
  contact_inbox: SourceId,
  agent_last_seen_at: SeenAt,
});

const Callback = z.looseObject({ event: z.string({ error: 'missing' }).min(1, { error: 'missing' }) });

const reasonOf = (error: z.ZodError): string => error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');

type Route = z.infer<typeof Conversation>;

const route = (conversation: Route, fallbackConversationId?: unknown): ChatwootRoute => {
  const sourceId = conversation?.contact_inbox?.source_id;
  const id = DisplayId.safeParse(conversation?.id ?? fallbackConversationId);
  return { ...(sourceId ? { sourceId } : {}), ...(id.success ? { conversationId: id.data } : {}) };
};

const hasRoute = (value: ChatwootRoute): boolean => value.sourceId !== undefined || value.conversationId !== undefined;

const author = ({ sender, sender_type: senderType }: MessagePush): 'bot' | 'agent' => {
  if (!sender) return 'bot'; // template / auto messages have no sender
  return BOT_SENDERS.has(sender.type ?? '') || senderType === 'agentbot' ? 'bot' : 'agent';
};

/** The agent or bot as the visitor sees them: a name (the display name first) and an http(s) picture where there is one. */
const senderOf = ({ sender }: MessagePush): MessageSender | undefined => {
  const name = cap((sender?.available_name?.trim() || sender?.name?.trim()) ?? '', 200);
  if (!sender || !name || (sender.type !== undefined && sender.type === 'contact')) return undefined;
  const avatarUrl = httpUrl(sender.thumbnail) ?? httpUrl(sender.avatar_url);
  return { name, ...(avatarUrl ? { avatarUrl } : {}) };
};

/** The agent's last look, as a signal for the conversation it belongs to. */
const seenSignal = (where: ChatwootRoute, at: number | undefined): ChatwootSignal[] => (at === undefined ? [] : [{ ...where, type: 'seen', at }]);

const ok = (event: string, messages: ParsedMessage[] = [], signals: ChatwootSignal[] = []): ParseResult => ({ ok: true, event, messages, signals });

const parseMessage = (event: string, value: Record<string, unknown>): ParseResult => {
  const { message_type: type, private: hidden } = Visibility.parse(value);
  // Only what an agent or bot shows the visitor: the relay's own posts come back as `incoming` — dropped.
  if ((type !== 'outgoing' && type !== 'template') || hidden === true) return ok(event);
  const parsed = MessagePush.safeParse(value);
  if (!parsed.success) return { ok: false, reason: reasonOf(parsed.error) };
  const push = parsed.data;
  const where = route(push.conversation, push.conversation_id);
  if (!hasRoute(where)) return { ok: false, reason: 'conversation: a message needs conversation.contact_inbox.source_id or conversation.id' };
  const ms = push.created_at;
  const sender = senderOf(push);
  const common = {
    ...where,
    id: push.id,
    update: event === 'message_updated',
    author: author(push),
    ...(sender ? { sender } : {}),
    createdAt: new Date(ms).toISOString(),
    createdAtMs: ms,
  };
  const messages = toBodies(value).map((body, part) => ({ ...common, part, externalId: part === 0 ? String(push.id) : `${push.id}:${part}`, body }));
  return ok(event, messages, seenSignal(where, push.conversation?.agent_last_seen_at));
};

const parseTyping = (event: string, value: Record<string, unknown>): ParseResult => {
  const push = TypingPush.parse(value);
  // Private typing is for agents; the visitor's own (a contact as `user`) is not news to them.
  if (push.is_private === true || !push.user) return ok(event);
  const where = route(push.conversation);
  return hasRoute(where) ? ok(event, [], [{ ...where, type: 'typing', on: event.endsWith('_on') }]) : { ok: false, reason: 'conversation: missing' };
};

const parseStatus = (event: string, value: Record<string, unknown>): ParseResult => {
  const push = StatusPush.parse(value);
  const changed = typeof push.changed_attributes === 'string' ? push.changed_attributes : undefined;
  const status = event === 'conversation_status_changed' ? (changed ?? push.status) : changed;
  const where = route(push);
  const signals = [...(typeof status === 'string' ? [{ ...where, type: 'status' as const, status }] : []), ...seenSignal(where, push.agent_last_seen_at)];
  if (signals.length === 0) return ok(event);
  return hasRoute(where) ? ok(event, [], signals) : { ok: false, reason: 'id: a conversation needs an id' };
};

/** An authentic inbox callback (docs/platforms/chatwoot.md#callbacks) as messages and signals for visitors. Never throws; bad input comes back with a reason. */
export const parseCallback = (raw: Buffer | string): ParseResult => {
  try {
    let value: unknown;
    try {
      value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
    } catch {
      return { ok: false, reason: 'body is not valid JSON' };
    }
    if (!isRecord(value)) return { ok: false, reason: 'body must be a JSON object' };
    const callback = Callback.safeParse(value);
    if (!callback.success) return { ok: false, reason: reasonOf(callback.error) };
    const { event } = callback.data;
    if (event === 'message_created' || event === 'message_updated') return parseMessage(event, value);
    if (event === 'conversation_typing_on' || event === 'conversation_typing_off') return parseTyping(event, value);
    if (event === 'conversation_status_changed' || event === 'conversation_updated') return parseStatus(event, value);
    // conversation_created, webwidget_triggered, account-only events: nothing for the visitor.
    return ok(event);
  } catch {
    return { ok: false, reason: 'the callback could not be read' };
  }
};
