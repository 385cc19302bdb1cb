import { afterEach, describe, expect, it } from 'vitest';
import type { Body, Message } from '../../../src/protocol/index.ts';
import type { Conversation, Visitor } from '../../store/types.ts';
import { DeliveryError, type Delivery, type RawRequest } from '../types.ts';
import { fixture } from './examples.testing.ts';
import { startServer } from '../../http/recording-server.testing.ts';
import { createUchatProvider } from './provider.ts';
import { visitorName } from './send.ts';
import { signBody } from './signature.ts';

const KEY = 'flow-key-SECRET-1234567890';
const VERIFY = 'verify-key-SECRET-abcdef';

const visitor: Visitor = { id: 'c0ffee42-7d1e-4b7a-9f00-aa11bb22cc33', conversationId: 'conv-1', createdAt: '2025-01-01T00:00:00.000Z' };
const conversation: Conversation = { id: 'conv-1', number: 42, visitorId: visitor.id, createdAt: visitor.createdAt, deliveredSeq: 0 };
const delivery = (body: Body): Delivery => {
  const message: Message = { id: 'm-1', seq: 1, conversationId: 'conv-1', author: 'visitor', createdAt: visitor.createdAt, body };
  return { visitor, conversation, message };
};

/** The contract example with its placeholders replaced by this delivery's values, key order kept. */
const expected = (name: string, fill: Record<string, unknown>) => {
  const body = fixture(name);
  return JSON.stringify({ ...body, ...fill, sender: { ...(body['sender'] as object), id: visitor.id, name: visitorName(visitor.id) }, conversation_id: 42 });
};

const webhook = (body: string, headers: Record<string, string> = {}): RawRequest => ({
  method: 'POST',
  url: new URL('http://relay.test/webhooks/uchat'),
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(body),
});

