import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatItem } from '../state/transcript.ts';
import { withConversation } from './conversation/env.testing.tsx';
import { MessageList } from './MessageList.tsx';

afterEach(cleanup);

const at = '2025-01-01T00:00:00.000Z';
const items: ChatItem[] = [
  { key: 'm:1', author: 'bot', body: { kind: 'text', text: 'Hi!\nHow can I help?' }, createdAt: at },
  { key: 'c:a', author: 'visitor', body: { kind: 'text', text: 'delivered' }, createdAt: at, status: 'sent', clientId: 'a' },
  { key: 'c:b', author: 'visitor', body: { kind: 'text', text: 'queued' }, createdAt: at, status: 'pending', clientId: 'b' },
  { key: 'c:c', author: 'visitor', body: { kind: 'text', text: 'lost' }, createdAt: at, status: 'failed', clientId: 'c' },
];

// The button for earlier messages, typing, announcements and the resolved notice come with the conversation chunk.
const { wrap } = await withConversation({ options: { botName: 'Nora' } });

const setup = (overrides: Partial<Parameters<typeof MessageList>[0]> = {}, draw = (node: preact.ComponentChildren) => node) => {
  const onRetry = vi.fn();
  const onLoadOlder = vi.fn();
  render(draw(<MessageList items={items} hasMore={false} loadingOlder={false} typing={false} onRetry={onRetry} onLoadOlder={onLoadOlder} {...overrides} />));
  return { onRetry, onLoadOlder, log: screen.getByRole('log') };
};

const row = (log: HTMLElement, text: string) => within(log).getByText(text).closest<HTMLElement>('[data-chatport="message"]')!;

