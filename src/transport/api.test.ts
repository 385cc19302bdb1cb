import { describe, expect, it, vi } from 'vitest';
import type { Message } from '../protocol/index.ts';
import { createApi, endpoint, RequestError } from './api.ts';

const RELAY = 'https://relay.test/';
const KEY = 'chatport:token:https://relay.test';
const message = (seq: number, extra: Partial<Message> = {}): Message => ({
  id: `m${seq}`,
  seq,
  conversationId: 'c1',
  author: 'visitor',
  createdAt: '2025-01-01T00:00:00.000Z',
  body: { kind: 'text', text: 'hi' },
  ...extra,
});
const session = (token: string, resumed = false) => ({ token, visitorId: 'v1', conversationId: 'c1', expiresAt: '2030-01-01T00:00:00.000Z', resumed });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

interface Call {
  url: string;
  method: string;
  auth: string | undefined;
  body: unknown;
}

/** A fake relay: `routes` answers by "METHOD path"; every call is recorded. */
const fakeFetch = (routes: (call: Call) => Response | Promise<Response>) => {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const call = {
      url: String(input),
      method: init?.method ?? 'GET',
      auth: headers.get('authorization') ?? undefined,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    return routes(call);
  });
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch };
};

const memoryStorage = (initial: Record<string, string> = {}) => {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
};

describe('endpoint', () => {
  it('treats the relay URL as a directory', () => {
    expect(endpoint('https://relay.test/chat', 'v1/stream')).toBe('https://relay.test/chat/v1/stream');
    expect(endpoint('https://relay.test/chat/', 'v1/stream')).toBe('https://relay.test/chat/v1/stream');
  });
});

