import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIRST_SEQ, sampleMessage, type StreamTarget } from '../shared.ts';
import { perTurn, type ServerUnderTest } from './types.ts';

const HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

const id = (prefix: string) => `${prefix}_${randomBytes(16).toString('base64url')}`;
const messageFrame = (conversationId: string, seq: number, text?: string) => `event: message\nid: ${seq}\ndata: ${JSON.stringify(sampleMessage(conversationId, seq, text))}\n\n`;

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** The unavoidable part of taking a push: HMAC-SHA256 over the raw bytes, compared in constant time. */
const verified = (key: string, body: Buffer, header: string | string[] | undefined): boolean => {
  const match = typeof header === 'string' ? SIGNATURE.exec(header) : null;
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', key).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
};

const answer = (res: ServerResponse, status: number, body: string) =>
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' }).end(body);

/**
 * The baseline: plain node:http doing only the unavoidable work of the relay's job, with no store, auth or hub.
 * Streams are keyed by visitor id from the query string. POST /publish takes the same signed UChat push the relay
 * takes: it verifies the signature over the raw body, parses the JSON, routes by `sender_id` and writes one message
 * frame of the relay's shape to that visitor's streams.
 */
export const createBareUnderTest = async (): Promise<ServerUnderTest> => {
  const streams = new Map<string, Set<ServerResponse>>();
  const conversationId = id('c');
  const verificationKey = randomBytes(16).toString('hex');
  let keys: string[] = [];
  let open = 0;
  let seq = FIRST_SEQ;

  const stream = (key: string, res: ServerResponse) => {
    res.writeHead(200, HEADERS);
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    res.socket?.setKeepAlive(true);
    let set = streams.get(key);
    if (!set) streams.set(key, (set = new Set()));
    set.add(res);
    open++;
    res.on('close', () => {
      if (set.delete(res)) open--;
      if (set.size === 0) streams.delete(key);
    });
    res.write('retry: 2000\n\n');
    res.write('event: status\ndata: {"deliveredSeq":0}\n\n');
  };

  const publish = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (!verified(verificationKey, body, req.headers['x-hub-signature-256'])) return answer(res, 401, '{"error":"signature"}');
      let push: { sender_id?: unknown; text?: unknown };
      try {
        push = JSON.parse(body.toString('utf8')) as typeof push;
      } catch {
        return answer(res, 400, '{"error":"json"}');
      }
      const to = typeof push.sender_id === 'string' ? streams.get(push.sender_id) : undefined;
      if (!to) return answer(res, 404, '{"error":"unknown"}');
      const frame = messageFrame(conversationId, ++seq, typeof push.text === 'string' ? push.text : '');
      for (const res of to) res.write(frame);
      answer(res, 200, '{"ok":true,"stored":1}');
    });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bare.invalid');
    if (req.method === 'GET' && url.pathname === '/stream') return stream(url.searchParams.get('v') ?? '', res);
    if (req.method === 'POST' && url.pathname === '/publish') return publish(req, res);
    if (req.method === 'GET' && url.pathname === '/healthz') return answer(res, 200, '{"ok":true}');
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A heartbeat every 20 s, spread over 50 ticks as the relay spreads its own: writing 10,000 at once would stall
  // this server for a few hundred milliseconds, and its latency would no longer be a floor.
  const SLICES = 50;
  let tick = 0;
  const heartbeat = setInterval(() => {
    const slice = tick++ % SLICES;
    let index = 0;
    for (const set of streams.values()) if (index++ % SLICES === slice) for (const res of set) res.write(': hb\n\n');
  }, 20_000 / SLICES);
  heartbeat.unref();

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async setup(count, shared) {
      keys = Array.from({ length: shared ? 1 : count }, () => id('v'));
      const targets: StreamTarget[] = Array.from({ length: count }, (_, i) => {
        const key = keys[shared ? 0 : i]!;
        return { id: key, path: `/stream?v=${key}`, headers: {} };
      });
      return { targets, publishPath: '/publish', verificationKey };
    },
    connections: () => open,
    async fanout(rounds) {
      // The same bytes the relay writes for one event, formatted once.
      const frame = messageFrame(conversationId, FIRST_SEQ);
      const sets = keys.map((key) => streams.get(key) ?? new Set<ServerResponse>());
      await perTurn(rounds, () => {
        for (const set of sets) for (const res of set) res.write(frame);
      });
    },
    close: async () => {
      clearInterval(heartbeat);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
