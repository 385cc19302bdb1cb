import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamEvent } from '../../src/protocol/index.ts';
import { createMemoryStore } from '../store/memory/index.ts';
import type { Store } from '../store/types.ts';
import { createTyping } from './index.ts';

describe('createTyping', () => {
  let store: Store;
  let events: [string, StreamEvent][];
  const publish = (conversationId: string, event: StreamEvent) => void events.push([conversationId, event]);
  const typing = (on: boolean): StreamEvent => ({ event: 'typing', data: { on } });
  const conversation = async () => (await store.createVisitor()).conversation.id;

  beforeEach(() => {
    vi.useFakeTimers();
    store = createMemoryStore();
    events = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns on after a delivery and off before the reply', async () => {
    const t = createTyping({ publish, store });
    const c = await conversation();
    await t.delivered(c, 1);
    expect(events).toEqual([[c, typing(true)]]);
    t.replied(c);
    expect(events).toEqual([
      [c, typing(true)],
      [c, typing(false)],
    ]);
    expect(t.active()).toBe(0);
    t.replied(c); // a second reply while off publishes nothing
    expect(events).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    expect(events).toHaveLength(2);
  });

  it('turns off by itself after the timeout when no reply comes', async () => {
    const t = createTyping({ publish, store, timeoutMs: 15_000 });
    const c = await conversation();
    await t.delivered(c, 1);
    vi.advanceTimersByTime(14_999);
    expect(events).toEqual([[c, typing(true)]]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual([
      [c, typing(true)],
      [c, typing(false)],
    ]);
    expect(t.active()).toBe(0);
  });

  it('keeps one timer per conversation: a second delivery restarts it', async () => {
    const t = createTyping({ publish, store, timeoutMs: 1000 });
    const a = await conversation();
    const b = await conversation();
    await t.delivered(a, 1);
    vi.advanceTimersByTime(600);
    await t.delivered(a, 2);
    await t.delivered(b, 1);
    expect(t.active()).toBe(2);
    expect(vi.getTimerCount()).toBe(2);
    vi.advanceTimersByTime(600); // 1200 ms after the first delivery, 600 after the second
    expect(events.filter(([, e]) => e.event === 'typing' && !e.data.on)).toEqual([]);
    vi.advanceTimersByTime(400);
    expect(events.slice(-2)).toEqual([
      [a, typing(false)],
      [b, typing(false)],
    ]);
  });

  it('stays off when the reply was stored before the delivery was confirmed', async () => {
    const t = createTyping({ publish, store });
    const c = await conversation();
    await store.append(c, { author: 'visitor', body: { kind: 'text', text: 'hi' } });
    await store.append(c, { author: 'bot', body: { kind: 'text', text: 'hello' } });
    await t.delivered(c, 1);
    expect(events).toEqual([]);
    await store.append(c, { author: 'visitor', body: { kind: 'text', text: 'again' } });
    await t.delivered(c, 3);
    expect(events).toEqual([[c, typing(true)]]);
  });

  it('clears every timer on close and publishes nothing afterwards', async () => {
    const t = createTyping({ publish, store });
    const a = await conversation();
    await t.delivered(a, 1);
    await t.delivered(await conversation(), 1);
    t.close();
    expect(vi.getTimerCount()).toBe(0);
    await t.delivered(a, 2);
    vi.advanceTimersByTime(60_000);
    expect(events).toHaveLength(2);
  });
});
