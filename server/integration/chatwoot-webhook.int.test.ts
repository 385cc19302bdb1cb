import { afterEach, describe, expect, it } from 'vitest';
import { signatureHeaders } from '../standins/chatwoot/index.ts';
import { eventually, startChatwootHarness, type ChatwootHarness } from './chatwoot-harness.testing.ts';

/** An agent message callback for this visitor, as the stand-in would send it (taken from a real one). */
const setup = async (h: ChatwootHarness) => {
  const { token, visitorId } = await h.session();
  await h.send(token, 'hello');
  const conversation = await h.conversationOf(visitorId);
  await eventually(() => h.standinMessages(conversation.id, 0).length === 1);
  h.standin.setWebhook({ url: '' }); // keep the next callback to ourselves
  const { callback } = await h.standin.agentSay(conversation.id, { content: 'from the agent' });
  return { token, body: callback.body, headers: callback.headers };
};
const agentTexts = async (h: ChatwootHarness, token: string) =>
  (await h.history(token)).filter((m) => m.author !== 'visitor').map((m) => (m.body.kind === 'text' ? m.body.text : m.body.kind));
const post = (h: ChatwootHarness, body: string, headers: Record<string, string>) => h.postCallback(body, { headers });

describe('Chatwoot callbacks: signatures (upstream mode)', () => {
  let h: ChatwootHarness;
  afterEach(async () => h?.close());

  it('accepts the signed callback as sent', async () => {
    h = await startChatwootHarness();
    const { token, body, headers } = await setup(h);
    expect(headers['x-chatwoot-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect((await post(h, body, headers)).json).toEqual({ ok: true, stored: 1 });
    expect(await agentTexts(h, token)).toEqual(['from the agent']);
  });

  it('refuses a bad signature, a missing one, and a stale or future timestamp with 401 and the reason; stores nothing', async () => {
    h = await startChatwootHarness();
    const { token, body, headers } = await setup(h);
    const wrongKey = signatureHeaders({ mode: 'upstream', key: 'not-the-inbox-secret', body });
    const tampered = body.replace('from the agent', 'from an impostor');
    const cases: [string, string, Record<string, string>, RegExp][] = [
      ['wrong secret', body, wrongKey, /does not match/],
      ['body changed after signing', tampered, headers, /does not match/],
      ['no signature', body, { 'x-chatwoot-timestamp': headers['x-chatwoot-timestamp']! }, /missing X-Chatwoot-Signature/],
      ['no timestamp', body, { 'x-chatwoot-signature': headers['x-chatwoot-signature']! }, /missing X-Chatwoot-Timestamp/],
      ['stale', body, signatureHeaders({ mode: 'upstream', key: h.webhookSecret, body, nowMs: Date.now() - 310_000 }), /more than 300 s/],
      ['from the future', body, signatureHeaders({ mode: 'upstream', key: h.webhookSecret, body, nowMs: Date.now() + 310_000 }), /more than 300 s/],
    ];
    for (const [what, sent, sentHeaders, reason] of cases) {
      const answer = await post(h, sent, sentHeaders);
      expect(answer.status, what).toBe(401);
      expect(String(answer.json?.error), what).toMatch(reason);
    }
    expect(await agentTexts(h, token)).toEqual([]);
    expect(h.logs.join('\n')).not.toContain(h.webhookSecret);
  });

  it('answers 400 to a validly signed body that is not JSON (or not a callback), storing nothing', async () => {
    h = await startChatwootHarness();
    const { token } = await setup(h);
    for (const [raw, reason] of [
      ['{"event": "message_created", ', /not valid JSON/],
      ['[1, 2, 3]', /JSON object/],
      ['{"event": "message_created", "id": "x", "message_type": "outgoing"}', /numeric id/],
    ] as const) {
      const answer = await h.postCallback(raw);
      expect(answer.status, raw).toBe(400);
      expect(String(answer.json?.error)).toMatch(reason);
    }
    expect(await agentTexts(h, token)).toEqual([]);
  });

  it('answers 404 to an authentic callback for a conversation it does not know', async () => {
    h = await startChatwootHarness();
    const { body } = await setup(h);
    const stranger = { ...JSON.parse(body), conversation: { id: 999, contact_inbox: { source_id: 'someone-else' } } };
    expect((await h.postCallback(stranger)).status).toBe(404);
  });
});

describe('Chatwoot callbacks: other signature modes', () => {
  let h: ChatwootHarness;
  afterEach(async () => h?.close());

  it('body mode (forks): HMAC of the body only, without a timestamp', async () => {
    h = await startChatwootHarness({ signatureMode: 'body' });
    const { token, visitorId } = await h.session();
    await h.send(token, 'hello');
    const conversation = await h.conversationOf(visitorId);
    const { callback } = await h.standin.agentSay(conversation.id, { content: 'signed over the body' });
    expect(callback.headers['x-chatwoot-timestamp']).toBeUndefined();
    expect(callback.status).toBe(200);
    expect(await agentTexts(h, token)).toEqual(['signed over the body']);
    // The upstream scheme does not pass in body mode.
    const upstream = signatureHeaders({ mode: 'upstream', key: h.webhookSecret, body: callback.body });
    expect((await post(h, callback.body, upstream)).status).toBe(401);
  });

  it('off mode accepts unsigned callbacks (and warns at start)', async () => {
    h = await startChatwootHarness({ signatureMode: 'off' });
    const s = await h.session();
    await h.send(s.token, 'hello');
    const conversation = await h.conversationOf(s.visitorId);
    const { callback } = await h.standin.agentSay(conversation.id, { content: 'no signature at all' });
    expect(callback.headers['x-chatwoot-signature']).toBeUndefined();
    expect(callback.status).toBe(200);
    expect(await agentTexts(h, s.token)).toEqual(['no signature at all']);
    expect(h.logs.some((line) => line.includes('chatwoot.unsigned_webhooks'))).toBe(true);
  });
});
