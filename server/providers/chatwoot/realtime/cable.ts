import { WebSocket } from 'ws';
import { silentLogger, type Logger } from '../../../log.ts';
import { backoffDelay, CABLE_PROTOCOL, cableUrl, parseFrame, readBroadcast, roomIdentifier, type Backoff, type CableFrame } from './cable-events.ts';
import type { ChatwootSignal, ParsedMessage } from '../parse.ts';

export interface CableClientOptions {
  /** CHATWOOT_URL (http(s)://host[/prefix]) or the cable URL itself (ws(s)://host[/prefix]/cable). */
  baseUrl: string;
  /** Messages and signals pushed for one watched contact token. */
  onMessages(messages: ParsedMessage[], signals: ChatwootSignal[], pubsubToken: string): void;
  /**
   * After each confirmed subscription that followed a gap (a disconnect or a failed subscribe): nothing is replayed
   * upstream (docs/platforms/chatwoot.md#no-replay), so re-fetch messages after the last known id and re-read the
   * status.
   */
  onResync(pubsubToken: string): void | Promise<void>;
  /** A subscription got no confirm in time (bad or expired token, or a stalled server); it is retried with backoff. */
  onFailure?(pubsubToken: string, reason: 'unconfirmed' | 'rejected'): void;
  logger?: Logger;
  confirmTimeoutMs?: number;
  /** No frame for this long (pings come every 3 s) = a dead socket. */
  staleMs?: number;
  /** update_presence per confirmed token (the widget's 60 s keeps the contact "online", docs/platforms/chatwoot.md#cable). */
  presenceMs?: number;
  backoff?: Backoff;
  WebSocket?: typeof WebSocket;
  random?: () => number;
}

interface Watch {
  status: 'waiting' | 'pending' | 'confirmed';
  /** Failed subscribes in a row, for this token's backoff. */
  failures: number;
  /** Coverage was lost since watch(): the next confirm calls onResync. */
  gap: boolean;
  timer?: ReturnType<typeof setTimeout>;
  /** conversation id → last status seen, to dedupe conversation.updated. */
  statuses: Map<number, string>;
}

const MAX_FRAME = 8 * 1024 * 1024;
const reasonOf = (error: unknown) => (error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'unknown');

/**
 * One ActionCable socket for every watched contact pubsub_token (docs/platforms/chatwoot.md#cable). Tokens are
 * credentials: they are never logged. Reconnects with jittered backoff, resubscribes everything and asks the caller
 * to resync; close() stops it all.
 */
