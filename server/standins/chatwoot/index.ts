/**
 * A Chatwoot API-channel inbox stand-in for tests and demo mode, as docs/platforms/chatwoot.md describes one:
 * the public client API (contacts, conversations, messages with multipart attachments, submitted_values,
 * typing, last seen), attachment storage behind data_url/thumb_url, and signed callbacks to the inbox
 * webhook_url for the agent side (`agentSay`, `update`, `typing`, `setStatus`) and for the visitor's own actions,
 * and ActionCable on /cable broadcasting the same changes to contact tokens.
 *
 * Tests and the QA kit drive it in process: `agentSay` / `typing` / `setStatus` for the agent side, `received` for
 * every public API request, `faults` and `messageFaults` (queues of {kind:"status", status} | {kind:"hang"} |
 * {kind:"reset"}) and `setDown` for outages; `startDemoAgent` (demo-agent.ts) answers the visitor, or a script does.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../../log.ts';
import { cardPng } from '../media/png.ts';
import { createAgent } from './agent.ts';
import { createStandinCable } from './cable.ts';
import { createCallbacks } from './callbacks.ts';
import { handleContacts, type PublicContext, type PublicRequest } from './contacts.ts';
import { handleConversations } from './conversations.ts';
import { applyFault, type StandinFault } from './faults.ts';
import { handleFiles } from './files.ts';
import { notFound, parseBody, readBody, sendJson, StandinError, type RecordedPart } from './http.ts';
import { AGENT_AVATAR_PATH, createShapes, type StandinWorld } from './shapes.ts';
import type { SignatureMode } from './signature.ts';
import { setStatus } from './status.ts';
import { createStandinState, unixNow, type ConversationStatus } from './state.ts';

export type { AgentFile, AgentMessage, MessageUpdate } from './agent.ts';
export type { CallbackRecord } from './callbacks.ts';
export type { StandinFault } from './faults.ts';
export { identifierHash, signatureHeaders, type SignatureMode } from './signature.ts';

export interface ChatwootStandinOptions {
  port?: number;
  host?: string;
  inboxIdentifier?: string;
  webhookUrl?: string;
  /** The inbox signing secret (`channel_api.secret`); body mode falls back to hmacToken, as forks sign with it. */
  webhookSecret?: string;
  signatureMode?: SignatureMode;
  /** Contact identity key (docs/platforms/chatwoot.md#identity); unset = identity is never checked. */
  hmacToken?: string;
  hmacMandatory?: boolean;
  callbackTimeoutMs?: number;
  /** ActionCable heartbeat (3 s upstream). */
  cablePingMs?: number;
  world?: StandinWorld;
  logger?: Logger;
}

/** One public API request as it arrived (JSON body, or multipart parts with file sizes). */
/** One weekday of an inbox's working hours, as upstream renders it. */
export interface WorkingHoursEntry {
  day_of_week: number;
  closed_all_day: boolean;
  open_all_day: boolean;
  open_hour: number | null;
  open_minutes: number | null;
  close_hour: number | null;
  close_minutes: number | null;
}

export interface InboxSettings {
  timezone: string;
  working_hours_enabled: boolean;
  working_hours: WorkingHoursEntry[];
  greeting_enabled: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  parts?: RecordedPart[];
}

const DEFAULT_WORLD: StandinWorld = {
  account: { id: 1, name: 'Demo account' },
  inbox: { id: 1, name: 'Website (API)' },
  agent: { id: 1, name: 'Demo Agent', email: 'agent@example.test' },
};

/** contacts/{source}/conversations/{id}/messages (POST) or …/messages/{id} (PATCH): what the visitor says or answers. */
const isMessageCall = (method: string, segments: string[]): boolean =>
  segments[0] === 'contacts' &&
  segments[2] === 'conversations' &&
  segments[4] === 'messages' &&
  ((method === 'POST' && segments.length === 5) || (method === 'PATCH' && segments.length === 6));

