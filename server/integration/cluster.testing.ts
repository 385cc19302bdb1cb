import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logLines, spawnChatport, type ChatportProcess } from '../cli/process.testing.ts';
import { SITE_ORIGIN } from './harness.testing.ts';
import { relayApi } from './relay-api.testing.ts';
import { sseEvents } from './sse-client.testing.ts';

/**
 * Several relay processes behind a load balancer, for tests: the balancer (round robin per request, as an ordinary
 * proxy with no sticky sessions does, unless a test pins a request), relay processes, and a stream reader that
 * reconnects with Last-Event-ID the way the widget does. Test-only.
 */

export interface Balancer {
  url: string;
  /** The backends requests go to now (a health check would take a dead one out; tests do it by hand). */
  backends: string[];
  /** Which backend each request went to, in order: [method path, backend]. */
  routed: [string, string][];
  close(): Promise<void>;
}

/**
 * A tiny HTTP load balancer: each request goes to the next backend in turn, or to the one `pin` names for it (a
 * test says "the stream on A, the sends on B"). Responses are piped as they come, so SSE streams through (nothing is
 * buffered). A backend that refuses the connection is skipped for that request (nothing was sent to it).
 */
export const startBalancer = async (backends: string[], { pin }: { pin?: (req: IncomingMessage) => string | undefined } = {}): Promise<Balancer> => {
  let turn = 0;
  const routed: [string, string][] = [];
  const balancer: Balancer = { url: '', backends, routed, close: async () => undefined };
  const forward = (req: IncomingMessage, res: import('node:http').ServerResponse, body: Buffer, tries: number) => {
    const list = balancer.backends;
    const target = (tries === 0 ? pin?.(req) : undefined) ?? list[turn++ % list.length]!;
    routed.push([`${req.method} ${req.url}`, target]);
    const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      res.on('close', () => answer.destroy());
      // The backend died mid-response (a stream's relay killed): the client sees its connection end, and reconnects.
      answer.on('error', () => res.destroy());
      answer.on('close', () => !res.writableEnded && res.destroy());
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' && tries < list.length) return forward(req, res, body, tries + 1);
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    upstream.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), 0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  balancer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  balancer.close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return balancer;
};

export interface RelayProcess {
  url: string;
  /** The instance id it logged (the owner of its outbox leases). */
  instance: string;
  process: ChatportProcess;
  /** Its JSON log lines so far. */
  logs(): ReturnType<typeof logLines>;
  /** SIGKILL: no stop, no goodbye. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

export const CLUSTER_SECRET = 'cluster-test-secret-'.padEnd(48, 'c');

/**
 * `chatport serve` as its own process on a free port, with the settings every relay of a site shares (the secret,
 * the origins, the public URL of the balancer) and `env` (the database, the platform). Resolves once it listens.
 */
export const spawnRelay = async (env: Record<string, string>, { limitMs = 120_000 } = {}): Promise<RelayProcess> => {
  const child = spawnChatport(['serve'], { PORT: '0', HOST: '127.0.0.1', CHATPORT_SECRET: CLUSTER_SECRET, ALLOWED_ORIGINS: SITE_ORIGIN, LOG_LEVEL: 'info', ...env }, { limitMs });
  // The banner comes once it listens, whatever LOG_LEVEL says; the instance id is in the log line before it (info).
  const banner = await child.waitFor(/<script src="http:\/\/127\.0\.0\.1:(\d+)\/embed\.js"/, 60_000);
  const line = { port: Number(banner[1]), instance: (logLines(child.stderr()).find((entry) => entry.event === 'relay.listening')?.['instance'] as string | undefined) ?? '' };
  const exit = async (signal: NodeJS.Signals) => {
    child.signal(signal);
    await child.exited;
  };
  return {
    url: `http://127.0.0.1:${line.port}`,
    instance: line.instance ?? '',
    process: child,
    logs: () => logLines(child.stderr()),
    kill: () => exit('SIGKILL'),
    stop: () => exit('SIGTERM'),
  };
};

export interface StreamMessage {
  seq: number;
  author: string;
  body: { kind: string; text?: string };
}

/**
 * Follows a visitor's stream through `url` as the widget does: on any end it reconnects after a moment with the
 * last seq seen as Last-Event-ID. Collects every message event, duplicates included (a test counts them).
 */
export const followStream = (url: string, token: string, { retryMs = 200, headers = {} as Record<string, string> } = {}) => {
  const messages: StreamMessage[] = [];
  const events: { event: string; data: unknown }[] = [];
  let lastSeq = 0;
  let connections = 0;
  let stopped = false;
  let controller: AbortController | undefined;
  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch(`${url}/v1/stream`, {
          headers: { authorization: `Bearer ${token}`, 'last-event-id': String(lastSeq), ...headers },
          signal: controller.signal,
        });
        if (response.status === 200 && response.body) {
          connections++;
          for await (const { event, data } of sseEvents(response.body)) {
            events.push({ event, data });
            if (event === 'message') {
              const message = data as StreamMessage;
              messages.push(message);
              lastSeq = Math.max(lastSeq, message.seq);
            }
          }
        } else await response.body?.cancel();
      } catch {
        // the relay went away, or we stopped
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  const done = run();
  return {
    messages,
    events,
    connections: () => connections,
    texts: (author?: string) => messages.filter((message) => author === undefined || message.author === author).map((message) => message.body.text ?? message.body.kind),
    async stop() {
      stopped = true;
      controller?.abort();
      await done;
    },
  };
};

/** The widget's calls through the balancer (or one relay), pinned to a backend with `x-test-backend` when given. */
export const visitorApi = (url: string) => {
  const api = relayApi(url);
  let counter = 0;
  return {
    api,
    session: async (headers: Record<string, string> = {}) =>
      (await api<{ token: string; visitorId: string; conversationId: string }>('/v1/sessions', { method: 'POST', body: {}, headers })).json,
    send: (token: string, text: string, headers: Record<string, string> = {}) =>
      api<{ message: { seq: number } }>('/v1/messages', { method: 'POST', token, headers, body: { clientId: `c-${Date.now()}-${counter++}`, body: { kind: 'text', text } } }),
  };
};

/** Polls until `check` holds (bounded). */
export const until = async (
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 15_000, what = 'the condition', detail = (): string => '' }: { timeoutMs?: number; what?: string; detail?: () => string } = {},
) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail() ? `: ${detail()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
