import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { options, type VNode } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createChat, type Chat } from '../state/chat.ts';
import { fakeRelay } from '../state/fake-relay.ts';
import { App } from './App.tsx';
import { Composer } from './Composer.tsx';
import { loadConversation } from './extras.ts';
import { MessageRow } from './MessageRow.tsx';

// A row is the first load's (MessageRow) until the conversation chunk is here, then the chunk's (Row): both count.
const { Row } = await loadConversation();
const ROWS = [MessageRow, Row];

// Preact calls this hook (`_render` in its source, `__r` in its build) just before it runs a component's render.
const hooks = options as typeof options & { __r?: (vnode: VNode) => void };

const counters: Array<() => void> = [];
const chats: Chat[] = [];
afterEach(() => {
  for (const stop of counters.splice(0)) stop();
  cleanup();
  for (const chat of chats.splice(0)) chat.stop();
});

/** How many times a component (or any, without `type`) ran its render since the last `take()`. */
const countRenders = () => {
  const previous = hooks.__r;
  const counts = new Map<unknown, number>();
  hooks.__r = (vnode) => {
    counts.set(vnode.type, (counts.get(vnode.type) ?? 0) + 1);
    previous?.(vnode);
  };
  counters.push(() => void (hooks.__r = previous));
  return {
    take: (type?: unknown): number => {
      const types = type === undefined ? [...counts.keys()] : Array.isArray(type) ? type : [type];
      const n = types.reduce((sum: number, t) => sum + (counts.get(t) ?? 0), 0);
      counts.clear();
      return n;
    },
  };
};

/** An open panel with three rows: the visitor's message (stored, not yet accepted by the platform) and two replies. */
const conversation = async () => {
  const relay = fakeRelay();
  const network = new EventTarget();
  const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, network, base: 1, cap: 5, attempts: 2 });
  chats.push(chat);
  render(<App chat={chat} title="Help" />);
  fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
  const log = screen.getByRole('log');
  await waitFor(() => expect(screen.getByRole('dialog').querySelector('[data-chatport="connection"]')?.getAttribute('data-state')).toBe('online'));
  const textarea = screen.getByLabelText<HTMLTextAreaElement>('Message');
  fireEvent.input(textarea, { target: { value: 'Where is my order?' } });
  fireEvent.keyDown(textarea, { key: 'Enter' });
  await waitFor(() => expect(relay.messages).toHaveLength(1));
  relay.bot(2, 'Let me look.');
  relay.bot(3, 'How can I help?');
  await waitFor(() => expect(log.querySelectorAll('[data-chatport="message"]')).toHaveLength(3));
  // Drawn by the conversation chunk's rows (with their time line) from here on.
  await waitFor(() => expect(log.querySelectorAll('[data-chatport="meta"]')).toHaveLength(3));
  return { relay, network, chat, log, textarea, mine: within(log).getByText('Where is my order?').closest('[data-chatport="message"]')! };
};

describe('what a change redraws', () => {
  it('typing a character redraws the composer and no message row', async () => {
    const { textarea } = await conversation();
    const renders = countRenders();
    fireEvent.input(textarea, { target: { value: 'T' } });
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Send' }).disabled).toBe(false));
    expect(renders.take(ROWS)).toBe(0);
    fireEvent.input(textarea, { target: { value: 'Th' } });
    expect(renders.take(Composer)).toBe(1);
    fireEvent.input(textarea, { target: { value: 'Tha' } });
    expect(renders.take(ROWS)).toBe(0);
  });

  it('a new message draws its own row only; a status change redraws only the row it concerns', async () => {
    const { relay, log, mine } = await conversation();
    const renders = countRenders();
    relay.bot(4, 'It ships tomorrow.');
    await waitFor(() => expect(within(log).queryByText('It ships tomorrow.')).not.toBeNull());
    expect(renders.take(ROWS)).toBe(1);
    relay.push('event: status\ndata: {"deliveredSeq":1}\n\n');
    await waitFor(() => expect(mine.getAttribute('data-status')).toBe('sent'));
    expect(renders.take(ROWS)).toBe(1);
  });

  it('the bot typing redraws no row; going offline redraws only the row waiting to be sent', async () => {
    const { relay, network, log, mine } = await conversation();
    const renders = countRenders();
    relay.push('event: typing\ndata: {"on":true}\n\n');
    await waitFor(() => expect(screen.queryByText('Typing…')).not.toBeNull());
    expect(renders.take(ROWS)).toBe(0);
    network.dispatchEvent(new Event('offline'));
    await waitFor(() => expect(within(mine as HTMLElement).queryByText('Waiting for connection…')).not.toBeNull());
    expect(renders.take(ROWS)).toBe(1);
    expect(log.querySelectorAll('[data-chatport="message"]')).toHaveLength(3);
  });

  it('stops redrawing anything once the widget is gone', async () => {
    const { chat } = await conversation();
    cleanup();
    const renders = countRenders();
    await act(() => {
      chat.input('after');
      chat.setOpen(false);
    });
    expect(renders.take()).toBe(0);
  });
});
