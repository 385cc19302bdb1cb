import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../protocol/index.ts';
import { createChat, type Chat } from './chat.ts';
import { fakeRelay } from './fake-relay.ts';

const at = '2025-01-01T00:00:00.000Z';

const chats: Chat[] = [];
const newChat = (relay: ReturnType<typeof fakeRelay>) => {
  const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, base: 1, cap: 5, attempts: 2 });
  chats.push(chat);
  return chat;
};
afterEach(() => {
  vi.unstubAllGlobals();
  for (const chat of chats.splice(0)) chat.stop();
});

const text = (chat: Chat) => chat.items.value.map((i) => `${i.author}:${i.body.kind === 'text' ? i.body.text : i.body.kind}${i.status ? `:${i.status}` : ''}`);

describe('createChat', () => {
  it('starts only when opened, loads history, then streams after the newest seq', async () => {
    const relay = fakeRelay({ history: [{ id: 'm1', seq: 1, conversationId: 'c1', author: 'bot', createdAt: at, body: { kind: 'text', text: 'Welcome' } }] });
    const chat = newChat(relay);
    expect(chat.connection.value).toBe('idle');
    expect(relay.fetch).not.toHaveBeenCalled();
    chat.setOpen(true);
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    expect(text(chat)).toEqual(['bot:Welcome']);
    expect(relay.streamHeaders[0]?.get('last-event-id')).toBe('1');
    expect(relay.streamHeaders[0]?.get('authorization')).toBe('Bearer tok');
  });

  it('shows a sent message at once as pending, then sent once the platform accepted it', async () => {
    const relay = fakeRelay();
    const chat = newChat(relay);
    chat.setOpen(true);
    chat.composer.value = '  hello\nthere  ';
    expect(chat.send()).toBe(true);
    expect(chat.composer.value).toBe('');
    expect(text(chat)).toEqual(['visitor:hello\nthere:pending']);
    await vi.waitFor(() => expect(relay.messages).toHaveLength(1));
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    // The stream echoes the stored message: still one row.
    relay.push(`event: message\nid: 1\ndata: ${JSON.stringify(relay.messages[0])}\n\n`);
    relay.push('event: status\ndata: {"deliveredSeq":1}\n\n');
    await vi.waitFor(() => expect(text(chat)).toEqual(['visitor:hello\nthere:sent']));
  });

  it('sends a message written before the first history page only after that page, so a quick reply comes by the stream', async () => {
    const relay = fakeRelay();
    // A slow history page: what happens in between is recorded in order.
    const events: string[] = [];
    const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const what = `${init.method ?? 'GET'} ${new URL(String(input)).pathname}`;
      events.push(what);
      if (what === 'GET /v1/messages') await new Promise((resolve) => setTimeout(resolve, 30));
      const response = await relay.fetch(input, init);
      if (what === 'GET /v1/messages') events.push('history loaded');
      return response;
    }) as typeof globalThis.fetch;
    const onMessage = vi.fn();
    const chat = createChat({ relayUrl: 'https://relay.test/', fetch, base: 1, cap: 5, attempts: 2, onMessage });
    chats.push(chat);
    chat.composer.value = 'hi';
    chat.send();
    await vi.waitFor(() => expect(relay.messages).toHaveLength(1));
    expect(events.indexOf('POST /v1/messages')).toBeGreaterThan(events.indexOf('history loaded'));
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    relay.bot(2, 'quick reply');
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledWith(expect.objectContaining({ author: 'bot', seq: 2 })));
  });

  it('sends a given text (a prompt, the JS API) without touching what the visitor is typing', async () => {
    const relay = fakeRelay();
    const chat = newChat(relay);
    chat.composer.value = 'half a thought';
    expect(chat.send('  Pricing ')).toBe(true);
    expect(chat.send('   ')).toBe(false);
    expect(chat.composer.value).toBe('half a thought');
    expect(text(chat)).toEqual(['visitor:Pricing:pending']);
    await vi.waitFor(() => expect(relay.messages).toHaveLength(1));
  });

  it('keeps the site’s greeting (after its delay) and whether it muted the widget', () => {
    vi.useFakeTimers();
    try {
      const chat = newChat(fakeRelay());
      chat.greet('Need a hand?', { delay: 3000 });
      expect(chat.greeting.value).toBe('');
      vi.advanceTimersByTime(3000);
      expect(chat.greeting.value).toBe('Need a hand?');
      expect(chat.muted.value).toBe(false);
      chat.mute();
      expect(chat.muted.value).toBe(true);
      chat.mute(false);
      expect(chat.muted.value).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not send an empty composer', () => {
    const relay = fakeRelay();
    const chat = newChat(relay);
    chat.composer.value = ' \n ';
    expect(chat.send()).toBe(false);
    expect(chat.items.value).toEqual([]);
  });

  it('marks a message failed after the retries and sends it again with the same clientId', async () => {
    const relay = fakeRelay({ failSends: 2 });
    const chat = newChat(relay);
    chat.composer.value = 'are you there?';
    chat.send();
    await vi.waitFor(() => expect(text(chat)).toEqual(['visitor:are you there?:failed']));
    const clientId = chat.items.value[0]?.clientId;
    expect(clientId).toBeDefined();
    chat.retry(clientId!);
    expect(chat.items.value[0]?.status).toBe('pending');
    await vi.waitFor(() => expect(relay.messages).toHaveLength(1));
    expect(relay.sends).toEqual([1, 2, 3].map(() => ({ clientId, body: { kind: 'text', text: 'are you there?' } })));
    expect(chat.items.value.map((i) => i.key)).toEqual([`c:${clientId}`]);
  });

  it('counts replies that arrive while the panel is closed, and clears them on open', async () => {
    const relay = fakeRelay();
    const chat = newChat(relay);
    chat.setOpen(true);
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    relay.bot(1, 'seen');
    await vi.waitFor(() => expect(chat.items.value).toHaveLength(1));
    expect(chat.unread.value).toBe(0);
    chat.setOpen(false);
    relay.bot(2, 'one');
    relay.bot(3, 'two');
    relay.bot(3, 'two');
    await vi.waitFor(() => expect(chat.items.value).toHaveLength(3));
    expect(chat.unread.value).toBe(2);
    chat.setOpen(true);
    expect(chat.unread.value).toBe(0);
  });

  it('shows typing until the reply arrives', async () => {
    const relay = fakeRelay();
    const chat = newChat(relay);
    chat.start();
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    relay.push('event: typing\ndata: {"on":true}\n\n');
    await vi.waitFor(() => expect(chat.typing.value).toBe(true));
    relay.bot(1, 'done');
    await vi.waitFor(() => expect(chat.typing.value).toBe(false));
  });

  it('drops the old transcript when a renewal yields a different conversation', async () => {
    const relay = fakeRelay({ history: [{ id: 'm1', seq: 1, conversationId: 'c1', author: 'bot', createdAt: at, body: { kind: 'text', text: 'old' } }] });
    const chat = newChat(relay);
    chat.start();
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    expect(text(chat)).toEqual(['bot:old']);
    relay.replaceConversation('c2');
    relay.endStream();
    await vi.waitFor(() => expect(relay.streamHeaders.at(-1)?.get('authorization')).toBe('Bearer tok-c2'));
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    expect(chat.items.value).toEqual([]);
    // The new conversation is streamed from its start, not from the old conversation's seq.
    expect(relay.streamHeaders.at(-1)?.get('last-event-id')).toBeNull();
  });

  it('reports live bot messages, not history, to onMessage', async () => {
    const relay = fakeRelay({ history: [{ id: 'm1', seq: 1, conversationId: 'c1', author: 'bot', createdAt: at, body: { kind: 'text', text: 'Old' } }] });
    const onMessage = vi.fn();
    const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, base: 1, cap: 5, onMessage });
    chats.push(chat);
    chat.setOpen(true);
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    relay.bot(2, 'Fresh');
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledTimes(1));
    expect(onMessage.mock.calls[0]?.[0]).toMatchObject({ id: 'm2', author: 'bot', body: { kind: 'text', text: 'Fresh' } });
  });

  it('identify drops the token and starts a session carrying the identity; reset forgets the visitor until next open', async () => {
    const relay = fakeRelay({ history: [{ id: 'm1', seq: 1, conversationId: 'c1', author: 'bot', createdAt: at, body: { kind: 'text', text: 'Hi' } }] });
    const chat = newChat(relay);
    chat.setOpen(true);
    await vi.waitFor(() => expect(text(chat)).toEqual(['bot:Hi']));
    const identity = { id: 'user-1', hash: 'b'.repeat(64) };
    relay.replaceConversation('c2');
    chat.identify(identity);
    expect(chat.items.value).toEqual([]);
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    expect(relay.sessions).toEqual([{}, { identity }]);
    chat.setOpen(false);
    chat.reset();
    expect(chat.connection.value).toBe('idle');
    await new Promise((r) => setTimeout(r, 10));
    expect(relay.sessions).toHaveLength(2);
    chat.setOpen(true);
    await vi.waitFor(() => expect(relay.sessions).toHaveLength(3));
    expect(relay.sessions[2]).toEqual({});
  });

  it('keeps the conversation status; a resolved one reopens when the visitor writes or the platform says so', async () => {
    const relay = fakeRelay();
    const chat = newChat(relay);
    chat.setOpen(true);
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    expect(chat.conversation.value).toBeUndefined();
    const status = (s: string) => relay.push(`event: conversation\ndata: {"status":"${s}"}\n\n`);
    status('resolved');
    await vi.waitFor(() => expect(chat.conversation.value).toBe('resolved'));
    chat.composer.value = 'one more thing';
    chat.send();
    expect(chat.conversation.value).toBe('open');
    status('resolved');
    await vi.waitFor(() => expect(chat.conversation.value).toBe('resolved'));
    status('open');
    await vi.waitFor(() => expect(chat.conversation.value).toBe('open'));
    // Only a resolved conversation is reopened by the visitor: a pending one stays pending.
    status('pending');
    await vi.waitFor(() => expect(chat.conversation.value).toBe('pending'));
    chat.press('m1', 'Yes', 'yes');
    expect(chat.conversation.value).toBe('pending');
    chat.reset();
    expect(chat.conversation.value).toBeUndefined();
  });

  it('sends an answer like text: shown at once, the question answered, retried with the same clientId', async () => {
    const question: Message = { id: 'q1', seq: 1, conversationId: 'c1', author: 'bot', createdAt: at, body: { kind: 'email', text: 'Your email?' } };
    const relay = fakeRelay({ history: [question], failSends: 1 });
    const chat = newChat(relay);
    chat.setOpen(true);
    await vi.waitFor(() => expect(chat.items.value).toHaveLength(1));
    const values = { type: 'email', email: 'ada@x.test' } as const;
    chat.answer('q1', 'ada@x.test', values);
    expect(chat.items.value.map((i) => [i.author, i.body, i.status])).toEqual([
      ['bot', { kind: 'email', text: 'Your email?', answer: 'ada@x.test' }, undefined],
      ['visitor', { kind: 'answer', to: 'q1', text: 'ada@x.test', values }, 'pending'],
    ]);
    await vi.waitFor(() => expect(relay.messages).toHaveLength(2));
    expect(relay.sends).toHaveLength(2);
    const [first, second] = relay.sends as Array<{ clientId: string; body: unknown }>;
    expect(second).toEqual(first);
    expect(first?.body).toEqual({ kind: 'answer', to: 'q1', text: 'ada@x.test', values });
    expect(chat.items.value).toHaveLength(2);
    expect(chat.items.value[0]?.body).toMatchObject({ answer: 'ada@x.test' });
  });

  it('queues an answer while offline and sends it once back online', async () => {
    const relay = fakeRelay({ history: [{ id: 'q1', seq: 1, conversationId: 'c1', author: 'bot', createdAt: at, body: { kind: 'csat', text: 'Rate us', display: 'star' } }] });
    const network = new EventTarget();
    const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, network, base: 1, cap: 5, attempts: 2 });
    chats.push(chat);
    chat.setOpen(true);
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    // The browser says so too, else the stream's re-check would find it online again.
    vi.stubGlobal('navigator', { onLine: false });
    network.dispatchEvent(new Event('offline'));
    expect(chat.connection.value).toBe('offline');
    chat.answer('q1', '5 stars', { type: 'csat', rating: 5 });
    await new Promise((r) => setTimeout(r, 30));
    expect(relay.sends).toEqual([]);
    expect(chat.items.value[1]?.status).toBe('pending');
    expect(chat.items.value[0]?.body).toMatchObject({ answer: { rating: 5 } });
    vi.unstubAllGlobals();
    network.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(relay.messages).toHaveLength(2));
    expect(relay.sends).toHaveLength(1);
  });

  it('draws a newer version in place without counting it as a new reply', async () => {
    const relay = fakeRelay();
    const onMessage = vi.fn();
    const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, base: 1, cap: 5, onMessage });
    chats.push(chat);
    chat.start();
    await vi.waitFor(() => expect(chat.connection.value).toBe('online'));
    relay.bot(1, 'Hello');
    await vi.waitFor(() => expect(chat.unread.value).toBe(1));
    const version = { id: 'm1-v2', seq: 2, conversationId: 'c1', author: 'bot', createdAt: at, replaces: 'm1', body: { kind: 'deleted' } };
    relay.push(`event: message\nid: 2\ndata: ${JSON.stringify(version)}\n\n`);
    await vi.waitFor(() => expect(text(chat)).toEqual(['bot:deleted']));
    expect(chat.unread.value).toBe(1);
    expect(onMessage).toHaveBeenCalledTimes(1);
  });
});
