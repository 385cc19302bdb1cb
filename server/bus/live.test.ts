import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHub } from '../hub/index.ts';
import { SseConnection } from '../hub/sse.ts';
import { createCapturingLogger } from '../log.ts';
import { createMemoryStore } from '../store/memory/index.ts';
import type { Store } from '../store/types.ts';
import { createTyping } from '../typing/index.ts';
import { createBus } from './index.ts';
import { createSharedHub } from './live.ts';
import { createLocalNetwork, createLocalTransport, type LocalNetwork } from './local.ts';

/** A stream's response: what was written, as SSE events. */
const stream = () => {
  const out: string[] = [];
  const res = {
    destroyed: false,
    writableEnded: false,
    writableLength: 0,
    write: (text: string) => (out.push(text), true),
    end() {
      this.writableEnded = true;
    },
    destroy() {
      this.destroyed = true;
    },
    on: () => res,
    off: () => res,
  };
  const events = () =>
    out
      .join('')
      .split('\n\n')
      .filter((block) => block.startsWith('event:'))
      .map((block) => {
        const [event, ...rest] = block.split('\n');
        return { event: event!.slice('event: '.length), data: JSON.parse(rest.find((line) => line.startsWith('data: '))!.slice(6)) as Record<string, unknown> };
      });
  return {
    response: res as unknown as ServerResponse,
    events,
    texts: () =>
      events()
        .filter((e) => e.event === 'message')
        .map((e) => (e.data['body'] as { text: string }).text),
  };
};

const settle = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

/** Relays in one process on one store, hearing each other over a local network (as Postgres or Redis would carry it). */
const relays = (store: Store, network: LocalNetwork | undefined, count = 2) =>
  Array.from({ length: count }, () => {
    const logger = createCapturingLogger();
    const streams = createHub();
    const bus = createBus({ transport: createLocalTransport(network ? { network } : {}), logger });
    const delivered: string[] = [];
    const typing = createTyping({ publish: (conversationId, event) => hub.publish(conversationId, event), publishHere: streams.publish, store, timeoutMs: 60_000 });
    const hub = createSharedHub({ hub: streams, bus, store, logger, onTyping: typing.mirror, onDelivered: (id) => delivered.push(id), retryMs: 20 });
    /** Opens a stream that has replayed up to `lastSeq` and is live. */
    const open = (conversationId: string, lastSeq = 0) => {
      const view = stream();
      const connection = new SseConnection(view.response, { lastSeq, conversationId });
      const unsubscribe = hub.subscribe(conversationId, connection);
      connection.resume();
      return { ...view, unsubscribe };
    };
    /** Stores a message the way the routes do: append, then publish. */
    const say = async (conversationId: string, text: string) => {
      const { message } = await store.append(conversationId, { author: 'bot', body: { kind: 'text', text } });
      hub.publish(conversationId, { event: 'message', data: message });
      return message;
    };
    return { hub, bus, typing, open, say, delivered, logger };
  });

