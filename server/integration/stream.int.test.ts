import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../providers/uchat/signature.ts';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

describe('GET /v1/stream resume', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const push = async (visitorId: string, text: string) => {
    const body = JSON.stringify({ sender_id: visitorId, text, type: 'text', message_type: 'outgoing', private: false });
    const response = await fetch(`${h.url}/webhooks/uchat`, { method: 'POST', headers: { 'x-hub-signature-256': signBody(h.config.uchat!.verificationKey, body) }, body });
    expect(response.status).toBe(200);
  };

  it('replays every message missed while disconnected, none twice, then continues live', async () => {
    h = await startHarness();
    const { token, visitorId } = await h.session();
    const first = await openStream(h.url, token);
    await push(visitorId, 'one');
    await push(visitorId, 'two');
    await first.waitFor(() => first.messages().length === 2);
    const lastId = Number(first.events.filter((e) => e.event === 'message').at(-1)!.id);
    await first.close();

    await push(visitorId, 'three (missed)');
    await push(visitorId, 'four (missed)');
    const second = await openStream(h.url, token, { lastEventId: lastId });
    await second.waitFor(() => second.messages().length === 2);
    await push(visitorId, 'five (live)');
    await second.waitFor(() => second.messages().length === 3);
    expect(second.messages().map((m) => m.body.text)).toEqual(['three (missed)', 'four (missed)', 'five (live)']);
    expect(second.events.filter((e) => e.event === 'message').map((e) => Number(e.id))).toEqual([3, 4, 5]);
    await second.close();
  });

  it('loses nothing and duplicates nothing when messages arrive while a resume is replaying', async () => {
    h = await startHarness();
    const { token, visitorId } = await h.session();
    for (let i = 1; i <= 30; i++) await push(visitorId, `m${i}`);
    const pushing = (async () => {
      for (let i = 31; i <= 60; i++) await push(visitorId, `m${i}`);
    })();
    const stream = await openStream(h.url, token, { lastEventId: 10 });
    await pushing;
    await stream.waitFor(() => stream.messages().length >= 50 && stream.messages());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stream.messages().map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 11));
    await stream.close();
  });

  it('sends heartbeats on an idle stream and refuses a malformed Last-Event-ID', async () => {
    h = await startHarness({ heartbeatMs: 50 });
    const { token } = await h.session();
    const response = await fetch(`${h.url}/v1/stream`, { headers: { authorization: `Bearer ${token}` } });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes(': hb')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const bad = await fetch(`${h.url}/v1/stream`, { headers: { authorization: `Bearer ${token}`, 'last-event-id': 'abc' } });
    expect(bad.status).toBe(400);
  });
});
