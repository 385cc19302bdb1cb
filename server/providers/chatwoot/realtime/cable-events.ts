import { isRecord } from '../content/index.ts';
import { parseCallback, type ChatwootSignal, type ParsedMessage } from '../parse.ts';

/** The subprotocol the official ActionCable client offers (§5.1). */
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

/** The pubsub_token inside an identifier string the server echoes back. */
export const tokenOf = (identifier: unknown): string | undefined => {
  if (typeof identifier !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(identifier);
    const token = isRecord(value) ? value['pubsub_token'] : undefined;
    return typeof token === 'string' && token ? token : undefined;
  } catch {
    return undefined;
  }
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

/** One server frame (§5.1). Anything unreadable or unknown is `other`, never an exception. */
export const parseFrame = (raw: string): CableFrame => {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { kind: 'other' };
  }
  if (!isRecord(value)) return { kind: 'other' };
  const type = value['type'];
  if (type === 'welcome' || type === 'ping') return { kind: type };
  if (type === 'disconnect') {
    return { kind: 'disconnect', reason: typeof value['reason'] === 'string' ? value['reason'] : 'unknown', reconnect: value['reconnect'] !== false };
  }
  const token = tokenOf(value['identifier']);
  if (!token) return { kind: 'other' };
  if (type === 'confirm_subscription') return { kind: 'confirm', token };
  if (type === 'reject_subscription') return { kind: 'reject', token };
  const message = value['message'];
  if (type !== undefined || !isRecord(message) || typeof message['event'] !== 'string' || !isRecord(message['data'])) return { kind: 'other' };
  return { kind: 'broadcast', token, event: message['event'], data: message['data'] };
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
    if (signal.type !== 'status' || signal.conversationId === undefined) return true;
    const changed = statuses.get(signal.conversationId) !== signal.status;
    statuses.set(signal.conversationId, signal.status);
    return changed || event === 'conversation.status_changed';
  });
  return { ok: true, messages: result.messages, signals };
};
