// biome-ignore-all lint/suspicious/noDuplicateTestHooks: after(ms) below advances the fake clock; it is no test hook
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChat, type Chat } from './chat.ts';
import { fakeRelay, type FakeRelay } from './fake-relay.ts';

// Typing and seen signals go out on timers: the clock is faked, the requests still run on real promises.
let relay: FakeRelay;
let chat: Chat;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  relay = fakeRelay();
  chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, base: 1, cap: 5 });
});
afterEach(() => {
  chat.stop();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Lets the fake relay answer (it resolves on real promises and macrotasks). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};
const after = async (ms: number) => {
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
};
const seen = () => relay.pings.filter((p) => p === 'seen').length;

describe('visitor typing', () => {
  it('says "on" at the first keystroke and at most every 3 s while typing, "off" after 5 s without keystrokes', async () => {
    chat.input('h');
    await settle();
    expect(relay.pings).toEqual(['typing on']);
    await after(1000);
    chat.input('he');
    await after(1999);
    chat.input('hel');
    await settle();
    expect(relay.pings).toEqual(['typing on']);
    await after(1);
    chat.input('hell');
    await settle();
    expect(relay.pings).toEqual(['typing on', 'typing on']);
    expect(chat.composer.value).toBe('hell');
    await after(4999);
    expect(relay.pings).toHaveLength(2);
    await after(1);
    expect(relay.pings).toEqual(['typing on', 'typing on', 'typing off']);
    // Nothing more while quiet.
    await after(10_000);
    expect(relay.pings).toHaveLength(3);
  });

  it('says "off" on send, on leaving the composer and on closing the panel, once each', async () => {
    chat.input('hi');
    chat.send();
    await settle();
    expect(relay.pings).toEqual(['typing on', 'typing off']);
    chat.input('x');
    chat.quiet();
    chat.quiet();
    await settle();
    expect(relay.pings.slice(2)).toEqual(['typing on', 'typing off']);
    chat.input('y');
    chat.setOpen(false);
    await settle();
    expect(relay.pings.slice(4)).toEqual(['typing on', 'typing off']);
    // The quiet timer of an earlier keystroke sends nothing more.
    await after(6000);
    expect(relay.pings).toHaveLength(6);
  });
});

describe('seen', () => {
  const online = async () => {
    for (let i = 0; i < 20 && chat.connection.value !== 'online'; i++) await settle();
    expect(chat.connection.value).toBe('online');
  };

  it('is sent once, a second after replies were shown in the open panel', async () => {
    chat.setOpen(true);
    await online();
    relay.bot(1, 'one');
    await settle();
    await after(500);
    relay.bot(2, 'two');
    await settle();
    await after(999);
    expect(seen()).toBe(0);
    await after(1);
    expect(seen()).toBe(1);
    await after(5000);
    expect(seen()).toBe(1);
  });

  it('waits while the panel is closed and is sent when it opens with unread replies', async () => {
    chat.start();
    await online();
    relay.bot(1, 'while closed');
    await after(2000);
    expect(chat.unread.value).toBe(1);
    expect(seen()).toBe(0);
    chat.setOpen(true);
    await after(1000);
    expect(seen()).toBe(1);
    // Opening again with nothing unread says nothing.
    chat.setOpen(false);
    chat.setOpen(true);
    await after(2000);
    expect(seen()).toBe(1);
  });

  it('is not sent for replies that arrive in a hidden page, until the visitor is back and writes', async () => {
    chat.setOpen(true);
    await online();
    vi.stubGlobal('document', { hidden: true });
    relay.bot(1, 'while away');
    await after(2000);
    expect(seen()).toBe(0);
    vi.stubGlobal('document', { hidden: false });
    chat.input('back');
    await after(1000);
    expect(seen()).toBe(1);
  });
});
