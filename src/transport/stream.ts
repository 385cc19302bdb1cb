import type { StreamEvent } from '../protocol/index.ts';
import { endpoint } from './api.ts';
import { backoff, sleep } from './backoff.ts';
import { isObject, isStatus, isStr, isTyping, toMessage } from './guards.ts';
import { createSseParser, type SseEvent } from './sse.ts';

export type StreamState = 'connecting' | 'online' | 'reconnecting' | 'offline';

export interface StreamOptions {
  relayUrl: string;
  /** The current session token; called with a token the relay rejected (401) to renew it. */
  getToken: (rejected?: string) => Promise<string>;
  /** Resume after this event id (the newest seq already shown). */
  lastEventId?: string | undefined;
  onEvent: (event: StreamEvent) => void;
  onState?: (state: StreamState) => void;
  fetch?: typeof fetch;
  /** Where `online`/`offline` events, and the visitor's return to the page, come from; the window in a browser. */
  network?: EventTarget | undefined;
  /** Reconnect when no byte (not even a heartbeat comment) arrived for this long. */
  silence?: number;
  base?: number;
  cap?: number;
  random?: () => number;
}

/** Validates one SSE event; anything malformed is dropped rather than shown half-parsed. */
export const toStreamEvent = ({ event, data }: SseEvent): StreamEvent | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (event === 'message') {
    const message = toMessage(value);
    return message && { event, data: message };
  }
  // Any other status than `resolved` reads as "not closed", so an unknown one is harmless.
  if (event === 'status' ? isStatus(value) : event === 'typing' ? isTyping(value) : event === 'conversation' && isObject(value) && isStr(value.status))
    return { event, data: value } as StreamEvent;
  return undefined;
};

// The visitor is back on this page: a tab shown or focused again, a click or a key anywhere in it.
const RETURN = ['visibilitychange', 'focus', 'pointerdown', 'keydown'];

/**
 * A resuming SSE client over fetch (EventSource cannot send the token in a header). Reconnects by itself with
 * backoff after errors, server close or heartbeat silence, sending Last-Event-ID so the relay replays what was missed.
 * A stream the relay ended with `evicted` (the visitor has more tabs open than it allows) waits for the visitor to
 * return to this page instead: reconnecting at once would evict another tab, which would do the same, for ever.
 */
export const createStream = ({
  relayUrl,
  getToken,
  lastEventId = '',
  onEvent,
  onState,
  fetch: fetchFn = (...args) => globalThis.fetch(...args),
  network = typeof window === 'undefined' ? undefined : window,
  silence = 45_000,
  base = 1000,
  cap = 15_000,
  random = Math.random,
}: StreamOptions): { close: () => void } => {
  let closed = false;
  const reportsOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
  let offline = reportsOffline();
  let lastId = lastEventId;
  let retry = base;
  let controller: AbortController | undefined;
  let wake = () => {};
  let state: StreamState | undefined;
  let attempt = 0;
  let everOnline = false;
  let evicted = false;

  const setState = (next: StreamState) => {
    if (next !== state && !closed) onState?.((state = next));
  };

  const deliver = (event: StreamEvent) => {
    try {
      onEvent(event);
    } catch (error) {
      // A consumer bug must not kill the stream (it would reconnect and fail on the same event forever).
      setTimeout(() => {
        throw error;
      });
    }
  };

  const connect = async (signal: AbortSignal, arm: () => void): Promise<void> => {
    const open = async (token: string) => {
      const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
      if (lastId) headers['last-event-id'] = lastId;
      return fetchFn(endpoint(relayUrl, 'v1/stream'), { headers, signal, cache: 'no-store', credentials: 'omit' });
    };
    const token = await getToken();
    let res = await open(token);
    if (res.status === 401) {
      await res.body?.cancel();
      res = await open(await getToken(token));
    }
    if (!res.ok || !res.body || !res.headers.get('content-type')?.includes('text/event-stream')) {
      await res.body?.cancel();
      throw new Error(`stream answered ${res.status}`);
    }
    const parser = createSseParser({
      lastEventId: lastId,
      onRetry: (ms) => (retry = Math.max(ms, 100)),
      onEvent: (raw) => {
        evicted ||= raw.event === 'evicted';
        const event = toStreamEvent(raw);
        if (event) deliver(event);
      },
    });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    setState('online');
    everOnline = true;
    attempt = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        arm();
        parser.push(decoder.decode(value, { stream: true }));
        lastId = parser.lastEventId;
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  };

  // Set by the `online` event: skip the pending (or next) backoff pause and try at once.
  let hurry = false;
  const pause = async (ms: number) => {
    if (hurry) return;
    const timer = sleep(ms);
    wake = timer.wake;
    await timer.done;
  };

  const run = async () => {
    while (!closed) {
      if (offline) {
        setState('offline');
        await pause(cap);
        // Normally the `online` event ends this; re-checking covers a missed event.
        offline = reportsOffline();
        continue;
      }
      setState(everOnline ? 'reconnecting' : 'connecting');
      hurry = evicted = false;
      const attemptController = (controller = new AbortController());
      // The watchdog covers the whole attempt: a hung request and a silent stream both end in a reconnect.
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => attemptController.abort(), silence);
      };
      arm();
      try {
        await connect(attemptController.signal, arm);
      } catch {
        // Network error, refused answer or watchdog abort: all end in a delayed reconnect.
      }
      clearTimeout(watchdog);
      if (closed || offline) continue;
      setState(everOnline ? 'reconnecting' : 'connecting');
      // Evicted: wait (for days if need be) until the visitor returns; the relay then evicts a tab left unused.
      await pause(evicted ? 1e9 : backoff(attempt++, { base: retry, cap, random }));
    }
  };

  const onOnline = () => {
    offline = false;
    hurry = true;
    wake();
  };
  const onReturn = () => void (evicted && !globalThis.document?.hidden && wake());
  const onOffline = () => {
    offline = true;
    setState('offline');
    controller?.abort();
  };
  network?.addEventListener('online', onOnline);
  network?.addEventListener('offline', onOffline);
  for (const type of RETURN) network?.addEventListener(type, onReturn);
  void run();

  return {
    close: () => {
      closed = true;
      network?.removeEventListener('online', onOnline);
      network?.removeEventListener('offline', onOffline);
      for (const type of RETURN) network?.removeEventListener(type, onReturn);
      controller?.abort();
      wake();
    },
  };
};
