import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatItem } from '../../state/transcript.ts';
import { MessageList } from '../MessageList.tsx';
import { withConversation } from './env.testing.tsx';

// Midday, so "yesterday" and "minutes ago" are never across a midnight; only the date is fixed, timers run.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(2025, 5, 3, 12, 0));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const bot = (key: string, text: string, m: number, extra: Partial<ChatItem> = {}): ChatItem => ({
  key,
  id: key,
  author: 'bot',
  body: { kind: 'text', text },
  createdAt: minutesAgo(m),
  ...extra,
});
const jane = { name: 'Jane Agent', avatarUrl: 'https://cdn.test/jane.png' };

const draw = async (items: ChatItem[], options = {}) => {
  const { wrap } = await withConversation({ options });
  const onRetry = vi.fn();
  render(wrap(<MessageList items={items} hasMore={false} loadingOlder={false} typing={false} onRetry={onRetry} onLoadOlder={() => {}} />));
  const log = screen.getByRole('log');
  const rows = [...log.querySelectorAll<HTMLElement>('[data-chatport="message"]')];
  return { log, rows, onRetry, row: (text: string) => within(log).getByText(text).closest<HTMLElement>('[data-chatport="message"]')! };
};

describe('a conversation’s rows', () => {
  it('name who wrote each reply: the agent the platform names (with their picture), else the site’s bot name and its initial', async () => {
    const { row } = await draw(
      [bot('1', 'Hello from the bot', 30), { ...bot('2', 'Jane here', 20), author: 'agent', sender: jane }, { ...bot('3', 'Unnamed agent', 10), author: 'agent' }],
      { botName: 'Nora' },
    );
    const header = (text: string) => row(text).querySelector('[data-chatport="sender"]')!;
    expect(header('Hello from the bot').textContent).toBe('NNora');
    expect(header('Hello from the bot').querySelector('img')).toBeNull();
    expect(header('Jane here').querySelector('img')?.getAttribute('src')).toBe('https://cdn.test/jane.png');
    expect(header('Jane here').querySelector('bdi')?.textContent).toBe('Jane Agent');
    expect(header('Unnamed agent').querySelector('bdi')?.textContent).toBe('Agent');
    // The visible header is for the eye; screen readers hear the name on every row, isolated from the text around it.
    expect(header('Jane here').getAttribute('aria-hidden')).toBe('true');
    expect(row('Jane here').querySelector('[data-chatport="sr-only"] bdi')?.textContent).toBe('Jane Agent');
  });

  it('use the site’s bot avatar, else its header avatar, and never a sender the widget cannot vouch for', async () => {
    const { row } = await draw(
      [bot('1', 'With avatar', 30), { ...bot('2', 'Hostile sender', 10), author: 'agent', sender: { name: 'Mallory', avatarUrl: 'javascript:alert(1)' } }],
      { botName: 'Nora', botAvatar: 'https://site.test/nora.png' },
    );
    expect(row('With avatar').querySelector('[data-chatport="face"] img')?.getAttribute('src')).toBe('https://site.test/nora.png');
    expect(row('Hostile sender').querySelector('[data-chatport="sender"] bdi')?.textContent).toBe('Agent');
    expect(row('Hostile sender').querySelector('img')).toBeNull();
    cleanup();
    const fallback = await draw([bot('1', 'Header avatar', 5)], { avatar: 'https://site.test/logo.png' });
    expect(fallback.row('Header avatar').querySelector('[data-chatport="sender"]')?.textContent).toBe('Help');
    expect(fallback.row('Header avatar').querySelector('img')?.getAttribute('src')).toBe('https://site.test/logo.png');
  });

  it('group one sender’s messages minutes apart: one name and avatar, the others marked as continuing', async () => {
    const { rows } = await draw([
      bot('1', 'first', 30),
      bot('2', 'second', 29),
      bot('3', 'much later', 10),
      { ...bot('4', 'from Jane', 9), author: 'agent', sender: jane },
      { ...bot('5', 'Jane again', 8), author: 'agent', sender: jane },
      { key: 'c:v', author: 'visitor', body: { kind: 'text', text: 'mine' }, createdAt: minutesAgo(7), status: 'sent', clientId: 'v' },
    ]);
    expect(rows.map((r) => r.hasAttribute('data-cont'))).toEqual([false, true, false, false, true, false]);
    expect(rows.map((r) => !!r.querySelector('[data-chatport="sender"]'))).toEqual([true, false, true, true, false, false]);
  });

  it('put a day separator above the first message of each day, and each message’s time beside it', async () => {
    const today = bot('2', 'today', 3);
    const { log, rows } = await draw([bot('1', 'yesterday', 24 * 60 + 5), today]);
    expect([...log.querySelectorAll('[data-chatport="day"]')].map((d) => d.textContent)).toEqual(['Yesterday', 'Today']);
    const time = rows[1]!.querySelector('time[data-chatport="time"]')!;
    expect(time.getAttribute('datetime')).toBe(today.createdAt);
    expect(time.querySelector('[aria-hidden="true"]')?.textContent).toBe('3 min. ago');
    // In full for screen readers (and as the tip shown on hover and focus).
    expect(time.querySelector('[data-chatport="full"]')?.textContent).toMatch(/\d{4}/);
  });

  it('show the visitor’s delivery state (read where reported) and keep Retry on a failed message', async () => {
    const mine = (key: string, text: string, status: ChatItem['status']): ChatItem => ({
      key,
      author: 'visitor',
      body: { kind: 'text', text },
      createdAt: minutesAgo(1),
      status,
      clientId: key,
    });
    const { row, onRetry } = await draw([mine('a', 'seen', 'read'), mine('b', 'accepted', 'sent'), mine('c', 'lost', 'failed')]);
    expect(within(row('seen')).getByText('Read')).toBeTruthy();
    expect(within(row('accepted')).getByText('Sent')).toBeTruthy();
    fireEvent.click(within(row('lost')).getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledWith('c');
  });

  it('draw Markdown where the platform says so or the site turned it on, never for the visitor’s own words', async () => {
    const md = (text: string) => ({ kind: 'text' as const, text, format: 'markdown' as const });
    const first = await draw([{ ...bot('1', '', 5), author: 'agent', body: md('**Agent** says') }, bot('2', '**plain** bot', 4)]);
    expect(first.log.querySelector('strong')?.textContent).toBe('Agent');
    expect(within(first.log).getByText('**plain** bot')).toBeTruthy();
    cleanup();
    const site = await draw(
      [bot('1', '**bold** bot', 5), { key: 'c:v', author: 'visitor', body: { kind: 'text', text: '**my** words' }, createdAt: minutesAgo(1), status: 'sent', clientId: 'v' }],
      { format: 'markdown' },
    );
    expect(site.log.querySelector('[data-author="bot"] strong')?.textContent).toBe('bold');
    expect(site.log.querySelector('[data-author="visitor"] strong')).toBeNull();
    expect(within(site.log).getByText('**my** words')).toBeTruthy();
  });
});