describe('MessageList', () => {
  it('is a log with one row per message, marked by author and kind; announcements go through their own region', () => {
    const { log } = setup();
    // Not every re-render of the log is read out: new replies are, by the announcer below.
    expect(log.getAttribute('aria-live')).toBe('off');
    const rows = log.querySelectorAll('[data-chatport="message"]');
    expect([...rows].map((r) => r.getAttribute('data-author'))).toEqual(['bot', 'visitor', 'visitor', 'visitor']);
    expect([...rows].every((r) => r.getAttribute('data-kind') === 'text')).toBe(true);
    // Text stays text, newline included (drawn with white-space: pre-wrap).
    expect(rows[0]?.querySelector('[data-chatport="text"]')?.textContent).toBe('Hi!\nHow can I help?');
    expect(rows[0]?.textContent).toContain('Bot: ');
  });

  it('shows the status of own messages: Sending…, Sent, Failed with Retry', () => {
    const { log, onRetry } = setup();
    expect(row(log, 'delivered').getAttribute('data-status')).toBe('sent');
    expect(within(row(log, 'delivered')).getByText('Sent')).toBeTruthy();
    expect(row(log, 'queued').getAttribute('data-status')).toBe('pending');
    expect(within(row(log, 'queued')).getByText('Sending…')).toBeTruthy();
    const failed = row(log, 'lost');
    expect(failed.getAttribute('data-status')).toBe('failed');
    expect(within(failed).getByText('Failed')).toBeTruthy();
    expect(within(log).getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
    fireEvent.click(within(failed).getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledWith('c');
    expect(log.querySelector('[data-author="bot"] [data-chatport="status"]')).toBeNull();
  });

  it('offers earlier messages when there are more', () => {
    const { onLoadOlder } = setup({ hasMore: true }, wrap);
    fireEvent.click(screen.getByRole('button', { name: 'Show earlier messages' }));
    expect(onLoadOlder).toHaveBeenCalled();
  });

  it('says when the bot is typing and invites a first message when empty', () => {
    setup({ items: [], typing: true }, wrap);
    expect(screen.getByText('Typing…')).toBeTruthy();
    expect(within(screen.getByRole('log')).getByText('Send a message to start the conversation.')).toBeTruthy();
    cleanup();
    // Before the chunk is here: the invitation, no typing.
    setup({ items: [], typing: true });
    expect(within(screen.getByRole('log')).getByText('Send a message to start the conversation.')).toBeTruthy();
    expect(screen.queryByText('Typing…')).toBeNull();
  });

  it('announces new bot replies once, politely, but not the history shown at first nor own messages', () => {
    const props = { hasMore: false, loadingOlder: false, typing: false, onRetry: () => {}, onLoadOlder: () => {} };
    const { rerender: redraw, container } = render(wrap(<MessageList items={items} {...props} />));
    const rerender = (node: preact.ComponentChildren) => redraw(wrap(node));
    const announcer = container.querySelector('[data-chatport-announcer]')!;
    expect(announcer.getAttribute('aria-live')).toBe('polite');
    expect(announcer.textContent).toBe('');
    const mine: ChatItem = { key: 'c:d', author: 'visitor', body: { kind: 'text', text: 'mine' }, createdAt: at, status: 'pending', clientId: 'd' };
    rerender(<MessageList items={[...items, mine]} {...props} />);
    expect(announcer.textContent).toBe('');
    const reply: ChatItem = { key: 'm:9', author: 'bot', body: { kind: 'text', text: 'Happy to help' }, createdAt: at };
    rerender(<MessageList items={[...items, mine, reply]} {...props} />);
    // Signed with the bot's name the site chose.
    expect(announcer.textContent).toBe('Nora: Happy to help');
    // A re-render for another reason (typing) says nothing new.
    rerender(<MessageList items={[...items, mine, reply]} {...props} typing />);
    expect(announcer.textContent).toBe('Nora: Happy to help');
    expect(screen.getByText('Typing…').closest('[aria-live]')?.getAttribute('aria-live')).toBe('polite');
  });

  it('does not announce replies loaded while not live (history), and marks queued messages while offline', () => {
    const props = { hasMore: false, loadingOlder: false, typing: false, onRetry: () => {}, onLoadOlder: () => {} };
    const { rerender, container } = render(wrap(<MessageList items={[]} {...props} live={false} />));
    rerender(wrap(<MessageList items={items} {...props} live={false} waiting />));
    expect(container.querySelector('[data-chatport-announcer]')?.textContent).toBe('');
    expect(within(row(screen.getByRole('log'), 'queued')).getByText('Waiting for connection…')).toBeTruthy();
  });

  it('closes the log with a quiet notice while the conversation is resolved', () => {
    const { log } = setup({ resolved: true }, wrap);
    const notice = log.lastElementChild!;
    expect(notice.getAttribute('data-chatport')).toBe('resolved');
    expect(notice.textContent).toBe('This conversation was closed. Write a message to start a new one.');
    cleanup();
    expect(setup({}, wrap).log.querySelector('[data-chatport="resolved"]')).toBeNull();
  });

  it('announces questions and article lists by their text, and a deleted reply as deleted', () => {
    const props = { hasMore: false, loadingOlder: false, typing: false, onRetry: () => {}, onLoadOlder: () => {} };
    const { rerender, container } = render(wrap(<MessageList items={items} {...props} />));
    const replies: ChatItem[] = [
      { key: 'm:q', author: 'bot', body: { kind: 'select', text: 'Which plan?', options: [{ title: 'Pro', value: 'pro' }] }, createdAt: at },
      { key: 'm:a', author: 'agent', body: { kind: 'articles', text: 'These may help', items: [{ title: 'FAQ', url: 'https://x.test/faq' }] }, createdAt: at },
      { key: 'm:d', author: 'agent', body: { kind: 'deleted' }, createdAt: at },
    ];
    rerender(wrap(<MessageList items={[...items, ...replies]} {...props} />));
    expect(container.querySelector('[data-chatport-announcer]')?.textContent).toBe('Nora: Which plan?\nAgent: These may help\nAgent: This message was deleted.');
  });
});