describe('createUchatProvider: handleWebhook', () => {
  const provider = createUchatProvider({ botUrl: 'http://127.0.0.1:9/none', apiKey: KEY, verificationKey: VERIFY });

  it('answers the handshake before looking for a signature', async () => {
    const request = { ...webhook(`hub_mode=subscribe&hub_verify_token=${VERIFY}&hub_challenge=abc123`), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    expect(await provider.handleWebhook(request)).toEqual({ reply: { status: 200, contentType: 'text/plain; charset=utf-8', body: 'abc123' } });
    const wrong = { ...request, body: Buffer.from('hub_mode=subscribe&hub_verify_token=nope&hub_challenge=abc123') };
    expect(await provider.handleWebhook(wrong)).toMatchObject({ reply: { status: 403 } });
  });

  it('parses a push signed over its raw bytes', async () => {
    const body = '{"sender_id":"v1","conv_id":3,"text":"caf\\u00e9 \\/ ok","type":"text","message_type":"outgoing","private":false}';
    expect(await provider.handleWebhook(webhook(body, { 'x-hub-signature-256': signBody(VERIFY, body) }))).toEqual({
      messages: [{ visitorId: 'v1', conversationNumber: 3, author: 'bot', body: { kind: 'text', text: 'café / ok' } }],
    });
  });

  it.each([
    ['unsigned', {}],
    ['signed with another key', { 'x-hub-signature-256': signBody('other', '{"sender_id":"v1","text":"x"}') }],
    ['garbled', { 'x-hub-signature-256': 'sha256=xyz' }],
  ])('refuses an %s push with a 401 JSON reason, parsing nothing', async (_, headers) => {
    const outcome = await provider.handleWebhook(webhook('{"sender_id":"v1","text":"x"}', headers));
    expect(outcome).toMatchObject({ reply: { status: 401, contentType: 'application/json' } });
    if ('reply' in outcome) {
      expect(JSON.parse(outcome.reply.body).error).toMatch(/x-hub-signature-256/);
      expect(outcome.reply.body).not.toContain(VERIFY);
    }
  });

  it('answers 400 with a reason for an authentic but malformed push', async () => {
    for (const body of ['{oops', '{"text":"no routing"}']) {
      const outcome = await provider.handleWebhook(webhook(body, { 'x-hub-signature-256': signBody(VERIFY, body) }));
      expect(outcome).toMatchObject({ reply: { status: 400, contentType: 'application/json' } });
    }
  });
});

describe('createUchatProvider: deliver', () => {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  afterEach(async () => server?.close());

  const withServer = async (status = 200, reply = '{"status":"ok"}') => {
    server = await startServer((_, res) => void res.writeHead(status, { 'content-type': 'application/json', location: '/elsewhere' }).end(reply));
    return createUchatProvider({ botUrl: `${server.url}/api/apichat/CODE`, apiKey: KEY, verificationKey: VERIFY, timeoutMs: 2000 });
  };

  it.each([
    ['send-text.json', { kind: 'text', text: 'Where is my order? ✓' }, { content: 'Where is my order? ✓' }],
    ['send-button-payload.json', { kind: 'postback', title: 'Yes please', payload: 'YES' }, { content: 'Yes please', submitted_values: [{ title: 'Yes please', payload: 'YES' }] }],
    ...(['image', 'audio', 'video', 'file'] as const).map((kind) => [
      `send-${kind}.json`,
      { kind, url: `https://relay.example.com/uploads/u1.${kind}`, name: 'u1' },
      { attachments: [{ file_type: kind, data_url: `https://relay.example.com/uploads/u1.${kind}` }] },
    ]),
  ] as [string, Body, Record<string, unknown>][])('posts exactly the %s shape with the flow key', async (name, body, fill) => {
    const provider = await withServer();
    await provider.deliver(delivery(body));
    expect(server!.requests).toHaveLength(1);
    const [request] = server!.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/api/apichat/CODE');
    expect(request?.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body.toString('utf8')).toBe(expected(name, fill));
  });

  it("sends an identified visitor's name and email as the sender, in the contract's key order", async () => {
    const provider = await withServer();
    const identified: Visitor = { ...visitor, externalId: 'user-42', name: 'Ada Lovelace', email: 'ada@example.com' };
    await provider.deliver({ ...delivery({ kind: 'text', text: 'hi' }), visitor: identified });
    const sent = JSON.parse(server!.requests[0]!.body.toString('utf8')) as { sender: Record<string, string> };
    expect(sent.sender).toEqual({ id: visitor.id, name: 'Ada Lovelace', email: 'ada@example.com', phone_number: '', type: 'contact' });
    expect(Object.keys(sent.sender)).toEqual(Object.keys(fixture('send-text.json')['sender'] as object));
    expect(JSON.stringify(sent)).not.toContain('user-42');
  });

  it("sends an answer to another platform's question as the text the visitor saw themselves say", async () => {
    const provider = await withServer();
    await provider.deliver(delivery({ kind: 'answer', to: 'm_q', text: '★★★★☆ Great', values: { type: 'csat', rating: 4, feedback: 'Great' } }));
    const sent = JSON.parse(server!.requests[0]!.body.toString('utf8')) as Record<string, unknown>;
    expect(sent).toMatchObject({ event: 'message_created', content: '★★★★☆ Great' });
  });

  it('uses the configured auth scheme and calls nothing but bot_url', async () => {
    const calls: string[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      calls.push(String(input));
      expect(new Headers(init?.headers).get('authorization')).toBe(`Token ${KEY}`);
      return new Response('{"status":"ok"}', { status: 200 });
    };
    const provider = createUchatProvider({ botUrl: 'https://bot.example.com/api/apichat/X', apiKey: KEY, verificationKey: VERIFY, fetch, authScheme: 'Token' });
    await provider.deliver(delivery({ kind: 'text', text: 'a' }));
    await provider.deliver(delivery({ kind: 'postback', title: 't', payload: 'p' }));
    expect(calls).toEqual(['https://bot.example.com/api/apichat/X', 'https://bot.example.com/api/apichat/X']);
  });

  it('refuses kinds bot_url cannot take, for good and without calling it', async () => {
    const provider = await withServer();
    const error = await provider.deliver(delivery({ kind: 'unsupported', summary: 'x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(false);
    expect(server!.requests).toHaveLength(0);
  });

  it.each([
    [401, false, /check UCHAT_API_KEY/],
    [403, false, /check UCHAT_API_KEY/],
    [404, false, /check UCHAT_BOT_URL/],
    [400, false, /malformed/],
    [413, false, /too large/],
    [302, false, /redirect/],
    [408, true, /unavailable/],
    [425, true, /unavailable/],
    [429, true, /unavailable/],
    [500, true, /unavailable/],
    [503, true, /unavailable/],
  ])('classifies HTTP %i as retryable=%s, never echoing the key', async (status, retryable, advice) => {
    const provider = await withServer(status, `{"status":"error","message":"bad key ${KEY}"}`);
    const error = (await provider.deliver(delivery({ kind: 'text', text: 'hi' })).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retryable, status });
    expect(error.message).toMatch(advice);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).not.toContain(KEY);
    expect(server!.requests).toHaveLength(1);
  });

  it('treats a refused connection and a timeout as retryable', async () => {
    const closed = await startServer(() => {});
    const url = closed.url;
    await closed.close();
    const refused = createUchatProvider({ botUrl: `${url}/x`, apiKey: KEY, verificationKey: VERIFY });
    const a = (await refused.deliver(delivery({ kind: 'text', text: 'hi' })).catch((e: unknown) => e)) as DeliveryError;
    expect(a).toMatchObject({ name: 'DeliveryError', retryable: true, status: undefined });
    expect(a.message).toMatch(/could not reach bot_url/);

    server = await startServer(() => {}); // never answers
    const slow = createUchatProvider({ botUrl: `${server.url}/x`, apiKey: KEY, verificationKey: VERIFY, timeoutMs: 100 });
    const b = (await slow.deliver(delivery({ kind: 'text', text: 'hi' })).catch((e: unknown) => e)) as DeliveryError;
    expect(b).toMatchObject({ name: 'DeliveryError', retryable: true });
    expect(b.message).toMatch(/did not answer within 100 ms/);
  });
});
