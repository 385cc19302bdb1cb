import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { logLines, spawnChatport, type ChatportProcess } from './process.testing.ts';

/** A UChat bot_url that holds each request for `holdMs` before accepting it: a slow platform. */
const startSlowPlatform = async (holdMs: number) => {
  const received: string[] = [];
  const answered: number[] = [];
  let onReceived = () => {};
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(body);
      onReceived();
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        answered.push(Date.now());
      }, holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    botUrl: `http://127.0.0.1:${port}/api/apichat/slow`,
    received,
    answered,
    nextRequest: () => new Promise<void>((resolve) => (onReceived = resolve)),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
};

describe('chatport serve on SIGTERM', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A UChat relay process on sqlite, a visitor with an open stream, and one message in flight to the slow platform. */
  const setup = async ({ holdMs, graceMs }: { holdMs: number; graceMs: number }) => {
    const platform = await startSlowPlatform(holdMs);
    const dataDir = mkdtempSync(join(tmpdir(), 'chatport-stop-'));
    cleanups.push(
      () => platform.close(),
      () => rmSync(dataDir, { recursive: true, force: true }),
    );
    const relay: ChatportProcess = spawnChatport(['serve'], {
      UCHAT_BOT_URL: platform.botUrl,
      UCHAT_API_KEY: 'flow-key-for-the-test',
      UCHAT_VERIFICATION_KEY: 'verification-key-for-the-test',
      PUBLIC_URL: 'http://relay.example.test',
      CHATPORT_SECRET: 'stop-test-secret-'.padEnd(48, 's'),
      ALLOWED_ORIGINS: 'http://site.example.test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PLATFORM_TIMEOUT_MS: '30000',
      SHUTDOWN_GRACE_MS: String(graceMs),
    });
    cleanups.push(async () => {
      relay.signal('SIGKILL');
      await relay.exited;
    });
    const [, port] = await relay.waitFor(/"event":"relay\.listening"[^\n]*"port":(\d+)/);
    const url = `http://127.0.0.1:${port}`;

    const session = (await (await fetch(`${url}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string };
    const auth = { authorization: `Bearer ${session.token}` };
    const stream = await fetch(`${url}/v1/stream`, { headers: auth });
    const reader = stream.body!.getReader();
    const streamEnded = (async () => {
      for (;;) if ((await reader.read()).done) return Date.now();
    })();
    const inFlight = platform.nextRequest();
    const sent = await fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'in-flight-1', body: { kind: 'text', text: 'sent just before the stop' } }),
    });
    expect(sent.status).toBe(201);
    await inFlight;
    return { relay, platform, dataDir, streamEnded };
  };

  const queued = (dataDir: string) => {
    const db = new Database(join(dataDir, 'chatport.db'), { readonly: true });
    try {
      return {
        outbox: (db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n,
        deliveredSeq: (db.prepare('SELECT delivered_seq AS seq FROM conversations').get() as { seq: number }).seq,
      };
    } finally {
      db.close();
    }
  };

  it('ends the streams, lets the delivery in flight finish, closes the store and exits 0', async () => {
    const { relay, platform, dataDir, streamEnded } = await setup({ holdMs: 700, graceMs: 10_000 });
    relay.signal('SIGTERM');
    expect(await relay.exited).toBe(0);
    expect(platform.answered).toHaveLength(1);
    // The stream was ended at once (the widget reconnects and resumes), while the platform still held the message.
    expect(await streamEnded).toBeLessThan(platform.answered[0]!);
    expect(platform.received).toHaveLength(1);
    // Recorded as delivered before the store was closed.
    expect(queued(dataDir)).toEqual({ outbox: 0, deliveredSeq: 1 });
    const lines = logLines(relay.stderr());
    const events = lines.map((line) => line.event);
    expect(events.indexOf('relay.stopping')).toBeGreaterThan(0);
    expect(events.at(-1)).toBe('relay.stopped');
    expect(events).not.toContain('outbox.left_queued');
    // The stream's access line, ended by the relay after the stop began.
    const streamLine = lines.find((line) => line.event === 'http.request' && line['route'] === '/v1/stream');
    expect(lines.indexOf(streamLine!)).toBeGreaterThan(events.indexOf('relay.stopping'));
    expect(streamLine).not.toHaveProperty('aborted');
  });

  it('after the grace period exits 0 with the unfinished delivery still queued for the next start', async () => {
    const { relay, platform, dataDir, streamEnded } = await setup({ holdMs: 20_000, graceMs: 300 });
    const signalled = Date.now();
    relay.signal('SIGTERM');
    await streamEnded;
    expect(await relay.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(platform.answered).toHaveLength(0);
    expect(queued(dataDir)).toEqual({ outbox: 1, deliveredSeq: 0 });
    const events = logLines(relay.stderr()).map((line) => line.event);
    expect(events).toContain('outbox.left_queued');
    expect(events.at(-1)).toBe('relay.stopped');
  });

  it('exits at once on a second signal', async () => {
    const { relay } = await setup({ holdMs: 20_000, graceMs: 60_000 });
    relay.signal('SIGTERM');
    await relay.waitFor(/"event":"relay\.stopping"/);
    const second = Date.now();
    relay.signal('SIGINT');
    expect(await relay.exited).toBe(130);
    expect(Date.now() - second).toBeLessThan(3000);
    expect(logLines(relay.stderr()).map((line) => line.event)).toContain('relay.stopped_at_once');
  });
});
