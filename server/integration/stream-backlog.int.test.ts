import { afterEach, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../providers/types.ts';
import { startHarness, type Harness } from './harness.testing.ts';
import { openReader } from './sse-reader.testing.ts';

const KIB = 1024;
const MIB = 1024 * KIB;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Bot replies of ~20 KB each (the size of a media-rich reply), numbered from `from`. */
const replies = (visitorId: string, from: number, count: number): InboundMessage[] =>
  range(from, from + count - 1).map((n) => ({ visitorId, author: 'bot', body: { kind: 'text', text: `reply ${n} ${'x'.repeat(20_000)}` } }));

const numbers = (messages: { body: { text?: string } }[]) => messages.map((m) => Number(m.body.text!.split(' ')[1]));

describe('GET /v1/stream with a large backlog', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const hub = () => h.started.relay.context.hub;
  const store = (messages: InboundMessage[]) => h.started.relay.context.inbound.apply(messages);

  it('resumes a multi-megabyte backlog with every message once, in order', async () => {
    h = await startHarness();
    const { token, visitorId } = await h.session();
    await store(replies(visitorId, 1, 150)); // ~3 MB missed while the laptop slept
    const reader = await openReader(h.url, token, { lastEventId: 0 });
    await reader.waitFor(() => reader.events.some((e) => e.event === 'status'));
    expect(reader.messages().map((m) => m.seq)).toEqual(range(1, 150));
    expect(numbers(reader.messages())).toEqual(range(1, 150));
    expect(reader.ended).toBe(false);
    reader.close();
  });

  it('keeps a client that reads slowly, pausing mid-way, and gives it everything once', async () => {
    h = await startHarness();
    const { token, visitorId } = await h.session();
    await store(replies(visitorId, 1, 150));
    const reader = await openReader(h.url, token, { lastEventId: 0 });
    await reader.waitFor(() => reader.messages().length >= 20);
    reader.pause();
    await sleep(700);
    expect(reader.ended).toBe(false);
    expect(hub().stats().connections).toBe(1);
    reader.resume();
    await reader.waitFor(() => reader.events.some((e) => e.event === 'status'));
    expect(reader.messages().map((m) => m.seq)).toEqual(range(1, 150));
  });

  it('delivers live messages published during a long replay once, after it, holding a bounded amount meanwhile', async () => {
    h = await startHarness();
    const { token, visitorId } = await h.session();
    await store(replies(visitorId, 1, 150));
    const reader = await openReader(h.url, token, { lastEventId: 0 });
    await reader.waitFor(() => reader.messages().length >= 5);
    reader.pause(); // the replay is now stuck part-way
    await sleep(200);
    await store(replies(visitorId, 151, 60)); // ~1.2 MB published live while the replay waits
    // What the relay keeps for this client: its socket buffer and the frames held for it, not the whole backlog.
    expect(hub().stats().unsentBytes).toBeLessThanOrEqual(MIB + 64 * KIB);
    reader.resume();
    await reader.waitFor(() => reader.messages().length >= 210);
    await sleep(200);
    expect(reader.messages().map((m) => m.seq)).toEqual(range(1, 210));
    expect(numbers(reader.messages())).toEqual(range(1, 210));
    expect(reader.ended).toBe(false);
  });

  it('closes a client that reads nothing once the stall timeout passes, holding a bounded amount until then', async () => {
    h = await startHarness({ env: { STREAM_STALL_MS: '1000' } });
    const { token, visitorId } = await h.session();
    await store(replies(visitorId, 1, 200)); // ~4 MB: far more than the socket buffers take
    const reader = await openReader(h.url, token, { lastEventId: 0 });
    reader.pause();
    const opened = Date.now();
    await sleep(300);
    expect(hub().stats().connections).toBe(1); // not cut for being behind
    await store(replies(visitorId, 201, 100)); // ~2 MB more while it sleeps
    expect(hub().stats().unsentBytes).toBeLessThanOrEqual(MIB + 64 * KIB);
    while (hub().stats().connections > 0 && Date.now() - opened < 8000) await sleep(50);
    expect(hub().stats().connections).toBe(0);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(900);
    reader.close();
  });
});
