import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
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
const messageFrame = (conversationId: string, seq: number, text?: string) =>
  `event: message\nid: ${seq}\ndata: ${JSON.stringify(sampleMessage(conversationId, seq, text))}\n\n`;

/**
 * The baseline: plain node:http doing the same job with no relay logic — no auth, no store, no hub. Streams are
 * keyed by visitor id from the query string; POST /publish writes one message frame to a visitor's streams.
 */
export const createBareUnderTest = async (): Promise<ServerUnderTest> => {
  const streams = new Map<string, Set<ServerResponse>>();
  const conversationId = id('c');
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

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bare.invalid');
    if (req.method === 'GET' && url.pathname === '/stream') return stream(url.searchParams.get('v') ?? '', res);
    if (req.method === 'POST' && url.pathname === '/publish') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const { v, text } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { v: string; text: string };
        const frame = messageFrame(conversationId, ++seq, text);
        for (const to of streams.get(v) ?? []) to.write(frame);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const heartbeat = setInterval(() => {
    for (const set of streams.values()) for (const res of set) res.write(': hb\n\n');
  }, 20_000);
  heartbeat.unref();

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async setup(count, shared) {
      keys = Array.from({ length: shared ? 1 : count }, () => id('v'));
      const targets: StreamTarget[] = Array.from({ length: count }, (_, i) => {
        const key = keys[shared ? 0 : i]!;
        return { id: key, path: `/stream?v=${key}`, headers: {} };
      });
      return { targets, publishPath: '/publish' };
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
