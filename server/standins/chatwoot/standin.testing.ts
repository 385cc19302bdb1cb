import { createChatwootStandin, type ChatwootStandinOptions } from './index.ts';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../http/body.ts';

/** A webhook receiver for tests: keeps each callback's raw body and headers; answers `status`. */
export const startReceiver = async (status = 200) => {
  const calls: { headers: IncomingHttpHeaders; raw: string; json: Record<string, unknown> }[] = [];
  const server = createServer(async (req, res) => {
    const raw = (await readBody(req, 1024 * 1024)).toString('utf8');
    calls.push({ headers: req.headers, raw, json: JSON.parse(raw) as Record<string, unknown> });
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/chatwoot`;
  const close = () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections()));
  return { url, calls, events: () => calls.map((c) => c.json['event']), close };
};

/** JSON request helper: answers status and parsed body (undefined when empty). */
export const call = async (url: string, method: string, body?: unknown) => {
  const response = await fetch(url, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: the tests read into the bodies they assert on
  return { status: response.status, json: text ? (JSON.parse(text) as any) : undefined };
};

/**
 * For a test file: `start()` gives a stand-in whose callbacks go to a fresh receiver; both are closed after each test.
 * Call it once at describe (or module) level with the test runner's `afterEach`.
 */
export const standinPerTest = (afterEach: (cleanup: () => Promise<void>) => void) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });
  return async (options: ChatwootStandinOptions = {}) => {
    const receiver = await startReceiver();
    cleanup.push(receiver.close);
    const standin = await createChatwootStandin({ webhookUrl: receiver.url, webhookSecret: 's', ...options });
    cleanup.push(standin.close);
    return { receiver, standin };
  };
};
