import { afterEach, describe, expect, it } from 'vitest';
import { createHub } from '../hub/index.ts';
import { createCapturingLogger } from '../log.ts';
import { DeliveryError, type Provider } from '../providers/types.ts';
import { createMemoryStore } from '../store/memory/index.ts';
import { createOutbox } from './index.ts';

/** A provider whose deliveries wait until the test lets them finish (accepted or refused). */
const heldProvider = () => {
  const waiting: ((outcome: 'ok' | Error) => void)[] = [];
  const provider: Provider = {
    name: 'held',
    handleWebhook: async () => ({ messages: [] }),
    deliver: () => new Promise<void>((resolve, reject) => waiting.push((outcome) => (outcome === 'ok' ? resolve() : reject(outcome)))),
  };
  return { provider, waiting };
};

describe('outbox leases (relays sharing a store)', () => {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  const setup = async (leaseMs = 300) => {
    const store = createMemoryStore();
    const hub = createHub();
    const logger = createCapturingLogger();
    const held = heldProvider();
    const calls = { renew: [] as string[][], retry: 0, release: [] as (readonly string[] | undefined)[] };
    const renew = store.outboxRenew.bind(store);
    store.outboxRenew = async (owner, ids, until) => (calls.renew.push([...ids]), renew(owner, ids, until));
    const retry = store.outboxRetry.bind(store);
    store.outboxRetry = async (...args) => (calls.retry++, retry(...args));
    const release = store.outboxRelease.bind(store);
    store.outboxRelease = async (owner, ids) => (calls.release.push(ids), release(owner, ids));
    const outbox = createOutbox({ store, hub, provider: held.provider, logger, owner: 'relay-a', leaseMs, baseDelayMs: 5, maxDelayMs: 20 });
    closers.push(
      () => outbox.close({ graceMs: 0 }),
      () => hub.close(),
    );
    const { conversation } = await store.createVisitor();
    await store.append(conversation.id, { author: 'visitor', body: { kind: 'text', text: 'hi' } }, { outbox: true });
    return { store, outbox, logger, held, calls, conversationId: conversation.id };
  };

  it('renews the lease of a delivery in flight every third of the lease, and stops once it is done', async () => {
    const { outbox, held, calls, conversationId, store } = await setup(300);
    outbox.kick();
    await expect.poll(() => held.waiting.length).toBe(1);
    await expect.poll(() => calls.renew.length, { timeout: 2000 }).toBeGreaterThanOrEqual(2);
    expect(calls.renew.every((ids) => ids.length === 1 && ids[0] === conversationId)).toBe(true);
    held.waiting[0]!('ok');
    await expect.poll(() => store.outboxSize()).toBe(0);
    const after = calls.renew.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(calls.renew.length).toBe(after);
  });

  it('leaves a refused attempt to the relay that took the conversation over, and says so', async () => {
    const { outbox, held, calls, store, logger, conversationId } = await setup(300);
    // Another relay holds the conversation now (this one was cut off from the store for longer than the lease).
    store.outboxRenew = async (_owner, ids) => [...ids];
    outbox.kick();
    await expect.poll(() => held.waiting.length).toBe(1);
    await expect.poll(() => logger.lines.some((line) => line.includes('outbox.lease_lost')), { timeout: 2000 }).toBe(true);
    held.waiting[0]!(new DeliveryError('bot_url answered 503', true, 503));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.retry).toBe(0);
    expect(logger.lines.find((line) => line.includes('outbox.lease_lost'))).toContain(conversationId);
  });

  it('takes a message another relay recorded first as delivered, and sends it no more', async () => {
    const { outbox, held, store, logger } = await setup(300);
    outbox.kick();
    await expect.poll(() => held.waiting.length).toBe(1);
    const [item] = await store.outboxDue(Date.now(), 1);
    await store.outboxDelivered(item!.id); // the other relay's record
    held.waiting[0]!('ok');
    await expect.poll(() => logger.lines.some((line) => line.includes('outbox.recorded_elsewhere'))).toBe(true);
    expect(logger.lines.some((line) => line.includes('outbox.failed'))).toBe(false);
    expect(held.waiting).toHaveLength(1);
  });

  it('lets go of its leases when it stops with nothing in flight, and keeps them while a delivery is', async () => {
    const idle = await setup();
    await idle.outbox.close();
    expect(idle.calls.release).toEqual([undefined]);
    const busy = await setup();
    busy.outbox.kick();
    await expect.poll(() => busy.held.waiting.length).toBe(1);
    expect(await busy.outbox.close({ graceMs: 20 })).toBe(false);
    expect(busy.calls.release).toEqual([]);
  });
});
