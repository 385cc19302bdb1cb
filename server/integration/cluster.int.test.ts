import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createPartnerClient } from '../providers/uchat/partner.ts';
import { createChatwootStandin } from '../standins/chatwoot/index.ts';
import { createSimulator, type Simulator } from '../standins/uchat/index.ts';
import { followStream, spawnRelay, startBalancer, until, visitorApi, type Balancer, type RelayProcess } from './cluster.testing.ts';
import { createTestDatabase, enginesProblem, postgresAdminUrl } from './databases.testing.ts';
import { migrations } from '../store/postgres/database.ts';

const adminUrl = postgresAdminUrl();
const redisUrl = inject('redisUrl');
const VERIFICATION_KEY = 'cluster-verification-key';
const WEBHOOK_SECRET = 'cluster-inbox-webhook-secret-'.padEnd(32, 'w');

/** Requests carry `x-test-backend: <n>` to be pinned to relay n; webhooks go to `webhooks` when given. */
const pinned = (balancer: () => Balancer, webhooks?: number) => (req: import('node:http').IncomingMessage) => {
  const index = req.headers['x-test-backend'] ?? (webhooks !== undefined && req.url?.startsWith('/webhooks/') ? String(webhooks) : undefined);
  return index === undefined ? undefined : balancer().backends[Number(index)];
};

const contents = (sim: Simulator) => sim.received.map((request) => (request.body as { content?: string }).content);

