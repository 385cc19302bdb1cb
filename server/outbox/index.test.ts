import { afterEach, describe, expect, it } from 'vitest';
import { createHub } from '../hub/index.ts';
import { silentLogger } from '../log.ts';
import { DeliveryError, type Delivery, type Provider } from '../providers/types.ts';
import { createMemoryStore } from '../store/memory/index.ts';
import type { OutboxItem } from '../store/types.ts';
import { createOutbox } from './index.ts';

const text = (text: string) => ({ kind: 'text' as const, text });

/** A provider whose answers are scripted: each call takes the next outcome ('ok' or an error). */
const scriptedProvider = (outcomes: ('ok' | DeliveryError)[]) => {
  const delivered: string[] = [];
  const attempts: string[] = [];
  const provider: Provider = {
    name: 'scripted',
    handleWebhook: async () => ({ messages: [] }),
    deliver: async ({ message }: Delivery) => {
      const body = message.body.kind === 'text' ? message.body.text : message.body.kind;
      attempts.push(body);
      const outcome = outcomes.shift() ?? 'ok';
      if (outcome !== 'ok') throw outcome;
      delivered.push(body);
    },
  };
  return { provider, delivered, attempts };
};

describe('outbox', () => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  const setup = (outcomes: ('ok' | DeliveryError)[], onDelivered?: (item: OutboxItem) => void) => {
    const store = createMemoryStore();
    const hub = createHub();
    const scripted = scriptedProvider(outcomes);
    const outbox = createOutbox({ store, hub, provider: scripted.provider, logger: silentLogger, baseDelayMs: 5, maxDelayMs: 20, ...(onDelivered ? { onDelivered } : {}) });
    closers.push(
      async () => void (await outbox.close()),
      () => hub.close(),
      () => store.close(),
    );
    return { store, hub, outbox, ...scripted };
  };

  it('delivers each conversation in order, holding later messages behind a failing one', async () => {
    const retry = new DeliveryError('bot_url answered 503', true, 503);
    const { store, outbox, delivered, attempts } = setup([retry, retry]);
    const { conversation } = await store.createVisitor();
    for (const body of ['a', 'b', 'c']) await store.append(conversation.id, { author: 'visitor', body: text(body) }, { outbox: true });
    outbox.kick();
    await expect.poll(() => delivered, { timeout: 2000 }).toEqual(['a', 'b', 'c']);
    expect(attempts).toEqual(['a', 'a', 'a', 'b', 'c']);
    expect((await store.getConversation(conversation.id))?.deliveredSeq).toBe(3);
    expect(await store.outboxSize()).toBe(0);
  });

  it('keeps retrying a refused message (never drops it) and delivers once the platform accepts', async () => {
    const refused = new DeliveryError('bot_url refused the flow API key', false, 401);
    const { store, outbox, delivered, attempts } = setup([refused, refused, refused]);
    const { conversation } = await store.createVisitor();
    await store.append(conversation.id, { author: 'visitor', body: text('x') }, { outbox: true });
    outbox.kick();
    await expect.poll(() => delivered, { timeout: 2000 }).toEqual(['x']);
    expect(attempts).toHaveLength(4);
  });

  it('lets one conversation proceed while another is failing', async () => {
    const { store, outbox, delivered } = setup([]);
    const stuck = await store.createVisitor();
    const free = await store.createVisitor();
    await store.append(stuck.conversation.id, { author: 'visitor', body: text('stuck') }, { outbox: true });
    await store.outboxRetry((await store.outboxDue(Date.now(), 10))[0]!.id, Date.now() + 60_000, 'postponed');
    await store.append(free.conversation.id, { author: 'visitor', body: text('free 1') }, { outbox: true });
    await store.append(free.conversation.id, { author: 'visitor', body: text('free 2') }, { outbox: true });
    outbox.kick();
    await expect.poll(() => delivered, { timeout: 2000 }).toEqual(['free 1', 'free 2']);
    expect(await store.outboxSize()).toBe(1);
  });

  it('reports each accepted item once, after the platform accepted it, never a refused attempt', async () => {
    const reported: [string, number][] = [];
    const { store, outbox, delivered } = setup([new DeliveryError('bot_url answered 503', true, 503)], (item) => {
      reported.push([item.conversationId, item.seq]);
      expect(delivered).toHaveLength(item.seq);
    });
    const { conversation } = await store.createVisitor();
    for (const body of ['a', 'b']) await store.append(conversation.id, { author: 'visitor', body: text(body) }, { outbox: true });
    outbox.kick();
    await expect
      .poll(() => reported, { timeout: 2000 })
      .toEqual([
        [conversation.id, 1],
        [conversation.id, 2],
      ]);
  });

  it('publishes the raised deliveredSeq to the conversation stream', async () => {
    const { store, hub, outbox } = setup([]);
    const { conversation } = await store.createVisitor();
    const frames: string[] = [];
    hub.subscribe(conversation.id, { deliver: (frame: { text: string }) => frames.push(frame.text), write() {}, close() {} } as never);
    await store.append(conversation.id, { author: 'visitor', body: text('hi') }, { outbox: true });
    outbox.kick();
    await expect.poll(() => frames, { timeout: 2000 }).toEqual(['event: status\ndata: {"deliveredSeq":1}\n\n']);
  });
});