export const createCableClient = ({
  baseUrl,
  onMessages,
  onResync,
  onFailure,
  logger = silentLogger,
  confirmTimeoutMs = 5000,
  staleMs = 10_000,
  presenceMs = 60_000,
  backoff = { baseMs: 1000, maxMs: 30_000 },
  WebSocket: Socket = WebSocket,
  random = Math.random,
}: CableClientOptions) => {
  const url = cableUrl(baseUrl);
  const watches = new Map<string, Watch>();
  let socket: WebSocket | undefined;
  let welcomed = false;
  let reconnects = 0;
  let closed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let staleTimer: ReturnType<typeof setTimeout> | undefined;
  let presenceTimer: ReturnType<typeof setInterval> | undefined;

  /** Caller code must not break the socket loop. */
  const safely = (what: string, run: () => unknown) => {
    const failed = (error: unknown) => logger.error('chatwoot_cable.callback_failed', { what, reason: reasonOf(error) });
    try {
      const result = run();
      if (result instanceof Promise) result.catch(failed);
    } catch (error) {
      failed(error);
    }
  };
  const send = (frame: Record<string, unknown>) => {
    if (socket?.readyState === Socket.OPEN) socket.send(JSON.stringify(frame));
  };

  const subscribe = (token: string, watch: Watch) => {
    clearTimeout(watch.timer);
    watch.timer = undefined;
    if (!welcomed) return void (watch.status = 'waiting'); // sent on the next welcome
    watch.status = 'pending';
    send({ command: 'subscribe', identifier: roomIdentifier(token) });
    watch.timer = setTimeout(() => fail(token, watch, 'unconfirmed'), confirmTimeoutMs);
  };

  const fail = (token: string, watch: Watch, reason: 'unconfirmed' | 'rejected') => {
    const retryInMs = backoffDelay(watch.failures, backoff, random);
    Object.assign(watch, { status: 'waiting', gap: true, failures: watch.failures + 1 });
    logger.warn('chatwoot_cable.subscription_failed', { reason, retryInMs, failures: watch.failures });
    safely('onFailure', () => onFailure?.(token, reason));
    clearTimeout(watch.timer);
    watch.timer = setTimeout(() => subscribe(token, watch), retryInMs);
  };

  const confirmed = (token: string, watch: Watch) => {
    if (watch.status !== 'pending') return;
    clearTimeout(watch.timer);
    Object.assign(watch, { status: 'confirmed', failures: 0, timer: undefined });
    logger.info('chatwoot_cable.subscribed', { resync: watch.gap });
    if (!watch.gap) return;
    watch.gap = false;
    safely('onResync', () => onResync(token));
  };

  const onFrame = (frame: CableFrame) => {
    if (frame.kind === 'welcome') {
      welcomed = true;
      reconnects = 0;
      for (const [token, watch] of watches) subscribe(token, watch);
      clearInterval(presenceTimer);
      presenceTimer = setInterval(() => {
        for (const [token, watch] of watches) {
          if (watch.status === 'confirmed') send({ command: 'message', identifier: roomIdentifier(token), data: JSON.stringify({ action: 'update_presence' }) });
        }
      }, presenceMs);
    } else if (frame.kind === 'disconnect') {
      lost(`server disconnect: ${frame.reason.slice(0, 60)}`);
    } else if (frame.kind === 'confirm' || frame.kind === 'reject') {
      const watch = watches.get(frame.token);
      if (watch && frame.kind === 'confirm') confirmed(frame.token, watch);
      else if (watch?.status === 'pending') fail(frame.token, watch, 'rejected');
    } else if (frame.kind === 'broadcast') {
      const watch = watches.get(frame.token);
      if (!watch) return;
      const result = readBroadcast(frame.event, frame.data, watch.statuses);
      if (!result.ok) return void logger.warn('chatwoot_cable.unreadable_push', { event: frame.event.slice(0, 60), reason: result.reason });
      if (result.messages.length > 0 || result.signals.length > 0) safely('onMessages', () => onMessages(result.messages, result.signals, frame.token));
    }
  };

  /** Drops the socket without a reconnect; every watch loses coverage until its next confirm. */
  const teardown = () => {
    const dead = socket;
    socket = undefined;
    welcomed = false;
    clearTimeout(staleTimer);
    clearInterval(presenceTimer);
    staleTimer = presenceTimer = undefined;
    for (const watch of watches.values()) {
      clearTimeout(watch.timer);
      Object.assign(watch, { status: 'waiting', gap: true, timer: undefined });
    }
    if (!dead) return;
    dead.removeAllListeners();
    dead.on('error', () => {}); // a socket still connecting reports its abort as an error
    dead.terminate();
  };

  const lost = (reason: string) => {
    teardown();
    if (closed || watches.size === 0) return;
    const retryInMs = backoffDelay(reconnects++, backoff, random);
    logger.warn('chatwoot_cable.disconnected', { reason, retryInMs, watching: watches.size });
    reconnectTimer = setTimeout(connect, retryInMs);
  };

  const connect = () => {
    reconnectTimer = undefined;
    if (closed || watches.size === 0 || socket) return;
    const ws = new Socket(url, CABLE_PROTOCOL, { maxPayload: MAX_FRAME, perMessageDeflate: false });
    socket = ws;
    // Covers a hanging handshake too; refreshed by every frame (pings every 3 s).
    staleTimer = setTimeout(() => lost(`no frame for ${staleMs} ms`), staleMs);
    ws.on('message', (raw) => {
      staleTimer?.refresh();
      onFrame(parseFrame(raw.toString()));
    });
    ws.on('close', (code) => lost(`closed (${code})`));
    ws.on('error', (error) => lost(reasonOf(error)));
  };

  return {
    /**
     * Subscribes a contact's pubsub_token (opening the socket if needed); a no-op when already watched. With
     * `catchUp`, the first confirm calls onResync too: whatever came before the subscription is fetched then.
     */
    watch(pubsubToken: string, { catchUp = false }: { catchUp?: boolean } = {}): void {
      if (closed) throw new Error('cable client is closed');
      if (!pubsubToken || watches.has(pubsubToken)) return;
      const watch: Watch = { status: 'waiting', failures: 0, gap: catchUp, statuses: new Map() };
      watches.set(pubsubToken, watch);
      if (welcomed) subscribe(pubsubToken, watch);
      else if (!socket && !reconnectTimer) connect();
    },
    /** Unsubscribes; the socket closes when nothing is left to watch. */
    unwatch(pubsubToken: string): void {
      const watch = watches.get(pubsubToken);
      if (!watch) return;
      clearTimeout(watch.timer);
      if (watch.status !== 'waiting') send({ command: 'unsubscribe', identifier: roomIdentifier(pubsubToken) });
      watches.delete(pubsubToken);
      if (watches.size > 0) return;
      clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      reconnects = 0;
      teardown();
    },
    watching: (): string[] => [...watches.keys()],
    /** Tokens whose subscription is confirmed on the live socket. */
    subscribed: (): string[] => [...watches].filter(([, watch]) => watch.status === 'confirmed').map(([token]) => token),
    /** Stops every timer and the socket. */
    close(): void {
      closed = true;
      clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      teardown();
      watches.clear();
    },
  };
};

export type CableClient = ReturnType<typeof createCableClient>;
