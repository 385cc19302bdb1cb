import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChat } from '../../state/chat.ts';
import { fakeRelay } from '../../state/fake-relay.ts';
import type { InboxResponse } from '../../protocol/index.ts';
import { MessageList } from '../MessageList.tsx';
import type { WidgetOptions } from '../options.ts';
import { withConversation } from './env.testing.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const open = async (options: WidgetOptions = {}, inbox: InboxResponse = {}) => {
  const relay = fakeRelay({ inbox });
  const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch });
  const { x, env, wrap } = await withConversation({ options, chat });
  render(
    wrap(
      <>
        <x.Away env={env} />
        <MessageList items={[]} hasMore={false} loadingOlder={false} typing={false} onRetry={() => {}} onLoadOlder={() => {}} />
      </>,
    ),
  );
  return { relay, chat, log: screen.getByRole('log') };
};

describe('the empty conversation', () => {
  it('welcomes with the site’s title and line, and up to four prompts that send their text', async () => {
    const { relay, chat, log } = await open({
      welcomeTitle: 'Hi there 👋',
      welcome: 'We usually answer within minutes.',
      prompts: 'Pricing| Talk to support |Shipping|Returns|Fifth one|',
    });
    expect(within(log).getByRole('heading', { name: 'Hi there 👋' })).toBeTruthy();
    expect(within(log).getByText('We usually answer within minutes.')).toBeTruthy();
    const prompts = within(log).getAllByRole('button');
    expect(prompts.map((b) => b.textContent)).toEqual(['Pricing', 'Talk to support', 'Shipping', 'Returns']);
    chat.composer.value = 'a draft';
    fireEvent.click(prompts[1]!);
    await waitFor(() => expect(relay.sends).toEqual([expect.objectContaining({ body: { kind: 'text', text: 'Talk to support' } })]));
    expect(chat.composer.value).toBe('a draft');
    chat.stop();
  });

  it('takes the inbox’s own welcome when the site sets none, and keeps the site’s when it does', async () => {
    const inbox = { name: 'Acme support', welcomeTagline: 'Ask us anything' };
    const first = await open({}, inbox);
    expect(await within(first.log).findByRole('heading', { name: 'Acme support' })).toBeTruthy();
    expect(within(first.log).getByText('Ask us anything')).toBeTruthy();
    cleanup();
    const second = await open({ welcomeTitle: 'Our title' }, { ...inbox, welcomeTitle: 'Inbox title' });
    await waitFor(() => expect(within(second.log).getByText('Ask us anything')).toBeTruthy());
    expect(within(second.log).getByRole('heading').textContent).toBe('Our title');
    // Without any welcome: the usual invitation.
    cleanup();
    const plain = await open();
    expect(within(plain.log).queryByRole('heading')).toBeNull();
    expect(within(plain.log).getByText('Send a message to start the conversation.')).toBeTruthy();
  });
});

describe('the away note', () => {
  // Tuesday 3 June 2025, 19:00 in Berlin (17:00 UTC); only the date is faked, so the requests still run.
  const evening = () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2025, 5, 3, 17, 0));
  };

  it('says when the site’s hours reopen, and sending stays possible', async () => {
    evening();
    const { chat } = await open({ hours: 'Mon-Fri 09:00-17:00 Europe/Berlin' });
    const note = screen.getByText(/We're away right now and back/);
    // Wednesday 09:00 in Berlin, written in the visitor's own timezone and language.
    const expected = new Intl.DateTimeFormat('en', { weekday: 'long' }).format(Date.UTC(2025, 5, 4, 7, 0));
    expect(note.textContent).toContain(expected);
    expect(chat.send('still here?')).toBe(true);
    chat.stop();
  });

  it('follows the inbox’s own hours when the site sets none, and is gone while open', async () => {
    evening();
    await open({}, { hours: { timezone: 'Europe/Berlin', windows: [{ day: 2, from: 0, to: 1440 }] } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByText(/We're away/)).toBeNull();
    cleanup();
    await open({}, { hours: { timezone: 'Europe/Berlin', windows: [{ day: 3, from: 540, to: 1020 }] } });
    expect(await screen.findByText(/We're away right now and back/)).toBeTruthy();
  });
});
