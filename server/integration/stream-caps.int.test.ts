import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

type Stream = Awaited<ReturnType<typeof openStream>>;

describe('streams per visitor and per address', () => {
  let h: Harness;
  const streams: Stream[] = [];
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((stream) => stream.close()));
    await h?.close();
  });

  const open = async (token: string) => {
    const stream = await openStream(h.url, token);
    streams.push(stream);
    await stream.waitFor((events) => events.some((e) => e.event === 'status')); // replayed and counted
    return stream;
  };
  const evicted = (stream: Stream) => stream.events.filter((e) => e.event === 'evicted').map((e) => e.data);
  const ended = async (stream: Stream) => {
    await expect(stream.waitFor(() => false, 2000)).rejects.toThrow(/stream ended/);
  };

  it("ends a visitor's oldest stream with an evicted event when a sixth opens; the rest stay live", async () => {
    h = await startHarness();
    const { token } = await h.session();
    const tabs: Stream[] = [];
    for (let i = 0; i < 5; i++) tabs.push(await open(token));
    expect(tabs.flatMap(evicted)).toEqual([]);
    const sixth = await open(token);
    await ended(tabs[0]!);
    expect(evicted(tabs[0]!)).toEqual([{ reason: 'visitor' }]);
    expect(h.started.relay.context.hub.stats().connections).toBe(5);

    await h.send(token, 'still here');
    for (const tab of [...tabs.slice(1), sixth]) await tab.waitFor(() => tab.messages().some((m) => m.body.text === 'still here'));
    expect(tabs[0]!.messages()).toEqual([]);
    expect([...tabs.slice(1), sixth].flatMap(evicted)).toEqual([]);
  });

  it("caps one address's streams across visitors (STREAMS_PER_ADDRESS), oldest first", async () => {
    h = await startHarness({ env: { STREAMS_PER_ADDRESS: '3' } });
    const visitors = [];
    for (let i = 0; i < 4; i++) visitors.push(await open((await h.session()).token));
    await ended(visitors[0]!);
    expect(evicted(visitors[0]!)).toEqual([{ reason: 'address' }]);
    expect(visitors.slice(1).flatMap(evicted)).toEqual([]);
    expect(h.started.relay.context.hub.stats().connections).toBe(3);
  });

  it('takes its per-visitor cap from STREAMS_PER_VISITOR', async () => {
    h = await startHarness({ env: { STREAMS_PER_VISITOR: '1' } });
    const { token } = await h.session();
    const first = await open(token);
    await open(token);
    await ended(first);
    expect(evicted(first)).toEqual([{ reason: 'visitor' }]);
  });
});
