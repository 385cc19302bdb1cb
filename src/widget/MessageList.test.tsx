import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatItem } from '../state/transcript.ts';
import { MessageList } from './MessageList.tsx';

afterEach(cleanup);

const at = '2025-01-01T00:00:00.000Z';
const items: ChatItem[] = [
  { key: 'm:1', author: 'bot', body: { kind: 'text', text: 'Hi!\nHow can I help?' }, createdAt: at },
  { key: 'c:a', author: 'visitor', body: { kind: 'text', text: 'delivered' }, createdAt: at, status: 'sent', clientId: 'a' },
  { key: 'c:b', author: 'visitor', body: { kind: 'text', text: 'queued' }, createdAt: at, status: 'pending', clientId: 'b' },
  { key: 'c:c', author: 'visitor', body: { kind: 'text', text: 'lost' }, createdAt: at, status: 'failed', clientId: 'c' },
];

const setup = (overrides: Partial<Parameters<typeof MessageList>[0]> = {}) => {
  const onRetry = vi.fn();
  const onLoadOlder = vi.fn();
  render(<MessageList items={items} hasMore={false} loadingOlder={false} typing={false} onRetry={onRetry} onLoadOlder={onLoadOlder} {...overrides} />);
  return { onRetry, onLoadOlder, log: screen.getByRole('log') };
};

const row = (log: HTMLElement, text: string) => within(log).getByText(text).closest<HTMLElement>('[data-chatport="message"]')!;

describe('MessageList', () => {
  it('is a polite live log with one row per message, marked by author and kind', () => {
    const { log } = setup();
    expect(log.getAttribute('aria-live')).toBe('polite');
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
    const { onLoadOlder } = setup({ hasMore: true });
    fireEvent.click(screen.getByRole('button', { name: 'Show earlier messages' }));
    expect(onLoadOlder).toHaveBeenCalled();
  });

  it('says when the bot is typing and invites a first message when empty', () => {
    setup({ items: [], typing: true });
    expect(screen.getByText('Typing…')).toBeTruthy();
    expect(within(screen.getByRole('log')).getByText('Send a message to start the conversation.')).toBeTruthy();
  });
});
