import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { silentLogger, type Logger } from '../../log.ts';
import type { Shapes, StandinWorld } from './shapes.ts';
import type { Conversation, Message, StandinState } from './state.ts';

const PROTOCOL = 'actioncable-v1-json';

export interface StandinCableOptions {
  state: StandinState;
  shapes: Shapes;
  world: StandinWorld;
  /** ActionCable's heartbeat is 3 s; tests shorten it. */
  pingMs?: number;
  logger?: Logger;
}

type Payload = { event: string } & Record<string, unknown>;
const unix = () => Math.floor(Date.now() / 1000);
const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const parse = (text: unknown): Record<string, unknown> | undefined => {
  try {
    return typeof text === 'string' ? record(JSON.parse(text)) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * ActionCable on /cable for contact tokens (docs/platforms/chatwoot.md#cable): welcome, pings, confirm for a known
 * pubsub_token (silence otherwise), and the contact broadcasts, derived from the same state changes that send the
 * inbox callbacks. Nothing is replayed.
 */
export const createStandinCable = ({ state, shapes, world, pingMs = 3000, logger = silentLogger }: StandinCableOptions) => {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024, handleProtocols: (offered) => (offered.has(PROTOCOL) ? PROTOCOL : false) });
  /** Each socket's subscriptions: identifier string (echoed verbatim, as Rails does) → pubsub_token. */
  const clients = new Map<WebSocket, Map<string, string>>();
  const echo = new AsyncLocalStorage<string | undefined>();
  let pausedUntil = 0;
  const paused = () => Date.now() < pausedUntil;

  const send = (ws: WebSocket, frame: unknown) => {
    if (ws.readyState === ws.OPEN && !paused()) ws.send(JSON.stringify(frame));
  };
  const heartbeat = setInterval(() => {
    for (const ws of clients.keys()) send(ws, { type: 'ping', message: unix() });
  }, pingMs);

  const broadcast = (tokens: string[], event: string, data: Record<string, unknown>) => {
    for (const [ws, subscriptions] of clients) {
      for (const [identifier, token] of subscriptions) {
        if (tokens.includes(token)) send(ws, { identifier, message: { event, data: { ...data, account_id: world.account.id } } });
      }
    }
  };
  const presence = (token: string) => broadcast([token], 'presence.update', { users: { [String(world.agent.id)]: 'online' } });

  const subscribe = (ws: WebSocket, subscriptions: Map<string, string>, identifier: unknown) => {
    const params = parse(identifier);
    const token = params?.['pubsub_token'];
    // An agent identifier (user_id) or an unknown token raises in `subscribed` upstream: no confirm, no reject.
    const known = params?.['channel'] === 'RoomChannel' && params['user_id'] === undefined && state.contactInboxes.some((row) => row.pubsub_token === token);
    if (!known || typeof identifier !== 'string' || typeof token !== 'string') return void logger.info('chatwoot_standin.cable_unconfirmed');
    subscriptions.set(identifier, token);
    send(ws, { type: 'confirm_subscription', identifier });
    presence(token);
  };

  const command = (ws: WebSocket, subscriptions: Map<string, string>, raw: RawData) => {
    if (paused()) return; // a stalled network: commands are lost too
    const frame = parse(raw.toString());
    const identifier = frame?.['identifier'];
    if (frame?.['command'] === 'subscribe') subscribe(ws, subscriptions, identifier);
    else if (frame?.['command'] === 'unsubscribe' && typeof identifier === 'string') subscriptions.delete(identifier);
    else if (frame?.['command'] === 'message' && typeof identifier === 'string') {
      const token = subscriptions.get(identifier);
      if (token && parse(frame['data'])?.['action'] === 'update_presence') presence(token);
    }
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://standin').pathname;
    if (path !== '/cable' || paused()) return void socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const subscriptions = new Map<string, string>();
      clients.set(ws, subscriptions);
      ws.on('message', (raw) => command(ws, subscriptions, raw));
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => clients.delete(ws));
      send(ws, { type: 'welcome' });
    });
  };

  /** The contact's token; a verified contact_inbox shares with all of the contact's verified ones. */
  const tokensOf = (conversation: Conversation): string[] => {
    const row = state.contactInboxOf(conversation);
    if (!row.hmac_verified) return [row.pubsub_token];
    return state.contactInboxes.filter((ci) => ci.contact_id === row.contact_id && ci.hmac_verified).map((ci) => ci.pubsub_token);
  };
  const conversationPush = (conversation: Conversation) => {
    const { account: _account, ...push } = shapes.conversationWebhook(conversation);
    return push;
  };
  /** A message's push data, as the webhook's conversation embeds it; updated now, as the broadcast goes out. */
  const messagePush = (message: Message) => ({ ...shapes.messagePush(message), updated_at: new Date().toISOString() });
  const agentPush = (user: Record<string, unknown>) => ({ ...user, available_name: user['name'], avatar_url: '', availability_status: 'online', thumbnail: '' });
  const conversationById = (id: unknown) => state.conversations.find((c) => c.id === id);

  /** Mirrors an inbox callback payload as the broadcast upstream's ActionCableListener sends for the same change. */
  const publish = (payload: Payload): void => {
    const { event } = payload;
    if (event === 'message_created' || event === 'message_updated') {
      const message = state.messages.find((m) => m.id === payload['id']);
      const conversation = message && conversationById(message.conversation_id);
      // Private notes and activity messages never reach contact tokens.
      if (!message || !conversation || message.private || message.message_type === 2) return;
      const echoId = event === 'message_created' ? echo.getStore() : undefined;
      broadcast(tokensOf(conversation), event === 'message_created' ? 'message.created' : 'message.updated', {
        ...messagePush(message),
        ...(echoId ? { echo_id: echoId } : {}),
      });
    } else if (event === 'conversation_typing_on' || event === 'conversation_typing_off') {
      const user = record(payload['user']);
      const conversation = conversationById(record(payload['conversation'])?.['id']);
      // The typist's own token is left out: a contact's typing reaches agents only.
      if (!user || typeof user['type'] !== 'string' || !conversation) return;
      broadcast(tokensOf(conversation), event.replace('conversation_', 'conversation.'), {
        conversation: conversationPush(conversation),
        user: agentPush(user),
        is_private: payload['is_private'] === true,
      });
    } else if (event === 'conversation_created' || event === 'conversation_status_changed' || event === 'conversation_updated') {
      const conversation = conversationById(payload['id']);
      if (conversation) broadcast(tokensOf(conversation), event.replace('conversation_', 'conversation.'), conversationPush(conversation));
    }
  };

  return {
    upgrade,
    publish,
    /** Runs a public API request with the echo_id it carried, so its message.created can echo it (it is never stored). */
    withEcho: <T>(echoId: string | undefined, run: () => T): T => echo.run(echoId, run),
    connections: () => clients.size,
    /** Closes every socket abruptly (no close frame), as a network drop would. */
    drop: () => {
      for (const ws of clients.keys()) ws.terminate();
      clients.clear();
    },
    /** A stall: for `ms` no frames go out (pings, confirms, broadcasts), commands are lost and new sockets are refused. */
    pause: (ms: number) => void (pausedUntil = Date.now() + ms),
    close: () => {
      clearInterval(heartbeat);
      for (const ws of clients.keys()) ws.terminate();
      clients.clear();
      wss.close();
    },
  };
};
