import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../providers/uchat/signature.ts';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

type Stream = Awaited<ReturnType<typeof openStream>>;

describe('streams in all (STREAMS_MAX)', () => {
  let h: Harness;
  const streams: Stream[] = [];
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((stream) => stream.close()));
    await h?.close();
  });

  const open = async (token: string) => {
    const stream = await openStream(h.url, token);
    streams.push(stream);
    if (stream.status === 200) await stream.waitFor((events) => events.some((e) => e.event === 'status'));
    return stream;
  };

  it('answers a stream past the cap 503 with Retry-After, while webhooks, sends and health checks go on', async () => {
    h = await startHarness({ env: { STREAMS_MAX: '2' } });
    const a = await h.session();
    const b = await h.session();
    const [first, second] = [await open(a.token), await open(b.token)];
    const refused = await fetch(`${h.url}/v1/stream`, { headers: { authorization: `Bearer ${b.token}` } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.headers.get('connection')).toBe('close');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('streams_full');
    expect(h.started.relay.context.hub.count()).toBe(2);

    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const conversation = await h.started.relay.context.store.getConversation(a.conversationId);
    const push = JSON.stringify({ sender_id: a.visitorId, conv_id: conversation!.number, text: 'still delivered', type: 'text', message_type: 'outgoing', private: false });
    const pushed = await fetch(`${h.url}/webhooks/uchat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(h.config.uchat!.verificationKey, push) },
      body: push,
    });
    expect(pushed.status).toBe(200);
    await first.waitFor(() => first.messages().some((m) => m.body.text === 'still delivered'));
    expect((await h.send(b.token, 'and sent')).status).toBe(201);
    await second.waitFor(() => second.messages().some((m) => m.body.text === 'and sent'));

    // Once one closes there is room again.
    await first.close();
    await expect.poll(() => h.started.relay.context.hub.count()).toBe(1);
    expect((await open(a.token)).status).toBe(200);
  });
});