describe('createApi', () => {
  it('creates a session, stores the token under the relay origin and reports it', async () => {
    const { calls, fetch } = fakeFetch(() => json(200, session('t1')));
    const storage = memoryStorage();
    const onSession = vi.fn();
    const api = createApi({ relayUrl: RELAY, fetch, storage, onSession });
    expect(await api.getToken()).toBe('t1');
    expect(calls).toEqual([{ url: 'https://relay.test/v1/sessions', method: 'POST', auth: undefined, body: {} }]);
    expect(storage.data.get(KEY)).toBe('t1');
    expect(onSession).toHaveBeenCalledWith(session('t1'));
  });

  it('resumes with the stored token and shares one request between concurrent callers', async () => {
    const { calls, fetch } = fakeFetch(() => json(200, session('t2', true)));
    const api = createApi({ relayUrl: RELAY, fetch, storage: memoryStorage({ [KEY]: 'old' }) });
    expect(await Promise.all([api.getToken(), api.getToken()])).toEqual(['t2', 't2']);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toEqual({ token: 'old' });
  });

  it('works when storage throws', async () => {
    const { fetch } = fakeFetch(() => json(200, session('t1')));
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceeded');
      },
    };
    expect(await createApi({ relayUrl: RELAY, fetch, storage: broken }).getToken()).toBe('t1');
  });

  it('fetches history with the token, validates it and drops malformed messages', async () => {
    const { calls, fetch } = fakeFetch((c) =>
      c.method === 'POST' ? json(200, session('t1')) : json(200, { messages: [message(1), { id: 'x' }], deliveredSeq: 1, hasMore: true }),
    );
    const api = createApi({ relayUrl: RELAY, fetch });
    const history = await api.history({ before: 9 });
    expect(history).toEqual({ messages: [message(1)], deliveredSeq: 1, hasMore: true });
    expect(calls[1]).toMatchObject({ url: 'https://relay.test/v1/messages?limit=50&before=9', method: 'GET', auth: 'Bearer t1' });
  });

  it('rejects a response of the wrong shape', async () => {
    const { fetch } = fakeFetch((c) => (c.method === 'POST' ? json(200, session('t1')) : json(200, { messages: 'nope' })));
    await expect(createApi({ relayUrl: RELAY, fetch }).history()).rejects.toMatchObject({ status: 0, code: 'bad_response' });
  });

  it('renews the session on 401 with the old token and retries once', async () => {
    let sessions = 0;
    const { calls, fetch } = fakeFetch((c) => {
      if (c.url.endsWith('/v1/sessions')) return json(200, session(`t${++sessions}`, sessions > 1));
      return c.auth === 'Bearer t2'
        ? json(201, { message: message(3, { clientId: 'abcdefgh' }), duplicate: false })
        : json(401, { error: { code: 'unauthorized', message: 'expired' } });
    });
    const api = createApi({ relayUrl: RELAY, fetch });
    const sent = await api.send({ clientId: 'abcdefgh', body: { kind: 'text', text: 'hi' } });
    expect(sent.message.seq).toBe(3);
    expect(calls.map((c) => `${c.method} ${c.auth ?? '-'} ${JSON.stringify(c.body)}`)).toEqual([
      'POST - {}',
      'POST Bearer t1 {"clientId":"abcdefgh","body":{"kind":"text","text":"hi"}}',
      'POST - {"token":"t1"}',
      'POST Bearer t2 {"clientId":"abcdefgh","body":{"kind":"text","text":"hi"}}',
    ]);
  });

  it('turns error bodies and network failures into RequestError', async () => {
    const failing = fakeFetch(() => json(429, { error: { code: 'rate_limited', message: 'slow down' } }));
    const error = await createApi({ relayUrl: RELAY, fetch: failing.fetch })
      .session()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', message: 'slow down' });
    const offline = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(createApi({ relayUrl: RELAY, fetch: offline.fetch }).session()).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('forgets the visitor and sends the identity with every later session request', async () => {
    const { calls, fetch } = fakeFetch(() => json(200, session('t9')));
    const storage = { ...memoryStorage({ [KEY]: 'old' }), removeItem: vi.fn() };
    const api = createApi({ relayUrl: RELAY, fetch, storage });
    const identity = { id: 'user-1', name: 'Ada', hash: 'a'.repeat(64) };
    api.forget(identity);
    expect(storage.removeItem).toHaveBeenCalledWith(KEY);
    storage.data.delete(KEY);
    expect(api.hasToken()).toBe(false);
    expect(await api.getToken()).toBe('t9');
    expect(await api.getToken('t9')).toBe('t9');
    expect(calls.map((c) => c.body)).toEqual([{ identity }, { token: 't9', identity }]);
  });

  it('reports a refused identity once and goes on as an anonymous visitor', async () => {
    const identity = { id: 'user-7', hash: 'f'.repeat(64) };
    const { calls, fetch } = fakeFetch(({ body }) =>
      (body as { identity?: unknown }).identity ? json(401, { error: { code: 'identity_refused', message: 'this identity was refused' } }) : json(200, session('anon')),
    );
    const refused = vi.fn();
    const api = createApi({ relayUrl: RELAY, fetch, onIdentityRefused: refused });
    api.forget(identity);
    await expect(api.getToken()).rejects.toMatchObject({ status: 401, code: 'identity_refused' });
    expect(await api.getToken()).toBe('anon');
    expect(refused).toHaveBeenCalledTimes(1);
    expect(refused).toHaveBeenCalledWith('this identity was refused');
    expect(calls.map((c) => c.body)).toEqual([{ identity }, {}]);
  });

  it('pings typing and seen with the token, best effort: a failure is swallowed and not retried', async () => {
    let fail = false;
    const { calls, fetch } = fakeFetch((c) =>
      c.url.endsWith('/v1/sessions') ? json(200, session('t1')) : fail ? Promise.reject(new TypeError('Failed to fetch')) : new Response(null, { status: 204 }),
    );
    const api = createApi({ relayUrl: RELAY, fetch });
    api.ping('v1/typing', { on: true });
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    api.ping('v1/seen');
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    fail = true;
    expect(api.ping('v1/seen')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.map((c) => `${c.method} ${c.url} ${c.auth ?? '-'} ${JSON.stringify(c.body)}`)).toEqual([
      'POST https://relay.test/v1/sessions - {}',
      'POST https://relay.test/v1/typing Bearer t1 {"on":true}',
      'POST https://relay.test/v1/seen Bearer t1 undefined',
      'POST https://relay.test/v1/seen Bearer t1 undefined',
    ]);
  });
});