describe.skipIf(!adminUrl)(`several relay processes on one Postgres${adminUrl ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** A database, a balancer in front of `count` relays started with `env` (and the balancer's address as PUBLIC_URL). */
  const cluster = async (count: number, env: Record<string, string>, { webhooks }: { webhooks?: number } = {}) => {
    const database = await createTestDatabase(adminUrl!, 'cluster');
    cleanup.push(() => database.drop());
    let balancer: Balancer | undefined;
    balancer = await startBalancer([], { pin: pinned(() => balancer!, webhooks) });
    cleanup.push(() => balancer!.close());
    const relays: RelayProcess[] = await Promise.all(
      Array.from({ length: count }, () => spawnRelay({ DATABASE_URL: database.url, PUBLIC_URL: balancer!.url, PLATFORM_TIMEOUT_MS: '2000', ...env })),
    );
    for (const relay of relays) cleanup.push(() => relay.kill());
    balancer.backends.push(...relays.map((relay) => relay.url));
    return { database, balancer, relays };
  };

  const uchat = async () => {
    const sim = await createSimulator({});
    cleanup.push(() => sim.close());
    return { sim, env: { UCHAT_BOT_URL: sim.botUrl, UCHAT_API_KEY: sim.flowApiKey, UCHAT_VERIFICATION_KEY: VERIFICATION_KEY } };
  };

  const signalsRuns = [{ signals: 'Postgres LISTEN/NOTIFY', env: {} as Record<string, string> }, ...(redisUrl ? [{ signals: 'Redis pub/sub', env: { REDIS_URL: redisUrl } }] : [])];
  for (const { signals, env: signalEnv } of signalsRuns) {
    it(`UChat over ${signals}: the stream on A, the sends on B, the webhooks on C — every message once, in order, both ways`, async () => {
      const { sim, env } = await uchat();
      const { balancer, relays } = await cluster(3, { ...env, ...signalEnv }, { webhooks: 2 });
      await createPartnerClient({ baseUrl: sim.url, workspaceId: sim.workspaceId, apiKey: sim.partnerApiKey }).set({
        webhookUrl: `${balancer.url}/webhooks/uchat`,
        verificationKey: VERIFICATION_KEY,
      });
      const visitor = visitorApi(balancer.url);
      const { token } = await visitor.session();
      const stream = followStream(balancer.url, token, { headers: { 'x-test-backend': '0' } });
      cleanup.push(() => stream.stop());
      await until(() => stream.connections() === 1, { what: 'the stream on A' });

      const sent = Array.from({ length: 12 }, (_, i) => `m${i + 1}`);
      for (const text of sent) expect((await visitor.send(token, text, { 'x-test-backend': '1' })).status).toBe(201);
      const replies = sent.map((text) => `You said: "${text}"`);
      await until(() => stream.texts('bot').length >= replies.length && contents(sim).length >= sent.length, {
        what: 'every reply on the stream',
        detail: () => JSON.stringify({ stream: stream.texts(), platform: contents(sim) }),
      });
      // Give stragglers (a duplicate) a moment to show.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(contents(sim)).toEqual(sent);
      expect(stream.texts('visitor')).toEqual(sent);
      expect(stream.texts('bot')).toEqual(replies);
      const seqs = stream.messages.map((message) => message.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      // The requests really went where the test says: the stream to A, the sends to B, the pushes to C.
      const where = (prefix: string) => new Set(balancer.routed.filter(([request]) => request.startsWith(prefix)).map(([, backend]) => backend));
      expect(where('GET /v1/stream')).toEqual(new Set([relays[0]!.url]));
      expect(where('POST /v1/messages')).toEqual(new Set([relays[1]!.url]));
      expect(where('POST /webhooks/uchat')).toEqual(new Set([relays[2]!.url]));
      expect(stream.connections()).toBe(1);
      for (const relay of relays) expect(relay.logs().filter((line) => line.level === 'error')).toEqual([]);
    }, 60_000);
  }

  it("Chatwoot (webhook path): the stream on A, the sends on B, the agent's callbacks on C — every message once, in order, both ways", async () => {
    const standin = await createChatwootStandin({ webhookSecret: WEBHOOK_SECRET });
    cleanup.push(() => standin.close());
    const { balancer, relays } = await cluster(
      3,
      { CHATWOOT_URL: standin.url, CHATWOOT_INBOX_IDENTIFIER: standin.inboxIdentifier, CHATWOOT_WEBHOOK_SECRET: WEBHOOK_SECRET },
      { webhooks: 2 },
    );
    standin.setWebhook({ url: `${balancer.url}/webhooks/chatwoot` });
    const visitor = visitorApi(balancer.url);
    const { token, visitorId } = await visitor.session();
    const stream = followStream(balancer.url, token, { headers: { 'x-test-backend': '0' } });
    cleanup.push(() => stream.stop());
    await until(() => stream.connections() === 1, { what: 'the stream on A' });

    const sent = Array.from({ length: 8 }, (_, i) => `hello ${i + 1}`);
    for (const text of sent) expect((await visitor.send(token, text, { 'x-test-backend': '1' })).status).toBe(201);
    const incoming = () => standin.messages.filter((message) => message.message_type === 0);
    await until(() => incoming().length >= sent.length, { what: 'the visitor messages in Chatwoot', detail: () => JSON.stringify(incoming().map((m) => m.content)) });
    const conversationId = incoming()[0]!.conversation_id;
    const answers = sent.map((_, i) => `answer ${i + 1}`);
    for (const content of answers) await standin.agentSay(conversationId, { content });
    await until(() => stream.texts('agent').length >= answers.length, { what: 'the answers on the stream', detail: () => JSON.stringify(stream.texts()) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(incoming().map((message) => message.content)).toEqual(sent);
    expect(new Set(incoming().map((message) => message.conversation_id))).toEqual(new Set([conversationId]));
    expect(stream.texts('visitor')).toEqual(sent);
    expect(stream.texts('agent')).toEqual(answers);
    expect(standin.contactInboxes.filter((inbox) => inbox.source_id === visitorId)).toHaveLength(1);
    const where = (prefix: string) => new Set(balancer.routed.filter(([request]) => request.startsWith(prefix)).map(([, backend]) => backend));
    expect(where('POST /webhooks/chatwoot')).toEqual(new Set([relays[2]!.url]));
    for (const relay of relays) expect(relay.logs().filter((line) => line.level === 'error')).toEqual([]);
  }, 60_000);

  it("Chatwoot's cable path: the relay that delivers the first message makes the contact, and the relay the visitor streams from follows it on the socket", async () => {
    const standin = await createChatwootStandin({ cablePingMs: 1000 });
    cleanup.push(() => standin.close());
    const { balancer, relays } = await cluster(2, {
      CHATWOOT_URL: standin.url,
      CHATWOOT_INBOX_IDENTIFIER: standin.inboxIdentifier,
      CHATWOOT_REALTIME: 'cable',
      CHATWOOT_SIGNATURE: 'off',
    });
    const visitor = visitorApi(balancer.url);
    const { token } = await visitor.session();
    // The stream opens on A before any contact exists: A has nothing to follow yet.
    const stream = followStream(balancer.url, token, { headers: { 'x-test-backend': '0' } });
    cleanup.push(() => stream.stop());
    await until(() => stream.connections() === 1, { what: 'the stream on A' });
    expect((await visitor.send(token, 'first words', { 'x-test-backend': '1' })).status).toBe(201);
    const incoming = () => standin.messages.filter((message) => message.message_type === 0);
    await until(() => incoming().length === 1, { what: 'the message in Chatwoot' });
    const conversationId = incoming()[0]!.conversation_id;
    // Chatwoot pushes nothing it sent before a subscription: keep saying it until the socket on A carries it.
    await until(
      async () => {
        if (stream.texts('agent').length > 0) return true;
        await standin.agentSay(conversationId, { content: 'over the socket' });
        await new Promise((resolve) => setTimeout(resolve, 300));
        return stream.texts('agent').length > 0;
      },
      { timeoutMs: 20_000, what: "the agent's answer on A's stream", detail: () => JSON.stringify(stream.texts()) },
    );
    expect(stream.texts('agent')[0]).toBe('over the socket');
    expect(balancer.routed.filter(([request]) => request.startsWith('POST /v1/messages')).map(([, backend]) => backend)).toEqual([relays[1]!.url]);
    for (const relay of relays) expect(relay.logs().filter((line) => line.level === 'error')).toEqual([]);
  }, 60_000);

  it('migrates an empty database once when two relay processes start on it at the same moment', async () => {
    const { sim, env } = await uchat();
    void sim;
    const { database, relays } = await cluster(2, env);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    cleanup.push(() => client.end());
    const versions = (await client.query<{ version: number }>('SELECT version FROM chatport_migrations ORDER BY version')).rows.map((row) => row.version);
    expect(versions).toEqual(migrations.map((_, index) => index + 1));
    for (const relay of relays) {
      expect(relay.logs().filter((line) => line.level === 'error' || line.level === 'warn')).toEqual([]);
      expect((await fetch(`${relay.url}/readyz`)).status).toBe(200);
    }
  }, 60_000);
});
