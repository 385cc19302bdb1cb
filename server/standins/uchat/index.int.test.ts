import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Body } from '../../../src/protocol/index.ts';
import { readBody } from '../../http/body.ts';
import { createLogger } from '../../log.ts';
import { DeliveryError, type Delivery, type InboundMessage, type Provider } from '../../providers/types.ts';
import { createPartnerClient } from '../../providers/uchat/partner.ts';
import { createUchatProvider } from '../../providers/uchat/provider.ts';
import { createSimulator } from './index.ts';

const VERIFY = 'relay-verification-key-0123456789';

/** A minimal relay: the real uchat provider behind node:http, keeping what it parsed and the raw pushes. */
const startReceiver = async (verificationKey = VERIFY) => {
  const provider = createUchatProvider({ botUrl: 'http://127.0.0.1:9/unused', apiKey: 'unused', verificationKey });
  const messages: InboundMessage[] = [];
  const raw: string[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req, 1024 * 1024);
    raw.push(body.toString('utf8'));
    const outcome = await provider.handleWebhook({ method: req.method ?? 'POST', url: new URL(req.url ?? '/', 'http://relay'), headers: req.headers, body });
    if ('reply' in outcome) return void res.writeHead(outcome.reply.status, { 'content-type': outcome.reply.contentType }).end(outcome.reply.body);
    messages.push(...outcome.messages);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/uchat`;
  const waitForMessages = async (n: number) => {
    for (let i = 0; i < 200 && messages.length < n; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return messages;
  };
  const close = () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections()));
  return { url, messages, raw, waitForMessages, close };
};

const delivery = (body: Body, visitorId = 'visitor-1', number = 5): Delivery => ({
  visitor: { id: visitorId, conversationId: 'c1', createdAt: '2025-01-01T00:00:00Z' },
  conversation: { id: 'c1', number, visitorId, createdAt: '2025-01-01T00:00:00Z', deliveredSeq: 0 },
  message: { id: 'm1', seq: 1, conversationId: 'c1', author: 'visitor', createdAt: '2025-01-01T00:00:00Z', body },
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as DeliveryError,
  );

describe('simulator + uchat provider', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  const setup = async ({ register = true, timeoutMs = 2000, replyDelayMs = 0 } = {}) => {
    const logs: string[] = [];
    const write = (line: string): boolean => logs.push(line) > 0;
    const sim = await createSimulator({ logger: createLogger({ write }), replyDelayMs });
    cleanup.push(() => sim.close());
    const receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    const partner = createPartnerClient({ baseUrl: sim.url, workspaceId: sim.workspaceId, apiKey: sim.partnerApiKey });
    if (register) await partner.set({ webhookUrl: receiver.url, verificationKey: VERIFY });
    const provider: Provider = createUchatProvider({ botUrl: sim.botUrl, apiKey: sim.flowApiKey, verificationKey: VERIFY, timeoutMs });
    return { sim, receiver, partner, provider, logs };
  };

  it('lets the bot wait replyDelayMs after bot_url accepted a message before it answers', async () => {
    const { receiver, provider } = await setup({ replyDelayMs: 250 });
    const sent = Date.now();
    await provider.deliver(delivery({ kind: 'text', text: 'slowly' }));
    expect(receiver.messages).toHaveLength(0);
    await receiver.waitForMessages(1);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(240);
    expect(receiver.messages[0]?.body).toEqual({ kind: 'text', text: 'You said: "slowly"' });
  });

  it('set-webhook performs the real handshake and answers the contract shape', async () => {
    const { sim, receiver, partner } = await setup({ register: false });
    expect(await partner.get()).toBeUndefined();
    const webhook = await partner.set({ webhookUrl: receiver.url, verificationKey: VERIFY });
    expect(webhook).toEqual({ webhookUrl: receiver.url, verificationKey: VERIFY, status: 'verified', botUrl: sim.botUrl });
    expect(receiver.raw[0]).toMatch(new RegExp(`^hub_mode=subscribe&hub_verify_token=${VERIFY}&hub_challenge=[0-9a-f]{32}$`));
    expect(await partner.get()).toEqual(webhook);
    expect(sim.webhook()).toMatchObject({ webhookUrl: receiver.url, status: 'verified' });
    await partner.remove();
    expect(await partner.get()).toBeUndefined();
  });

  it('refuses a webhook that fails the handshake and keeps the previous one', async () => {
    const { sim, receiver, partner } = await setup();
    const other = await startReceiver('a-different-key');
    cleanup.push(() => other.close());
    await expect(partner.set({ webhookUrl: other.url, verificationKey: VERIFY })).rejects.toThrow(/HTTP 400\): webhook verification failed: webhook_url answered HTTP 403/);
    await expect(partner.set({ webhookUrl: 'http://127.0.0.1:9/closed', verificationKey: VERIFY })).rejects.toThrow(/could not be reached/);
    expect(sim.webhook()?.webhookUrl).toBe(receiver.url);
  });

  it('guards the partner API with the partner key and the workspace id', async () => {
    const { sim } = await setup({ register: false });
    const wrongKey = createPartnerClient({ baseUrl: sim.url, workspaceId: sim.workspaceId, apiKey: 'nope' });
    await expect(wrongKey.get()).rejects.toThrow(/HTTP 401/);
    const wrongWorkspace = createPartnerClient({ baseUrl: sim.url, workspaceId: 'other', apiKey: sim.partnerApiKey });
    await expect(wrongWorkspace.get()).rejects.toThrow(/HTTP 404\): workspace not found/);
    const response = await fetch(`${sim.url}/api/partner/workspace/${sim.workspaceId}/set-apichat-webhook`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.partnerApiKey}`, 'content-type': 'application/json' },
      body: '{"webhook_url":"javascript:alert(1)"}',
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ status: 'error', message: expect.stringMatching(/webhook_url/) });
  });

  it('pushes PHP-escaped, signed JSON that the provider verifies and parses', async () => {
    const { sim, receiver } = await setup();
    const result = await sim.push({ sender_id: 'visitor-1', conv_id: 5, text: 'Crème brûlée 👋 https://x.test/menu', type: 'text', message_type: 'outgoing', private: false });
    expect(result).toEqual({ status: 200, body: '{"ok":true}' });
    expect(receiver.raw.at(-1)).toContain('Cr\\u00e8me br\\u00fbl\\u00e9e \\ud83d\\udc4b https:\\/\\/x.test\\/menu');
    expect(receiver.messages).toEqual([{ visitorId: 'visitor-1', conversationNumber: 5, author: 'bot', body: { kind: 'text', text: 'Crème brûlée 👋 https://x.test/menu' } }]);
  });

  it('records exactly the contract shape from provider.deliver, and the demo bot answers by a push', async () => {
    const { sim, receiver, provider } = await setup();
    await provider.deliver(delivery({ kind: 'text', text: 'hello there' }));
    await provider.deliver(delivery({ kind: 'postback', title: 'Yes', payload: 'YES' }));
    await provider.deliver(delivery({ kind: 'file', url: 'https://relay.test/uploads/a.pdf' }));
    const [text, postback, file] = await sim.waitForReceived(3, 2000);
    const sender = { id: 'visitor-1', name: 'Visitor visitor1', email: '', phone_number: '', type: 'contact' };
    const common = { message_type: 'incoming', sender, conversation_id: 5 };
    expect(text?.body).toEqual({ content: 'hello there', ...common, event: 'message_created' });
    expect(postback?.body).toEqual({ content: 'Yes', ...common, event: 'message_postback', submitted_values: [{ title: 'Yes', payload: 'YES' }] });
    expect(file?.body).toEqual({ content: '', ...common, event: 'message_created', attachments: [{ file_type: 'file', data_url: 'https://relay.test/uploads/a.pdf' }] });
    expect(text?.headers['authorization']).toBe(`Bearer ${sim.flowApiKey}`);
    const answers = await receiver.waitForMessages(4);
    expect(answers.map((m) => (m.body.kind === 'text' ? m.body.text : m.body.kind))).toEqual([
      expect.stringContaining('You said: "hello there"'),
      'buttons', // a greeting brings the menu
      'You chose "Yes".',
      'Thanks, I received your file.',
    ]);
    expect(answers.every((m) => m.visitorId === 'visitor-1' && m.conversationNumber === 5)).toBe(true);
  });

  it('lets the bot stay silent while no webhook is registered', async () => {
    const { sim, receiver, partner, provider } = await setup({ register: false });
    await provider.deliver(delivery({ kind: 'text', text: 'nobody listens' }));
    await partner.set({ webhookUrl: receiver.url, verificationKey: VERIFY });
    await provider.deliver(delivery({ kind: 'text', text: 'now you do' }));
    await sim.waitForReceived(2, 2000);
    await receiver.waitForMessages(1);
    // The bot answers requests in order, so an answer to the first one would have come before this one.
    expect(receiver.messages.map((m) => (m.body.kind === 'text' ? m.body.text : ''))).toEqual(['You said: "now you do"']);
  });

  it('refuses a wrong flow key with 401, which the provider reports as not retryable', async () => {
    const { sim } = await setup();
    const wrong = createUchatProvider({ botUrl: sim.botUrl, apiKey: 'wrong-key', verificationKey: VERIFY });
    const error = await failure(wrong.deliver(delivery({ kind: 'text', text: 'x' })));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retryable: false, status: 401 });
    expect(error?.message).toMatch(/UCHAT_API_KEY/);
    expect(sim.received).toEqual([]);
  });

  it('plays bot_url faults in order, each as a retryable DeliveryError, then accepts again', async () => {
    const { sim, provider } = await setup({ timeoutMs: 300 });
    sim.faults.botUrl.push({ kind: 'status', status: 503 }, { kind: 'hang' }, { kind: 'reset' });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await failure(provider.deliver(delivery({ kind: 'text', text: `try ${i}` }))));
    expect(results.map((e) => [e instanceof DeliveryError, e?.retryable, e?.status])).toEqual([
      [true, true, 503],
      [true, true, undefined],
      [true, true, undefined],
    ]);
    expect(results[1]?.message).toMatch(/did not answer within 300 ms/);
    expect(results[2]?.message).toMatch(/could not reach bot_url/);
    expect(sim.faults.botUrl).toEqual([]);
    await provider.deliver(delivery({ kind: 'text', text: 'finally' }));
    expect(sim.received.map((r) => r.body.content)).toEqual(['finally']);
  });

  it('while down drops every bot_url request unrecorded, through the control API too, and takes them again once up', async () => {
    const { sim, provider } = await setup();
    const faults = (body: unknown) => fetch(`${sim.url}/_simulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const set = await faults({ down: true });
    expect(await set.json()).toEqual({ botUrl: 0, down: true });
    for (const text of ['one', 'two']) {
      expect(await failure(provider.deliver(delivery({ kind: 'text', text })))).toMatchObject({ retryable: true, message: expect.stringMatching(/could not reach bot_url/) });
    }
    expect(sim.received).toEqual([]);
    expect(await (await faults({ down: false })).json()).toEqual({ botUrl: 0, down: false });
    await provider.deliver(delivery({ kind: 'text', text: 'back' }));
    expect(sim.received.map((r) => r.body.content)).toEqual(['back']);
  });

  it('refuses bodies outside the contract with a reason, and oversized or broken bodies', async () => {
    const { sim } = await setup();
    const post = (body: string) => fetch(sim.botUrl, { method: 'POST', headers: { authorization: `Bearer ${sim.flowApiKey}`, 'content-type': 'application/json' }, body });
    const missing = await post(JSON.stringify({ content: 'x', message_type: 'incoming', conversation_id: 1, event: 'message_created' }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).message).toMatch(/sender/);
    const stringId = await post(
      JSON.stringify({
        content: 'x',
        message_type: 'incoming',
        sender: { id: 'v', name: 'n', email: '', phone_number: '', type: 'contact' },
        conversation_id: '1',
        event: 'message_created',
      }),
    );
    expect((await stringId.json()).message).toMatch(/conversation_id/);
    expect((await post('{broken')).status).toBe(400);
    expect((await post('x'.repeat(1024 * 1024 + 1))).status).toBe(413);
    expect(sim.received).toEqual([]);
  });

  it('serves the loopback control API without ever showing or logging a key', async () => {
    const { sim, receiver, provider, logs } = await setup();
    const json = (method: string, path: string, body?: unknown, type = 'application/json') =>
      fetch(`${sim.url}/_simulator/${path}`, { method, headers: { 'content-type': type }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect((await json('POST', 'faults', { botUrl: [{ kind: 'status', status: 429 }] })).status).toBe(200);
    expect(await failure(provider.deliver(delivery({ kind: 'text', text: 'a' })))).toMatchObject({ retryable: true, status: 429 });
    expect((await json('POST', 'faults', { botUrl: [{ kind: 'explode' }] })).status).toBe(400);
    await provider.deliver(delivery({ kind: 'text', text: 'b' }));
    const received = await (await json('GET', 'received')).text();
    expect(JSON.parse(received)).toEqual([{ path: new URL(sim.botUrl).pathname, body: expect.objectContaining({ content: 'b' }) }]);
    const pushed = await json('POST', 'push', { sender_id: 'visitor-9', text: 'from QA', type: 'text' });
    expect(pushed.status).toBe(200);
    expect(await pushed.json()).toEqual({ status: 200, body: '{"ok":true}' });
    expect((await receiver.waitForMessages(2)).some((m) => m.visitorId === 'visitor-9')).toBe(true);
    expect((await json('POST', 'push', { text: 'x' }, 'text/plain')).status).toBe(415);
    const webhook = await (await json('GET', 'webhook')).text();
    expect(JSON.parse(webhook)).toEqual({ registered: true, webhookUrl: receiver.url, status: 'verified' });
    expect((await json('DELETE', 'received')).status).toBe(200);
    expect(sim.received).toEqual([]);
    await createPartnerClient({ baseUrl: sim.url, workspaceId: sim.workspaceId, apiKey: sim.partnerApiKey }).remove();
    expect((await json('POST', 'push', { sender_id: 'v', text: 'x' })).status).toBe(409);
    expect(logs.some((line) => line.includes('simulator.webhook_set'))).toBe(true);
    for (const secret of [sim.flowApiKey, sim.partnerApiKey, VERIFY]) {
      for (const text of [received, webhook, ...logs]) expect(text).not.toContain(secret);
    }
  });
});
