import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createPartnerClient } from '../providers/uchat/partner.ts';
import { createSimulator, type Simulator } from '../standins/uchat/index.ts';
import { textPush } from '../standins/uchat/demo-pushes.ts';
import { followStream, spawnRelay, startBalancer, until, visitorApi, type Balancer, type RelayProcess } from './cluster.testing.ts';
import { createTestDatabase, enginesProblem, postgresAdminUrl } from './databases.testing.ts';
import { startPostgres, startRedis } from './engines.testing.ts';

const adminUrl = postgresAdminUrl();
const VERIFICATION_KEY = 'cluster-verification-key';

/** A UChat bot_url whose answer to each request a test decides: accept (recorded), a status, or never. */
const startPlatform = async (decide: (content: string, attempt: number) => 'accept' | number | 'hang') => {
  const accepted: string[] = [];
  const attempts: string[] = [];
  const times: number[] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const content = (JSON.parse(body) as { content?: string }).content ?? '';
      attempts.push(content);
      times.push(Date.now());
      const answer = decide(content, attempts.filter((seen) => seen === content).length);
      if (answer === 'hang') return void hanging.push(res);
      if (answer === 'accept') accepted.push(content);
      res
        .writeHead(answer === 'accept' ? 200 : answer, { 'content-type': 'application/json' })
        .end(answer === 'accept' ? '{"status":"ok"}' : '{"status":"error","message":"busy"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    botUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/apichat/test`,
    accepted,
    attempts,
    /** When each attempt arrived (epoch ms), beside `attempts`. */
    times,
    hanging,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
};

describe.skipIf(!adminUrl)(`relay processes failing and engines restarting${adminUrl ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /**
   * `count` relays on `databaseUrl` behind a balancer. Streams go to the relay `streamOn()` names while it is set;
   * webhooks never go to relay 0 (the one a test takes away): they take turns on the others, as pushes spread.
   */
  const cluster = async (count: number, databaseUrl: string, env: Record<string, string>) => {
    const pins = { stream: undefined as string | undefined, webhookTurn: 0 };
    let balancer: Balancer | undefined;
    const relays: RelayProcess[] = [];
    balancer = await startBalancer([], {
      pin: (req) => {
        if (req.url?.startsWith('/v1/stream')) return pins.stream;
        if (!req.url?.startsWith('/webhooks/')) return undefined;
        const others = balancer!.backends.filter((url) => url !== relays[0]?.url);
        return others[pins.webhookTurn++ % others.length];
      },
    });
    cleanup.push(() => balancer!.close());
    relays.push(...(await Promise.all(Array.from({ length: count }, () => spawnRelay({ DATABASE_URL: databaseUrl, PUBLIC_URL: balancer!.url, ...env })))));
    for (const relay of relays) cleanup.push(() => relay.kill());
    balancer.backends.push(...relays.map((relay) => relay.url));
    /** SIGKILL, and the balancer's health check takes it out. */
    const kill = async (relay: RelayProcess) => {
      await relay.kill();
      balancer!.backends.splice(balancer!.backends.indexOf(relay.url), 1);
      if (pins.stream === relay.url) pins.stream = undefined;
    };
    return { balancer, relays, pins, kill };
  };
  const database = async () => {
    const made = await createTestDatabase(adminUrl!, 'faults');
    cleanup.push(() => made.drop());
    return made.url;
  };
  const simulator = async () => {
    const sim = await createSimulator({});
    cleanup.push(() => sim.close());
    return { sim, env: { UCHAT_BOT_URL: sim.botUrl, UCHAT_API_KEY: sim.flowApiKey, UCHAT_VERIFICATION_KEY: VERIFICATION_KEY, PLATFORM_TIMEOUT_MS: '2000' } };
  };
  const register = (sim: Simulator, balancer: Balancer) =>
    createPartnerClient({ baseUrl: sim.url, workspaceId: sim.workspaceId, apiKey: sim.partnerApiKey }).set({
      webhookUrl: `${balancer.url}/webhooks/uchat`,
      verificationKey: VERIFICATION_KEY,
    });
  /** The visitor says something (through any relay) and the bot answers once: the simulator now knows where to push. */
  const greeted = async (sim: Simulator, balancer: Balancer, stream: ReturnType<typeof followStream>, token: string) => {
    expect((await visitorApi(balancer.url).send(token, 'good day')).status).toBe(201);
    await until(() => stream.texts('bot').length === 1, { what: 'the first answer', detail: () => JSON.stringify(stream.texts()) });
    const request = sim.received[0]!.body as { sender: { id: string }; conversation_id: number };
    return { senderId: request.sender.id, convId: request.conversation_id };
  };
  /** Pushes as a platform does: a push answered 5xx (or not at all) is sent again a moment later. */
  const pushUntilTaken = async (sim: Simulator, push: Record<string, unknown>, timeoutMs = 30_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const { status } = await sim.push(push).catch(() => ({ status: 0 }));
      if (status === 200) return;
      if (Date.now() > end) throw new Error(`the push was never taken (last status ${status})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const expectOnceInOrder = (stream: ReturnType<typeof followStream>, expected: string[]) => {
    expect(stream.texts('bot').filter((text) => text.startsWith('push '))).toEqual(expected);
    const seqs = stream.messages.map((message) => message.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  };
  const pushes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `push ${from + i}`);

  it('kill -9 of the relay holding a stream while the bot pushes 50 messages through the others: the reconnect lands elsewhere and shows all 50, none twice', async () => {
    const { sim, env } = await simulator();
    const { balancer, relays, pins, kill } = await cluster(3, await database(), env);
    await register(sim, balancer);
    const { token } = await visitorApi(balancer.url).session();
    pins.stream = relays[0]!.url;
    const stream = followStream(balancer.url, token);
    cleanup.push(() => stream.stop());
    const to = await greeted(sim, balancer, stream, token);

    for (const [index, text] of pushes(1, 50).entries()) {
      if (index === 15) await kill(relays[0]!);
      await pushUntilTaken(sim, textPush(to, text));
    }
    await until(() => stream.texts('bot').length >= 51, { what: 'all 50 pushes on the stream', detail: () => JSON.stringify(stream.texts()) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expectOnceInOrder(stream, pushes(1, 50));
    expect(stream.connections()).toBeGreaterThanOrEqual(2);
    const streamedBy = new Set(balancer.routed.filter(([request]) => request.startsWith('GET /v1/stream')).map(([, backend]) => backend));
    expect(streamedBy.has(relays[0]!.url) && streamedBy.size).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('kill -9 of the relay delivering a backlog to a platform that answers 503 then recovers: each message accepted once, in order, by a survivor once the lease ran out', async () => {
    let killedAt = 0;
    // m1–m3 are taken; m4 is refused twice (retried with backoff), then its third attempt never gets an answer and
    // its relay dies under it; after that the platform takes everything.
    const platform = await startPlatform((content, attempt) => {
      if (content === 'm4' && killedAt === 0) return attempt <= 2 ? 503 : 'hang';
      return 'accept';
    });
    cleanup.push(() => platform.close());
    const url = await database();
    const { balancer, relays, kill } = await cluster(3, url, {
      UCHAT_BOT_URL: platform.botUrl,
      UCHAT_API_KEY: 'flow-key',
      UCHAT_VERIFICATION_KEY: VERIFICATION_KEY,
      PLATFORM_TIMEOUT_MS: '3000',
      OUTBOX_LEASE_MS: '6000',
    });
    const visitor = visitorApi(balancer.url);
    const { token } = await visitor.session();
    const sent = Array.from({ length: 10 }, (_, i) => `m${i + 1}`);
    for (const text of sent) expect((await visitor.send(token, text)).status).toBe(201);

    await until(() => platform.hanging.length === 1, { what: "m4's third attempt", detail: () => JSON.stringify(platform.attempts) });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    cleanup.push(() => client.end());
    const owner = (await client.query<{ owner: string }>('SELECT owner FROM outbox_leases')).rows.map((row) => row.owner);
    const holder = relays.find((relay) => owner.includes(relay.instance));
    expect(holder, `lease owners ${owner.join(', ')}`).toBeDefined();
    killedAt = Date.now();
    await kill(holder!);

    await until(() => platform.accepted.length >= sent.length, {
      timeoutMs: 30_000,
      what: 'every message accepted',
      detail: () => JSON.stringify({ accepted: platform.accepted, attempts: platform.attempts }),
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(platform.accepted).toEqual(sent);
    expect(platform.attempts.filter((content) => content === 'm4').length).toBeGreaterThanOrEqual(4);
    // Taken over only once the lease ran out: it was renewed every 2 s while m4 hung, so it lived on at least 4 s
    // past the kill, and nobody sent m4 meanwhile.
    const takeover = platform.times[platform.attempts.findIndex((content, index) => content === 'm4' && platform.times[index]! > killedAt)]!;
    expect(takeover - killedAt).toBeGreaterThanOrEqual(3500);
    const history = await visitor.api<{ deliveredSeq: number }>('/v1/messages?limit=50', { token });
    expect(history.json.deliveredSeq).toBe(sent.length);
    expect(await client.query('SELECT * FROM outbox')).toMatchObject({ rowCount: 0 });
  }, 60_000);

  it.runIf(inject('redisUrl'))(
    'a Redis restart during traffic: nothing lost, the streams catch up, readiness goes degraded and back',
    async () => {
      const redis = await startRedis();
      cleanup.push(() => redis.stop());
      const { sim, env } = await simulator();
      const { balancer, relays, pins } = await cluster(3, await database(), { ...env, REDIS_URL: redis.url });
      await register(sim, balancer);
      const { token } = await visitorApi(balancer.url).session();
      pins.stream = relays[0]!.url;
      const stream = followStream(balancer.url, token);
      cleanup.push(() => stream.stop());
      const to = await greeted(sim, balancer, stream, token);
      for (const text of pushes(1, 5)) await pushUntilTaken(sim, textPush(to, text));
      await until(() => stream.texts('bot').length === 6, { what: 'the first pushes' });

      await redis.down();
      const readiness = async () => (await fetch(`${relays[0]!.url}/readyz`)).json() as Promise<{ ok: boolean; checks: Record<string, string>; degraded?: string[] }>;
      await until(async () => (await readiness()).degraded?.includes('signals') === true, { what: 'readiness to say the signals are away' });
      const degraded = await fetch(`${relays[0]!.url}/readyz`);
      expect(degraded.status).toBe(200);
      expect(await degraded.json()).toMatchObject({ ok: true, checks: { signals: 'redis reconnecting' }, degraded: ['signals'] });
      expect(await (await fetch(`${relays[0]!.url}/healthz`)).json()).toMatchObject({ ok: true, degraded: ['signals'] });
      for (const text of pushes(6, 15)) await pushUntilTaken(sim, textPush(to, text));

      await redis.up();
      await until(async () => (await readiness()).degraded === undefined, { what: 'readiness back to ok' });
      for (const text of pushes(16, 20)) await pushUntilTaken(sim, textPush(to, text));
      await until(() => stream.texts('bot').length >= 21, { what: 'every push on the stream', detail: () => JSON.stringify(stream.texts()) });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expectOnceInOrder(stream, pushes(1, 20));
      expect(stream.connections()).toBe(1);
    },
    60_000,
  );

  it('a Postgres restart during traffic: webhooks get 503 with Retry-After meanwhile, nothing stored is lost, the streams catch up, readiness fails by name and comes back', async () => {
    const engine = await startPostgres();
    cleanup.push(() => engine.stop());
    const { sim, env } = await simulator();
    const { balancer, relays, pins } = await cluster(3, engine.url, env);
    await register(sim, balancer);
    const visitor = visitorApi(balancer.url);
    const { token } = await visitor.session();
    pins.stream = relays[0]!.url;
    const stream = followStream(balancer.url, token);
    cleanup.push(() => stream.stop());
    const to = await greeted(sim, balancer, stream, token);
    for (const text of pushes(1, 5)) await pushUntilTaken(sim, textPush(to, text));
    await until(() => stream.texts('bot').length === 6, { what: 'the first pushes' });

    await engine.down();
    const refused = await sim.push(textPush(to, 'push 6'));
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'store_unavailable' } });
    // The widget's send too: told to come back in a moment (it retries with the same client id).
    const send = await visitor.send(token, 'while down');
    expect(send.status).toBe(503);
    expect(send.headers.get('retry-after')).toBe('5');
    const ready = await fetch(`${relays[0]!.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, checks: { store: 'unreachable' }, failing: expect.arrayContaining(['store']) });
    expect(await (await fetch(`${relays[0]!.url}/healthz`)).json()).toMatchObject({ ok: true, degraded: expect.arrayContaining(['store']) });

    // The platform keeps retrying its push; the database comes back meanwhile.
    const retrying = pushUntilTaken(sim, textPush(to, 'push 6'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await engine.up();
    await retrying;
    for (const text of pushes(7, 12)) await pushUntilTaken(sim, textPush(to, text));
    await until(() => stream.texts('bot').length >= 13, { timeoutMs: 20_000, what: 'every push on the stream', detail: () => JSON.stringify(stream.texts()) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expectOnceInOrder(stream, pushes(1, 12));
    await until(async () => (await fetch(`${relays[0]!.url}/readyz`)).status === 200, { what: 'readiness back' });
    expect(relays.flatMap((relay) => relay.logs()).some((line) => line.event === 'request.store_unavailable')).toBe(true);
  }, 90_000);
});