export const createChatwootStandin = async ({
  port = 0,
  host = '127.0.0.1',
  inboxIdentifier = randomBytes(12).toString('base64url'),
  webhookUrl,
  webhookSecret,
  signatureMode = 'upstream',
  hmacToken,
  hmacMandatory = false,
  callbackTimeoutMs = 5000,
  cablePingMs = 3000,
  world = DEFAULT_WORLD,
  logger = silentLogger,
}: ChatwootStandinOptions = {}) => {
  const state = createStandinState();
  let url = '';
  const shapes = createShapes(state, world, () => url);
  const inbox = { webhookUrl, webhookSecret };
  const key = () => (signatureMode === 'body' ? (inbox.webhookSecret ?? hmacToken) : inbox.webhookSecret);
  const callbacks = createCallbacks({ signatureMode, target: () => ({ url: inbox.webhookUrl, key: key() }), timeoutMs: callbackTimeoutMs, logger });
  const cable = createStandinCable({ state, shapes, world, pingMs: cablePingMs, logger });
  // Every change goes to the websocket subscribers and to the inbox callback.
  const listeners = new Set<(payload: Parameters<typeof callbacks.send>[0]) => void>();
  const emit: typeof callbacks.send = (payload) => {
    for (const listener of listeners) listener(payload);
    cable.publish(payload);
    return callbacks.send(payload);
  };
  const agent = createAgent(state, shapes, { ...callbacks, send: emit });
  const received: ReceivedRequest[] = [];
  const faults: StandinFault[] = [];
  // Faults for the visitor's messages and answers only, so typing and read receipts never take one meant for them.
  const messageFaults: StandinFault[] = [];
  let down = false;
  const context: PublicContext = { state, shapes, identity: { hmacToken, hmacMandatory }, emit: (payload) => void emit(payload) };
  const base = `/public/api/v1/inboxes/`;

  // The inbox's settings an admin can change; the public inbox endpoint renders them (docs/platforms/chatwoot.md#client-api).
  const settings: InboxSettings = { timezone: 'UTC', working_hours_enabled: false, working_hours: [], greeting_enabled: false };
  const inboxJson = () => ({
    identifier: inboxIdentifier,
    identity_validation_enabled: hmacMandatory,
    name: world.inbox.name,
    timezone: settings.timezone,
    working_hours: settings.working_hours,
    working_hours_enabled: settings.working_hours_enabled,
    csat_survey_enabled: false,
    greeting_enabled: settings.greeting_enabled,
  });
  const avatar = cardPng(64, 64, [37, 99, 235], [14, 116, 144]);

  const route = async (req: IncomingMessage, res: ServerResponse, target: URL) => {
    const path = target.pathname;
    if (handleFiles(state, path, res)) return;
    if (path === AGENT_AVATAR_PATH) return void res.writeHead(200, { 'content-type': 'image/png', 'content-length': avatar.length }).end(avatar);
    if (!path.startsWith(base)) throw notFound();
    // Unreachable: the request is neither answered nor recorded.
    if (down) return void req.socket.destroy();
    const raw = await readBody(req);
    const body = await parseBody(raw, req.headers['content-type']);
    const method = req.method ?? 'GET';
    received.push({
      method,
      path,
      query: Object.fromEntries(target.searchParams),
      ...(body.json !== undefined ? { body: body.json } : {}),
      ...(body.parts ? { parts: body.parts } : {}),
    });
    if (applyFault(faults, req, res)) return;
    const [identifier, ...segments] = path.slice(base.length).split('/').filter(Boolean).map(decodeURIComponent);
    if (isMessageCall(method, segments) && applyFault(messageFaults, req, res)) return;
    if (identifier !== inboxIdentifier) throw notFound();
    const request: PublicRequest = { method, segments, query: target.searchParams, body };
    const echoId = (body.json as Record<string, unknown> | undefined)?.['echo_id'] ?? body.fields['echo_id'];
    const answer =
      segments.length === 0 && method === 'GET'
        ? { status: 200, json: inboxJson() }
        : segments[0] === 'contacts'
          ? cable.withEcho(typeof echoId === 'string' ? echoId : undefined, () => handleContacts(context, request) ?? handleConversations(context, request))
          : undefined;
    if (!answer) throw notFound();
    if (answer.json === undefined) return void res.writeHead(answer.status, { 'content-length': 0 }).end();
    sendJson(res, answer.status, answer.json);
  };

  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://standin');
    route(req, res, target).catch((error: unknown) => {
      if (!(error instanceof StandinError)) logger.error('chatwoot_standin.error', { path: target.pathname, reason: error instanceof Error ? error.name : 'unknown' });
      if (res.headersSent || req.socket.destroyed) return void res.destroy();
      const refusal = error instanceof StandinError ? error : new StandinError(500, { status: 500, error: 'Internal Server Error' });
      sendJson(res, refusal.status, refusal.body);
    });
  });
  server.on('upgrade', cable.upgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  url = `http://${shown}:${(server.address() as AddressInfo).port}`;
  logger.info('chatwoot_standin.listening', { url });

  return {
    url,
    inboxIdentifier,
    /** Base of the public client API for this inbox. */
    publicUrl: `${url}${base}${inboxIdentifier}`,
    received,
    /** What the next public API calls answer instead (each call takes one), whatever they are. */
    faults,
    /** What the next visitor messages (POST …/messages) and answers (PATCH …/messages/{id}) answer instead. */
    messageFaults,
    /** Down: every public API request loses its connection unanswered and unrecorded, until set back. */
    setDown: (value: boolean) => void (down = value),
    /** Every callback sent so far, oldest first, with its headers and answer. */
    callbacks: callbacks.sent,
    contacts: state.contacts,
    contactInboxes: state.contactInboxes,
    conversations: state.conversations,
    messages: state.messages,
    /** Points the inbox at another webhook_url (e.g. once the relay is listening). */
    setWebhook: (next: { url?: string; secret?: string }) => Object.assign(inbox, { webhookUrl: next.url, webhookSecret: next.secret ?? inbox.webhookSecret }),
    agentSay: agent.say,
    update: agent.update,
    /** An agent deletes a message (content "This message was deleted", `deleted: true`, message_updated). */
    deleteMessage: agent.remove,
    typing: agent.typing,
    /**
     * The agent opens the conversation: its agent_last_seen_at becomes now. Upstream sends nothing for it; the
     * conversation in the next callback or broadcast carries it.
     */
    agentSee: (conversationId: number) => {
      const conversation = state.conversations.find((c) => c.id === conversationId);
      if (!conversation) throw new Error(`chatwoot stand-in: no conversation ${conversationId}`);
      conversation.agent_last_seen_at = unixNow();
    },
    /** An admin changes the inbox: its timezone, working hours (one entry per weekday, upstream's shape) or greeting switch. */
    setInbox: (changes: Partial<InboxSettings>) => void Object.assign(settings, changes),
    /** An agent-side status change (conversation_status_changed callback and broadcast); a no-op when unchanged. */
    setStatus: (conversationId: number, status: ConversationStatus) => {
      const conversation = state.conversations.find((c) => c.id === conversationId);
      if (!conversation) throw new Error(`chatwoot stand-in: no conversation ${conversationId}`);
      setStatus(context, conversation, status);
    },
    /** Open websocket connections on /cable. */
    cableConnections: cable.connections,
    /** Closes every websocket abruptly, as a network drop would; nothing is replayed to the next connection. */
    dropCableConnections: cable.drop,
    /** A stalled network for `ms`: no pings or broadcasts, commands lost, new websockets refused. */
    pauseCable: cable.pause,
    /** Every change as its callback payload (a demo agent reacts to the visitor); returns the way to stop listening. */
    onEvent: (listener: (payload: { event: string } & Record<string, unknown>) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** Waits until every callback sent so far has been answered (or failed). */
    settle: callbacks.settle,
    close: async (): Promise<void> => {
      callbacks.close();
      cable.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // includes requests held open by a `hang` fault
      await closed;
    },
  };
};

export type ChatwootStandin = Awaited<ReturnType<typeof createChatwootStandin>>;
