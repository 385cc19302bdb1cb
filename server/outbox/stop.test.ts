import { afterEach, describe, expect, it } from 'vitest';
import { createHub } from '../hub/index.ts';
import { silentLogger } from '../log.ts';
import { createMetrics } from '../metrics/index.ts';
import { DeliveryError, type Delivery, type Provider } from '../providers/types.ts';
import { createMemoryStore } from '../store/memory/index.ts';
import { createOutbox } from './index.ts';

const text = (value: string) => ({ kind: 'text' as const, text: value });

/** A platform that holds each delivery until the test lets it go (or fails it). */
const heldProvider = () => {
  const held: { text: string; release(outcome?: 'ok' | DeliveryError): void }[] = [];
  const waiters: (() => void)[] = [];
  const provider: Provider = {
    name: 'held',
    handleWebhook: async () => ({ messages: [] }),
    deliver: ({ message }: Delivery) =>
      new Promise<void>((resolve, reject) => {
        held.push({ text: message.body.kind === 'text' ? message.body.text : '?', release: (outcome = 'ok') => (outcome === 'ok' ? resolve() : reject(outcome)) });
        waiters.splice(0).forEach((wake) => wake());
      }),
  };
  const nextHeld = async (count: number) => {
    while (held.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return held[count - 1]!;
  };
  return { provider, held, nextHeld };
};

describe('outbox stop', () => {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  const setup = () => {
    const store = createMemoryStore();
    const hub = createHub();
    const platform = heldProvider();
    const metrics = createMetrics();
    const outbox = createOutbox({ store, hub, provider: platform.provider, logger: silentLogger, metrics, baseDelayMs: 5, maxDelayMs: 20 });
    closers.push(
      () => outbox.close({ graceMs: 0 }),
      () => hub.close(),
      () => platform.held.forEach((each) => each.release()),
    );
    const queue = async (conversationId: string, value: string) => {
      await store.append(conversationId, { author: 'visitor', body: text(value), clientId: value }, { outbox: true });
      outbox.kick();
    };
    return { store, outbox, metrics, queue, ...platform };
  };

  it('lets a delivery in flight finish within the grace period and starts none after it', async () => {
    const { store, outbox, queue, nextHeld, held } = setup();
    const a = (await store.createVisitor()).conversation.id;
    const b = (await store.createVisitor()).conversation.id;
    await queue(a, 'first');
    const first = await nextHeld(1);
    await queue(b, 'queued while the first is in flight');

    const closed = outbox.close({ graceMs: 5000 });
    first.release();
    expect(await closed).toBe(true);
    expect(held.map((each) => each.text)).toEqual(['first']);
    // Delivered and recorded; the other stays queued, untouched, for the next start.
    expect((await store.getConversation(a))?.deliveredSeq).toBe(1);
    expect(await store.outboxSize()).toBe(1);
    expect((await store.outboxDue(Date.now(), 10))[0]?.attempts).toBe(0);
  });

  it('gives up waiting after the grace period and leaves the unfinished delivery queued', async () => {
    const { store, outbox, queue, nextHeld } = setup();
    const a = (await store.createVisitor()).conversation.id;
    await queue(a, 'slow');
    const slow = await nextHeld(1);
    expect(await outbox.close({ graceMs: 30 })).toBe(false);
    expect(await store.outboxSize()).toBe(1);
    // A late failure changes nothing: the item keeps its place and its attempts.
    slow.release(new DeliveryError('bot_url answered 503', true, 503));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await store.outboxDue(Date.now(), 10))[0]).toMatchObject({ attempts: 0 });
  });

  it('counts attempts by outcome, retries and attempt durations', async () => {
    const { store, queue, nextHeld, metrics } = setup();
    const a = (await store.createVisitor()).conversation.id;
    await queue(a, 'once');
    (await nextHeld(1)).release(new DeliveryError('bot_url answered 503', true, 503));
    (await nextHeld(2)).release(new DeliveryError('bot_url refused it', false, 422));
    (await nextHeld(3)).release();
    await expect.poll(async () => store.outboxSize()).toBe(0);
    const text = await metrics.render();
    expect(text).toContain('chatport_deliveries_total{outcome="failed"} 1');
    expect(text).toContain('chatport_deliveries_total{outcome="refused"} 1');
    expect(text).toContain('chatport_deliveries_total{outcome="delivered"} 1');
    expect(text).toContain('chatport_delivery_retries_total 2');
    expect(text).toContain('chatport_delivery_duration_seconds_count{outcome="delivered"} 1');
    expect(text).toContain('chatport_delivery_duration_seconds_count{outcome="failed"} 1');
  });
});
