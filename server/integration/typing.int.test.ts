import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream, type ReceivedEvent } from './sse-client.testing.ts';

/** The stream as a readable sequence: `typing:on`, `message:bot:<text>`, … (status events left out). */
const timeline = (events: ReceivedEvent[]) =>
  events.flatMap((e) => {
    if (e.event === 'typing') return [`typing:${(e.data as { on: boolean }).on ? 'on' : 'off'}`];
    if (e.event === 'message') {
      const m = e.data as { author: string; body: { text?: string } };
      return [`message:${m.author}:${m.body.text ?? ''}`];
    }
    return [];
  });

describe('typing indicator for UChat', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('shows typing once bot_url accepted the message, and turns it off just before the answer', async () => {
    h = await startHarness({ env: { SIMULATOR_REPLY_DELAY_MS: '300' } });
    const { token } = await h.session();
    const stream = await openStream(h.url, token);
    await h.send(token, 'ping');
    await stream.waitFor((events) => timeline(events).includes('typing:on'));
    expect(timeline(stream.events)).not.toContain('message:bot:You said: "ping"');
    await stream.waitFor((events) => timeline(events).includes('message:bot:You said: "ping"'));
    expect(timeline(stream.events)).toEqual(['message:visitor:ping', 'typing:on', 'typing:off', 'message:bot:You said: "ping"']);
    await stream.close();
  });

  it('never replays typing to a stream that opens later', async () => {
    h = await startHarness({ env: { SIMULATOR_REPLY_DELAY_MS: '300' } });
    const { token } = await h.session();
    const early = await openStream(h.url, token);
    await h.send(token, 'ping');
    await early.waitFor((events) => timeline(events).includes('typing:on'));
    const late = await openStream(h.url, token);
    await late.waitFor((events) => timeline(events).includes('message:bot:You said: "ping"'));
    expect(timeline(late.events).filter((line) => line === 'typing:on')).toEqual([]);
    await Promise.all([early.close(), late.close()]);
  });

  it('turns typing off by itself when no answer comes in time', async () => {
    h = await startHarness({ env: { SIMULATOR_REPLY_DELAY_MS: '5000' }, typingTimeoutMs: 200 });
    const { token } = await h.session();
    const stream = await openStream(h.url, token);
    await h.send(token, 'anyone?');
    await stream.waitFor((events) => timeline(events).includes('typing:off'));
    expect(timeline(stream.events)).toEqual(['message:visitor:anyone?', 'typing:on', 'typing:off']);
    await stream.close();
  });
});
