import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChat, type Chat } from '../../state/chat.ts';
import { fakeRelay } from '../../state/fake-relay.ts';
import type { WidgetOptions } from '../options.ts';
import { withConversation } from './env.testing.tsx';

const chats: Chat[] = [];
afterEach(() => {
  cleanup();
  for (const chat of chats.splice(0)) chat.stop();
  sessionStorage.clear();
  vi.restoreAllMocks();
  document.title = '';
});

const outside = async (options: WidgetOptions = {}) => {
  const relay = fakeRelay();
  const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, network: new EventTarget() });
  chats.push(chat);
  const { x, env, wrap } = await withConversation({ options, chat });
  const view = render(wrap(<x.Outside env={env} open={false} />));
  const reopen = (open: boolean) => view.rerender(wrap(<x.Outside env={env} open={open} />));
  return { relay, chat, reopen, region: view.container.querySelector('[data-chatport="greeting-region"]')! };
};

/** The chat running, closed, with its stream up, so replies arrive live. */
const live = async (chat: Chat) => {
  chat.start();
  await waitFor(() => expect(chat.connection.value).toBe('online'));
};

let hidden = false;
const setHidden = (value: boolean) => {
  hidden = value;
  vi.spyOn(document, 'hidden', 'get').mockImplementation(() => hidden);
  document.dispatchEvent(new Event('visibilitychange'));
};

describe('the greeting beside the closed launcher', () => {
  it('shows the site’s greeting in a polite region, opens the chat when pressed', async () => {
    const { chat, region } = await outside();
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe('');
    await act(() => chat.greet('Need a hand?'));
    await waitFor(() => expect(region.textContent).toBe('Need a hand?'));
    fireEvent.click(screen.getByRole('button', { name: 'Need a hand?' }));
    expect(chat.open.value).toBe(true);
  });

  it('shows data-greeting at once; once dismissed, no greeting comes back in this session', async () => {
    const first = await outside({ greeting: 'Questions? Ask us.' });
    await waitFor(() => expect(first.region.textContent).toBe('Questions? Ask us.'));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(first.region.textContent).toBe('');
    cleanup();
    const again = await outside({ greeting: 'Questions? Ask us.' });
    await act(() => again.chat.greet('Still there?'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(again.region.textContent).toBe('');
  });

  it('previews a reply that arrives while the panel is closed, with who sent it; opening the panel clears it', async () => {
    const { chat, relay, region, reopen } = await outside({ botName: 'Nora' });
    await live(chat);
    relay.bot(1, 'Your order ships tomorrow.');
    await waitFor(() => expect(region.textContent).toBe('New message from Nora: NoraYour order ships tomorrow.'));
    expect(region.querySelector('bdi')?.textContent).toBe('Nora');
    act(() => chat.setOpen(true));
    reopen(true);
    expect(region.textContent).toBe('');
  });
});

describe('attention while the visitor is away', () => {
  it('counts replies in the tab title while the page is hidden, and puts the title back on return', async () => {
    document.title = 'Shop';
    const { chat, relay } = await outside();
    await live(chat);
    setHidden(true);
    relay.bot(1, 'one');
    relay.bot(2, 'two');
    await waitFor(() => expect(document.title).toBe('(2) Shop'));
    setHidden(false);
    expect(document.title).toBe('Shop');
    // Visible: replies leave the title alone.
    relay.bot(3, 'three');
    await waitFor(() => expect(chat.items.value).toHaveLength(3));
    expect(document.title).toBe('Shop');
  });

  it('stays quiet when muted, and under mute a counting title is put back', async () => {
    document.title = 'Shop';
    const { chat, relay } = await outside({ sound: 'on' });
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue();
    await live(chat);
    setHidden(true);
    relay.bot(1, 'one');
    await waitFor(() => expect(document.title).toBe('(1) Shop'));
    act(() => chat.mute());
    expect(document.title).toBe('Shop');
    relay.bot(2, 'two');
    await waitFor(() => expect(chat.items.value).toHaveLength(2));
    expect(document.title).toBe('Shop');
    expect(play).not.toHaveBeenCalled();
  });

  it('plays the relay’s sound only when the site turned it on and the visitor has interacted with the page', async () => {
    const { chat, relay } = await outside({ sound: 'on' });
    const sources: string[] = [];
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
      sources.push(this.src);
      return Promise.resolve();
    });
    await live(chat);
    relay.bot(1, 'before any interaction');
    await waitFor(() => expect(chat.items.value).toHaveLength(1));
    expect(sources).toEqual([]);
    fireEvent.pointerDown(document.body);
    relay.bot(2, 'after a click');
    await waitFor(() => expect(sources).toEqual(['https://relay.test/sounds/message.wav']));
    cleanup();
    // Off unless the site turns it on.
    const quiet = await outside();
    await live(quiet.chat);
    fireEvent.pointerDown(document.body);
    quiet.relay.bot(1, 'no sound');
    await waitFor(() => expect(quiet.chat.items.value).toHaveLength(1));
    expect(sources).toHaveLength(1);
  });
});
