import { vi } from 'vitest';
import type { InboxResponse, Message } from '../protocol/index.ts';

// Test helper (not part of the bundle): the relay's visitor API in memory, behind a fake fetch.
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const at = '2025-01-01T00:00:00.000Z';

/** An in-memory relay behind a fake fetch: one conversation, a live stream the test can push to. */
export const fakeRelay = ({ history = [] as Message[], failSends = 0, inbox = {} as InboxResponse, readSeq = undefined as number | undefined } = {}) => {
  const messages = [...history];
  const streams: Array<ReadableStreamDefaultController<Uint8Array>> = [];
  const streamHeaders: Headers[] = [];
  const sends: unknown[] = [];
  const sessions: unknown[] = [];
  /** Typing and seen requests, e.g. `typing on`, `typing off`, `seen`. */
  const pings: string[] = [];
  let failures = failSends;
  let conversationId = 'c1';
  let token = 'tok';
  const encoder = new TextEncoder();
  const push = (text: string) => streams.at(-1)?.enqueue(encoder.encode(text));
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    // Public: what the inbox says about itself.
    if (url.pathname === '/v1/inbox') return json(200, inbox);
    if (url.pathname === '/v1/sessions') {
      sessions.push(JSON.parse(String(init.body)));
      return json(200, { token, visitorId: 'v1', conversationId, expiresAt: at, resumed: false });
    }
    if (new Headers(init.headers).get('authorization') !== `Bearer ${token}`) return json(401, { error: { code: 'unauthorized', message: 'expired' } });
    if (url.pathname === '/v1/typing' || url.pathname === '/v1/seen') {
      pings.push(url.pathname === '/v1/seen' ? 'seen' : `typing ${(JSON.parse(String(init.body)) as { on: boolean }).on ? 'on' : 'off'}`);
      return new Response(null, { status: 204 });
    }
    if (url.pathname === '/v1/messages' && init.method === 'GET') {
      // The newest `limit` before `before`, as the relay pages history.
      const before = Number(url.searchParams.get('before') ?? Infinity);
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const older = messages.filter((m) => m.conversationId === conversationId && m.seq < before);
      return json(200, { messages: older.slice(-limit), deliveredSeq: 0, readSeq, hasMore: older.length > limit });
    }
    if (url.pathname === '/v1/messages') {
      const body = JSON.parse(String(init.body)) as { clientId: string; body: Message['body'] };
      sends.push(body);
      if (failures-- > 0) throw new TypeError('Failed to fetch');
      const message: Message = {
        id: `m${messages.length + 1}`,
        seq: messages.length + 1,
        conversationId,
        author: 'visitor',
        createdAt: at,
        clientId: body.clientId,
        body: body.body,
      };
      messages.push(message);
      return json(201, { message, duplicate: false });
    }
    streamHeaders.push(new Headers(init.headers));
    // An aborted request fails its pending read, as a real fetch does.
    const body = new ReadableStream<Uint8Array>({ start: (c) => void streams.push(c) });
    const controller = streams.at(-1);
    init.signal?.addEventListener('abort', () => controller?.error(new DOMException('The operation was aborted.', 'AbortError')));
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    sends,
    sessions,
    pings,
    streamHeaders,
    messages,
    /** The relay forgot the visitor: old tokens get 401, a renewal creates a new conversation. */
    replaceConversation: (id: string) => {
      conversationId = id;
      token = `tok-${id}`;
    },
    endStream: () => streams.at(-1)?.close(),
    bot: (seq: number, text: string) =>
      push(`event: message\nid: ${seq}\ndata: ${JSON.stringify({ id: `m${seq}`, seq, conversationId, author: 'bot', createdAt: at, body: { kind: 'text', text } })}\n\n`),
    push,
    failSends: (n: number) => (failures = n),
  };
};

export type FakeRelay = ReturnType<typeof fakeRelay>;
