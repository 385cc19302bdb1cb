import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeStartupError } from '../cli/startup-errors.ts';
import { loadConfig } from '../config/index.ts';
import { createLogger } from '../log.ts';
import { createSimulator } from '../standins/uchat/index.ts';
import { startRelayFromConfig } from '../start.ts';
import { createTestDatabase, enginesProblem, postgresAdminUrl } from './databases.testing.ts';
import { startPostgres } from './engines.testing.ts';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';
import { PNG } from '../uploads/fixtures.testing.ts';
import { sendUpload, upload } from './upload-client.testing.ts';

const adminUrl = postgresAdminUrl();
/** Trust authentication takes any password: this one must never show up anywhere. */
const PASSWORD = 'pw-never-shown-4417';
const withPassword = (url: string) => {
  const parsed = new URL(url);
  parsed.password = PASSWORD;
  return parsed.href;
};
const texts = (messages: { body: { kind: string; text?: string } }[]) => messages.map((message) => message.body.text ?? message.body.kind);

interface Readiness {
  ok: boolean;
  checks: Record<string, string>;
  failing?: string[];
}

describe.skipIf(!adminUrl)(`a relay on Postgres (DATABASE_URL)${adminUrl ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const setup = async () => {
    const database = await createTestDatabase(adminUrl!, 'relay');
    cleanup.push(() => database.drop());
    const sim = await createSimulator({});
    cleanup.push(() => sim.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'chatport-pg-relay-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    return { url: withPassword(database.url), sim, dataDir };
  };
  const relay = async (url: string, sim: Awaited<ReturnType<typeof setup>>['sim'], dataDir: string) => {
    const h = await startHarness({ store: 'postgres', dataDir, simulator: sim, env: { DATABASE_URL: url } });
    cleanup.push(() => h.close());
    return h;
  };
  const readyz = async (h: Harness) => {
    const response = await fetch(`${h.url}/readyz`);
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as Readiness };
  };

  it('chats, streams, takes and serves uploads, and after a restart on the same database keeps the history and delivers what was queued', async () => {
    const { url, sim, dataDir } = await setup();
    const first = await relay(url, sim, dataDir);
    expect(first.config.store).toBe('postgres');
    const { token } = await first.session();
    const stream = await openStream(first.url, token);

    expect((await first.send(token, 'hello postgres')).status).toBe(201);
    await sim.waitForReceived(1, 5000);
    // The bot's answer arrives as a signed webhook push, is stored in Postgres and streamed.
    const reply = await stream.waitFor(() => stream.messages().find((message) => message.author === 'bot'));
    expect(reply.body.text).toContain('hello postgres');
    await stream.waitFor((events) => events.some((event) => event.event === 'status' && (event.data as { deliveredSeq: number }).deliveredSeq >= 1));

    const stored = await upload(first, token, PNG, 'image/png', 'photo.png');
    expect(stored.status).toBe(201);
    expect((await sendUpload(first, token, stored.json.id)).status).toBe(201);
    await sim.waitForReceived(2, 5000);
    const file = await fetch(stored.json.url);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    const part = await fetch(stored.json.url, { headers: { range: 'bytes=1-4' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(PNG.subarray(1, 5))).toBe(true);
    // Nothing of the relay's data is on this machine: no database file, no upload files.
    expect(existsSync(join(dataDir, 'chatport.db'))).toBe(false);
    expect(existsSync(join(dataDir, 'uploads'))).toBe(false);
    expect(await readyz(first)).toMatchObject({ status: 200, body: { ok: true, checks: { store: 'ok', migrations: 'ok' } } });
    await stream.close();

    // The platform goes down: what the visitor sends now waits in the outbox, in Postgres.
    sim.faults.botUrl.push(...Array.from({ length: 1000 }, () => ({ kind: 'status' as const, status: 502 })));
    for (const text of ['queued 1', 'queued 2']) expect((await first.send(token, text)).status).toBe(201);
    await expect.poll(() => first.started.relay.context.store.outboxSize()).toBe(2);
    const logs = [...first.logs];
    await first.close();

    sim.faults.botUrl.length = 0;
    const accepted = sim.received.length;
    const second = await relay(url, sim, dataDir);
    await sim.waitForReceived(accepted + 2, 10_000);
    expect(sim.received.slice(accepted).map((request) => (request.body as { content: string }).content)).toEqual(['queued 1', 'queued 2']);
    // The same session token works (the secret is the relay's; the visitor is in the database).
    const history = await second.api<{ messages: { author: string; body: { kind: string; text?: string } }[] }>('/v1/messages?limit=50', { token });
    expect(history.status, [history.text, ...second.logs.filter((line) => line.includes('error'))].join('\n')).toBe(200);
    expect(texts(history.json.messages.filter((message) => message.author === 'visitor'))).toEqual(['hello postgres', 'image', 'queued 1', 'queued 2']);
    expect(texts(history.json.messages)[1]).toBe(reply.body.text);
    const again = await fetch(`${second.url}${new URL(stored.json.url).pathname}`);
    expect(Buffer.from(await again.arrayBuffer()).equals(PNG)).toBe(true);

    const readiness = await readyz(second);
    for (const text of [...logs, ...second.logs, readiness.text]) expect(text).not.toContain(PASSWORD);
  });

  it('reports the store failing on /readyz while Postgres is down, and serves again once it is back', async () => {
    // Its own server, to take down and bring back.
    const engine = await startPostgres();
    cleanup.push(() => engine.stop());
    const { sim, dataDir } = await setup();
    const h = await relay(withPassword(engine.url), sim, dataDir);
    const { token } = await h.session();
    expect((await h.send(token, 'before')).status).toBe(201);

    await engine.down();
    const down = await readyz(h);
    expect(down.status).toBe(503);
    expect(down.body.failing).toContain('store');
    expect(down.body.checks['store']).toBe('unreachable');
    const refused = await h.send(token, 'while down', 'while-down-1');
    expect(refused.status).toBeGreaterThanOrEqual(500);

    await engine.up();
    await expect.poll(async () => (await readyz(h)).status, { timeout: 10_000 }).toBe(200);
    // The widget retries the same send: stored once, after what was there.
    const retried = await h.send(token, 'while down', 'while-down-1');
    expect(retried.status).toBe(201);
    expect((await h.send(token, 'while down', 'while-down-1')).status).toBe(200);
    const history = await h.api<{ messages: { author: string; body: { kind: string; text?: string } }[] }>('/v1/messages?limit=50', { token });
    expect(texts(history.json.messages.filter((message) => message.author === 'visitor'))).toEqual(['before', 'while down']);
    for (const line of h.logs) expect(line).not.toContain(PASSWORD);
  });

  it('fails to start in one line naming the database, never its password, when Postgres cannot be reached', async () => {
    const engine = await startPostgres();
    const unreachable = withPassword(engine.url).replace(/\/postgres$/, '/chatport');
    await engine.stop();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: unreachable,
      DATABASE_WAIT_MS: '0',
      CHATPORT_SECRET: 'x'.repeat(48),
      DATA_DIR: join(tmpdir(), 'chatport-never-created'),
    });
    const sim = await createSimulator({});
    cleanup.push(() => sim.close());
    const lines: string[] = [];
    const error = await startRelayFromConfig({ config, logger: createLogger({ write: (line) => lines.push(line) }), platforms: { uchat: { standIn: sim } } }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    const message = describeStartupError(error, { ports: {}, dataDir: config.dataDir });
    const { port } = new URL(unreachable);
    expect(message).toMatch(
      new RegExp(
        `^Chatport cannot start: cannot open the Postgres database postgres://127\\.0\\.0\\.1:${port}/chatport: .*ECONNREFUSED.*; check DATABASE_URL and that the database server is up\\.$`,
      ),
    );
    for (const text of [message, ...lines]) expect(text).not.toContain(PASSWORD);
  });
});