describe('the shared hub', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });
  /** `alone`: relays with no network (each on its own). */
  const started = async (store: Store, network: LocalNetwork | 'alone' = createLocalNetwork(), count = 2) => {
    const list = relays(store, network === 'alone' ? undefined : network, count);
    for (const relay of list) {
      await relay.hub.start();
      cleanup.push(
        () => relay.hub.close(),
        () => relay.bus.close(),
        () => relay.typing.close(),
      );
    }
    return list;
  };

  it('streams a message stored on one relay to a stream on another, read from the store (the signal carries its seq only)', async () => {
    const store = createMemoryStore();
    const network = createLocalNetwork();
    const payloads: string[] = [];
    network.listeners.add({ payload: (text) => payloads.push(text), gap: () => undefined });
    const [a, b] = await started(store, network);
    const { conversation } = await store.createVisitor();
    const onB = b!.open(conversation.id);
    await a!.say(conversation.id, 'from a');
    await settle(() => onB.texts().length === 1, 'the message on b');
    expect(onB.texts()).toEqual(['from a']);
    expect(payloads.join('')).not.toContain('from a');
    expect(payloads.join('')).toContain(conversation.id);
  });

  it('never lets a message stored here overtake an earlier one stored on another relay whose signal is still on its way', async () => {
    const store = createMemoryStore();
    const [a] = await started(store, createLocalNetwork(), 1);
    const { conversation } = await store.createVisitor();
    const here = a!.open(conversation.id);
    await a!.say(conversation.id, 'one');
    // Another relay commits seq 2; its signal has not arrived. This relay then stores seq 3.
    await store.append(conversation.id, { author: 'agent', body: { kind: 'text', text: 'two, elsewhere' } });
    await a!.say(conversation.id, 'three');
    await settle(() => here.texts().length === 3, 'all three');
    expect(here.texts()).toEqual(['one', 'two, elsewhere', 'three']);
    // Nothing twice when the late signal comes after all.
    a!.hub.publish(conversation.id, { event: 'message', data: (await store.listMessages(conversation.id, { after: 1, limit: 1 }))[0]! });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(here.texts()).toEqual(['one', 'two, elsewhere', 'three']);
  });

  it('reads every followed conversation again after a gap in the signals, with its delivery state and read mark', async () => {
    const store = createMemoryStore();
    const network = createLocalNetwork();
    const [a] = await started(store, network, 1);
    const { conversation } = await store.createVisitor();
    const here = a!.open(conversation.id);
    // Stored by other relays while this one heard nothing.
    for (const text of ['lost 1', 'lost 2']) await store.append(conversation.id, { author: 'bot', body: { kind: 'text', text } });
    await store.append(conversation.id, { author: 'visitor', body: { kind: 'text', text: 'mine' } }, { outbox: true });
    const [item] = await store.outboxDue(Date.now(), 1);
    await store.outboxDelivered(item!.id);
    await store.markRead(conversation.id, 3);
    expect(here.texts()).toEqual([]);
    for (const listener of network.listeners) listener.gap();
    await settle(() => here.texts().length === 3 && here.events().some((e) => e.event === 'status'), 'the catch-up');
    expect(here.texts()).toEqual(['lost 1', 'lost 2', 'mine']);
    expect(here.events().find((e) => e.event === 'status')?.data).toEqual({ deliveredSeq: 3, readSeq: 3 });
  });

  it('carries delivery state, read marks and conversation state to the other relays, and tells them what was delivered', async () => {
    const store = createMemoryStore();
    const [a, b] = await started(store);
    const { conversation } = await store.createVisitor();
    const onB = b!.open(conversation.id);
    a!.hub.publish(conversation.id, { event: 'status', data: { deliveredSeq: 4 } });
    a!.hub.publish(conversation.id, { event: 'status', data: { deliveredSeq: 4, readSeq: 3 } });
    a!.hub.publish(conversation.id, { event: 'conversation', data: { status: 'resolved' } });
    await settle(() => onB.events().length === 3, 'the three events on b');
    expect(onB.events()).toEqual([
      { event: 'status', data: { deliveredSeq: 4 } },
      { event: 'status', data: { deliveredSeq: 4, readSeq: 3 } },
      { event: 'conversation', data: { status: 'resolved' } },
    ]);
    expect(b!.delivered).toEqual([conversation.id, conversation.id]);
    expect(a!.delivered).toEqual([]);
  });

  it('turns typing on everywhere, and off everywhere from the relay that stores the answer', async () => {
    const store = createMemoryStore();
    const [a, b, c] = await started(store, createLocalNetwork(), 3);
    const { conversation } = await store.createVisitor();
    const [onA, onB] = [a!.open(conversation.id), b!.open(conversation.id)];
    a!.typing.signal(conversation.id, true);
    await settle(() => onB.events().length === 1, 'typing on at b');
    expect(onA.events()).toEqual([{ event: 'typing', data: { on: true } }]);
    expect(onB.events()).toEqual([{ event: 'typing', data: { on: true } }]);
    // The answer lands on c, which streams nothing of this conversation: it knows the indicator is on all the same.
    expect(c!.typing.active()).toBe(1);
    c!.typing.replied(conversation.id);
    await settle(() => onA.events().length === 2 && onB.events().length === 2, 'typing off at a and b');
    expect(onA.events()[1]).toEqual({ event: 'typing', data: { on: false } });
    expect(onB.events()[1]).toEqual({ event: 'typing', data: { on: false } });
    await settle(() => a!.typing.active() === 0 && b!.typing.active() === 0, 'every relay forgot the indicator');
  });

  it('forgets a conversation once its last stream here closes: its signals cost no read', async () => {
    const store = createMemoryStore();
    const [a, b] = await started(store);
    const { conversation } = await store.createVisitor();
    const onB = b!.open(conversation.id);
    onB.unsubscribe();
    let reads = 0;
    const list = store.listMessages.bind(store);
    store.listMessages = async (...args) => (reads++, list(...args));
    await a!.say(conversation.id, 'nobody here');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(reads).toBe(0);
  });

  it('publishes straight to the streams of a relay on its own, and sends nothing', async () => {
    const store = createMemoryStore();
    const [solo] = await started(store, 'alone', 1);
    expect(solo!.bus.shared).toBe(false);
    const { conversation } = await store.createVisitor();
    const here = solo!.open(conversation.id);
    await solo!.say(conversation.id, 'at once');
    expect(here.texts()).toEqual(['at once']);
  });
});
