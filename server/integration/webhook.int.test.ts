import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../providers/uchat/signature.ts';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

describe('POST /webhooks/uchat', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const key = () => h.config.uchat!.verificationKey;
  const post = (body: string, headers: Record<string, string> = {}, query = '') =>
    fetch(`${h.url}/webhooks/uchat${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (body: string, headers: Record<string, string> = {}) => post(body, { 'x-hub-signature-256': signBody(key(), body), ...headers });
  const textPush = (visitorId: string, conv: number, text: string, extra = '') =>
    `{"sender_id":"${visitorId}","conv_id":${conv},"text":"${text}","type":"text","message_type":"outgoing","private":false${extra}}`;

  const visitor = async () => {
    const session = await h.session();
    const conversation = await h.started.relay.context.store.getConversation(session.conversationId);
    return { ...session, number: conversation!.number };
  };

  it('answers the verification handshake in every encoding with the challenge as plain text', async () => {
    h = await startHarness();
    const challenge = '205c40409f9bcdeb9e00614b442c5fdd';
    const form = new URLSearchParams({ hub_mode: 'subscribe', hub_verify_token: key(), hub_challenge: challenge }).toString();
    const dotted = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': key(), 'hub.challenge': challenge }).toString();
    const answers = await Promise.all([
      post(form, { 'content-type': 'application/x-www-form-urlencoded' }),
      post(JSON.stringify({ hub_mode: 'subscribe', hub_verify_token: key(), hub_challenge: challenge })),
      post('', {}, `?${form}`),
      post(dotted, { 'content-type': 'application/x-www-form-urlencoded' }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await answer.text()).toBe(challenge);
    }
    const wrong = await post(new URLSearchParams({ hub_mode: 'subscribe', hub_verify_token: 'not-the-key', hub_challenge: challenge }).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain(challenge);
  });

  it('verifies the signature over the raw bytes: unsigned or bad → 401, nothing stored or shown', async () => {
    h = await startHarness();
    const v = await visitor();
    const stream = await openStream(h.url, v.token);
    const body = textPush(v.visitorId, v.number, 'forged');
    const unsigned = await post(body);
    const bad = await post(body, { 'x-hub-signature-256': signBody('wrong-key-123', body) });
    const tampered = await post(body.replace('forged', 'forgeD'), { 'x-hub-signature-256': signBody(key(), body) });
    expect([unsigned.status, bad.status, tampered.status]).toEqual([401, 401, 401]);
    expect((await unsigned.json()) as unknown).toMatchObject({ error: expect.anything() });

    const ok = await signed(textPush(v.visitorId, v.number, 'genuine'));
    expect(ok.status).toBe(200);
    const shown = await stream.waitFor(() => stream.messages().find((m) => m.author === 'bot'));
    expect(shown.body.text).toBe('genuine');
    expect(stream.messages()).toHaveLength(1);
    const history = await h.api<{ messages: { body: { text: string } }[] }>('/v1/messages', { token: v.token });
    expect(history.json.messages.map((m) => m.body.text)).toEqual(['genuine']);
    await stream.close();
  });

  it('accepts PHP-style escaped JSON exactly as sent (\\/ and \\u00e9)', async () => {
    h = await startHarness();
    const v = await visitor();
    const body = textPush(v.visitorId, v.number, 'caf\\u00e9 \\/ cr\\u00e8me');
    expect((await signed(body)).status).toBe(200);
    const history = await h.api<{ messages: { body: { text: string } }[] }>('/v1/messages', { token: v.token });
    expect(history.json.messages[0]?.body.text).toBe('café / crème');
  });

  it('routes by sender_id, falls back to conv_id, and never shows a private note', async () => {
    h = await startHarness();
    const a = await visitor();
    const b = await visitor();
    const streamA = await openStream(h.url, a.token);
    const streamB = await openStream(h.url, b.token);
    expect((await signed(textPush(a.visitorId, 999_999, 'for A by sender'))).status).toBe(200);
    expect((await signed(`{"conv_id":${b.number},"text":"for B by conv","type":"text","message_type":"outgoing","private":false}`)).status).toBe(200);
    expect((await signed(textPush(a.visitorId, a.number, 'internal note', '').replace('"private":false', '"private":true'))).status).toBe(200);
    await streamA.waitFor(() => streamA.messages().length === 1 && streamA.messages());
    await streamB.waitFor(() => streamB.messages().length === 1 && streamB.messages());
    expect(streamA.messages().map((m) => m.body.text)).toEqual(['for A by sender']);
    expect(streamB.messages().map((m) => m.body.text)).toEqual(['for B by conv']);
    const historyA = await h.api<{ messages: { body: { text: string } }[] }>('/v1/messages', { token: a.token });
    expect(historyA.json.messages.map((m) => m.body.text)).toEqual(['for A by sender']);
    await Promise.all([streamA.close(), streamB.close()]);
  });

  it('answers malformed or unroutable pushes with a 4xx and a reason, and keeps serving', async () => {
    h = await startHarness();
    const notJson = await signed('{"sender_id": ');
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).toMatch(/json/i);
    const unknown = await signed(textPush('v_nobody', 424242, 'lost'));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_recipient');
    const tooBig = await post('x'.repeat(2 * 1024 * 1024));
    expect(tooBig.status).toBe(413);
    expect((await fetch(`${h.url}/webhooks/other`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });
});
