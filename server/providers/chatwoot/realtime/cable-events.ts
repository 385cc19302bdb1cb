import { z } from 'zod';
import { parseCallback, type ChatwootSignal, type ParsedMessage } from '../parse.ts';

/** The subprotocol the official ActionCable client offers (docs/platforms/chatwoot.md#cable). */
export const CABLE_PROTOCOL = 'actioncable-v1-json';

/** CHATWOOT_URL (http(s)://host[/prefix]) or a ws(s) URL → ws(s)://host[/prefix]/cable. */
export const cableUrl = (baseUrl: string): string => {
  const url = new URL(baseUrl);
  const scheme = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' }[url.protocol];
  if (!scheme) throw new Error('CHATWOOT_URL must be an http(s) or ws(s) URL');
  url.protocol = scheme;
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/cable') ? path : `${path}/cable`;
  url.search = '';
  url.hash = '';
  return url.toString();
};

/** A contact subscription: a JSON *string*, without user_id (with one the token would be looked up as an agent's). */
export const roomIdentifier = (pubsubToken: string): string => JSON.stringify({ channel: 'RoomChannel', pubsub_token: pubsubToken });

/** JSON inside a string, as ActionCable nests identifiers and commands. */
const jsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.issues.push({ code: 'custom', message: 'not JSON', input: text });
    return z.NEVER;
  }
});

/** An identifier string the server echoes back, read for its pubsub_token. */
const Identifier = jsonText.pipe(z.looseObject({ pubsub_token: z.string().min(1) })).transform((room) => room.pubsub_token);

/** The pubsub_token inside an identifier string the server echoes back. */
export const tokenOf = (identifier: unknown): string | undefined => {
  const parsed = Identifier.safeParse(identifier);
  return parsed.success ? parsed.data : undefined;
};

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** Exponential with jitter: between half and all of min(maxMs, baseMs·2^attempt), so clients do not reconnect in step. */
export const backoffDelay = (attempt: number, { baseMs, maxMs }: Backoff, random: () => number = Math.random): number => {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
};

export type CableFrame =
  | { kind: 'welcome' }
  | { kind: 'ping' }
  | { kind: 'confirm'; token: string }
  | { kind: 'reject'; token: string }
  | { kind: 'disconnect'; reason: string; reconnect: boolean }
  | { kind: 'broadcast'; token: string; event: string; data: Record<string, unknown> }
  | { kind: 'other' };

// The server's frames (docs/platforms/chatwoot.md#cable): protocol frames carry a `type`, broadcasts none.
const Frame = z.union([
  z.looseObject({ type: z.enum(['welcome', 'ping']) }).transform(({ type }): CableFrame => ({ kind: type })),
  z
    .looseObject({ type: z.literal('disconnect'), reason: z.string().catch('unknown'), reconnect: z.unknown().optional() })
    .transform(({ reason, reconnect }): CableFrame => ({ kind: 'disconnect', reason, reconnect: reconnect !== false })),
  z
    .looseObject({ type: z.enum(['confirm_subscription', 'reject_subscription']), identifier: Identifier })
    .transform(({ type, identifier }): CableFrame => ({ kind: type === 'confirm_subscription' ? 'confirm' : 'reject', token: identifier })),
  z
    .looseObject({ type: z.undefined().optional(), identifier: Identifier, message: z.looseObject({ event: z.string(), data: z.record(z.string(), z.unknown()) }) })
    .transform(({ identifier, message }): CableFrame => ({ kind: 'broadcast', token: identifier, event: message.event, data: message.data })),
]);

/** One server frame. Anything unreadable or unknown is `other`, never an exception. */
export const parseFrame = (raw: string): CableFrame => {
  const frame = jsonText.pipe(Frame).safeParse(raw);
  return frame.success ? frame.data : { kind: 'other' };
};

/** Broadcast events in the webhook's dialect, so one normaliser (parseCallback) serves both paths. */
const CALLBACK_EVENTS: Record<string, string> = {
  'message.created': 'message_created',
  'message.updated': 'message_updated',
  'conversation.typing_on': 'conversation_typing_on',
  'conversation.typing_off': 'conversation_typing_off',
  'conversation.status_changed': 'conversation_status_changed',
  // Push data carries no changed_attributes, only the current status: read it as a status change, deduped below.
  'conversation.updated': 'conversation_status_changed',
};

export type BroadcastResult = { ok: true; messages: ParsedMessage[]; signals: ChatwootSignal[] } | { ok: false; reason: string };

/**
 * A broadcast as messages and signals. `statuses` (conversation id → last status seen) keeps `conversation.updated`,
 * which fires for labels, assignees and the like, from repeating a status that has not changed.
 */
export const readBroadcast = (event: string, data: Record<string, unknown>, statuses: Map<number, string>): BroadcastResult => {
  const name = CALLBACK_EVENTS[event];
  if (!name) return { ok: true, messages: [], signals: [] }; // presence.update, conversation.created, …
  const result = parseCallback(JSON.stringify({ ...data, event: name }));
  if (!result.ok) return result;
  const signals = result.signals.filter((signal) => {
    // conversation.updated fires for labels and assignees too: only a changed status, or an agent's look, is news.
    if (signal.type !== 'status' || signal.conversationId === undefined) return true;
    const changed = statuses.get(signal.conversationId) !== signal.status;
    statuses.set(signal.conversationId, signal.status);
    return changed || event === 'conversation.status_changed';
  });
  return { ok: true, messages: result.messages, signals };
};
