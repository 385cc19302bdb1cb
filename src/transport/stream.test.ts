import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message, StreamEvent } from '../protocol/index.ts';
import { createStream, toStreamEvent, type StreamState } from './stream.ts';

const message = (seq: number): Message => ({
  id: `m${seq}`,
  seq,
  conversationId: 'c1',
  author: 'bot',
  createdAt: '2025-01-01T00:00:00.000Z',
  body: { kind: 'text', text: `hello ${seq}` },
});
const frame = (m: Message) => `event: message\nid: ${m.seq}\ndata: ${JSON.stringify(m)}\n\n`;

let server: Server;
let relayUrl: string;
let requests: IncomingMessage[];
let handle: (req: IncomingMessage, res: ServerResponse, n: number) => void;
let stops: Array<() => void>;

beforeEach(async () => {
  requests = [];
  stops = [];
  server = createServer((req, res) => {
    requests.push(req);
    handle(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterEach(async () => {
  vi.unstubAllGlobals();
  for (const stop of stops) stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const sse = (res: ServerResponse, text = '') => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(text || ': open\n\n');
};

const start = (options: Partial<Parameters<typeof createStream>[0]> = {}) => {
  const events: StreamEvent[] = [];
  const states: StreamState[] = [];
  const stream = createStream({
    relayUrl,
    getToken: async () => 'tok1',
    onEvent: (e) => events.push(e),
    onState: (s) => states.push(s),
    base: 10,
    cap: 40,
    random: () => 0,
    network: undefined,
    ...options,
  });
  stops.push(stream.close);
  return { events, states, stream };
};

describe('createStream', () => {
  it('sends the token in a header, delivers valid events and drops malformed ones', async () => {
    handle = (_req, res) =>
      sse(res, `${frame(message(1))}event: message\ndata: {"id":1}\n\nevent: status\ndata: {"deliveredSeq":1}\n\nevent: typing\ndata: {"on":true}\n\n: hb\n\n`);
    const { events, states } = start({ lastEventId: '0' });
    await vi.waitFor(() => expect(events).toHaveLength(3));
    expect(events).toEqual([
      { event: 'message', data: message(1) },
      { event: 'status', data: { deliveredSeq: 1 } },
      { event: 'typing', data: { on: true } },
    ]);
    expect(states).toEqual(['connecting', 'online']);
    expect(requests[0]?.url).toBe('/v1/stream');
    expect(requests[0]?.headers.authorization).toBe('Bearer tok1');
    expect(requests[0]?.headers['last-event-id']).toBe('0');
  });

  it('reconnects after the server closes, resuming after the last id seen', async () => {
    handle = (_req, res, n) => {
      if (n === 1) {
        sse(res, frame(message(4)) + frame(message(5)));
        res.end();
      } else sse(res, frame(message(6)));
    };
    const { events, states } = start({ lastEventId: '3' });
    await vi.waitFor(() => expect(events).toHaveLength(3));
    expect(requests.map((r) => r.headers['last-event-id'])).toEqual(['3', '5']);
    expect(states).toEqual(['connecting', 'online', 'reconnecting', 'online']);
  });

  it('sends no Last-Event-ID on a first connection without one', async () => {
    handle = (_req, res) => sse(res);
    start();
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.headers['last-event-id']).toBeUndefined();
  });

  it('reconnects when the stream goes silent past the heartbeat window', async () => {
    handle = (_req, res) => sse(res);
    const { states } = start({ silence: 80 });
    await vi.waitFor(() => expect(requests.length).toBeGreaterThanOrEqual(2));
    expect(states.slice(0, 4)).toEqual(['connecting', 'online', 'reconnecting', 'online']);
  });

  it('keeps retrying after network errors and answers that are not a stream', async () => {
    handle = (_req, res, n) => {
      if (n === 1) res.destroy();
      else if (n === 2) res.writeHead(503, { 'content-type': 'application/json' }).end('{}');
      else sse(res, frame(message(1)));
    };
    const { events, states } = start();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(requests).toHaveLength(3);
    expect(states).toEqual(['connecting', 'online']);
  });

  it('renews the token on 401 and retries with the new one', async () => {
    handle = (req, res) => (req.headers.authorization === 'Bearer fresh' ? sse(res, frame(message(1))) : res.writeHead(401).end());
    const getToken = vi.fn(async (rejected?: string) => (rejected ? 'fresh' : 'stale'));
    const { events } = start({ getToken });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(getToken).toHaveBeenCalledWith('stale');
    expect(requests.map((r) => r.headers.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  it('goes offline on the offline event and reconnects at once when back online', async () => {
    handle = (_req, res) => sse(res);
    const network = new EventTarget();
    const { states } = start({ network, base: 60_000, cap: 60_000 });
    await vi.waitFor(() => expect(states).toContain('online'));
    network.dispatchEvent(new Event('offline'));
    await vi.waitFor(() => expect(states.at(-1)).toBe('offline'));
    network.dispatchEvent(new Event('online'));
    // Without the online event the next try would wait a minute.
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    await vi.waitFor(() => expect(states.at(-1)).toBe('online'));
    expect(states).toEqual(['connecting', 'online', 'offline', 'reconnecting', 'online']);
  });

  it('does not reconnect a stream the relay evicted until the visitor returns to the page', async () => {
    handle = (_req, res, n) => {
      if (n === 1) {
        sse(res, `${frame(message(4))}event: evicted\ndata: {"reason":"visitor"}\n\n`);
        res.end();
      } else sse(res, frame(message(5)));
    };
    const network = new EventTarget();
    const { events, states } = start({ network, lastEventId: '3' });
    await vi.waitFor(() => expect(states.at(-1)).toBe('reconnecting'));
    // A plain close reconnects within base..cap (10-40 ms here); an evicted stream waits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requests).toHaveLength(1);
    vi.stubGlobal('document', { hidden: true });
    network.dispatchEvent(new Event('visibilitychange')); // the tab went (or stayed) hidden: still waiting
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toHaveLength(1);
    vi.stubGlobal('document', { hidden: false });
    network.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(requests.map((r) => r.headers['last-event-id'])).toEqual(['3', '4']);
  });

  it('reconnects an evicted stream when the visitor focuses or uses its page, and after that as usual', async () => {
    handle = (_req, res, n) => {
      sse(res, n <= 2 ? 'event: evicted\ndata: {}\n\n' : ': open\n\n');
      if (n <= 3) res.end();
    };
    const network = new EventTarget();
    start({ network });
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests).toHaveLength(1);
    network.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests).toHaveLength(2);
    network.dispatchEvent(new Event('pointerdown'));
    // The third stream just ends, without being evicted: the fourth follows by itself.
    await vi.waitFor(() => expect(requests).toHaveLength(4));
  });

  it('stops for good on close()', async () => {
    handle = (_req, res) => sse(res);
    const { stream } = start();
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    const closed = new Promise((resolve) => requests[0]?.on('close', resolve));
    stream.close();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toHaveLength(1);
  });
});

describe('toStreamEvent', () => {
  it('takes conversation status changes and drops malformed ones', () => {
    expect(toStreamEvent({ event: 'conversation', data: '{"status":"resolved"}', id: '' })).toEqual({ event: 'conversation', data: { status: 'resolved' } });
    for (const data of ['{"status":3}', '{}', 'null', '"resolved"', 'nope']) expect(toStreamEvent({ event: 'conversation', data, id: '' })).toBeUndefined();
    expect(toStreamEvent({ event: 'typing', data: '{"on":"yes"}', id: '' })).toBeUndefined();
    expect(toStreamEvent({ event: 'mystery', data: '{"status":"open"}', id: '' })).toBeUndefined();
  });
});
