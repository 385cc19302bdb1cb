import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Body } from '../protocol/index.ts';
import { createChat, type Chat } from '../state/chat.ts';
import { fakeRelay } from '../state/fake-relay.ts';
import { App } from './App.tsx';

const chats: Chat[] = [];
afterEach(() => {
  cleanup();
  for (const chat of chats.splice(0)) chat.stop();
});

describe('actions', () => {
  it('App gives templates the chat model: a pressed postback is sent and shown as the visitor’s choice', async () => {
    const body: Body = { kind: 'buttons', text: 'Which size?', buttons: [{ type: 'postback', title: 'Large', payload: 'SIZE_L' }] };
    const relay = fakeRelay({ history: [{ id: 'm1', seq: 1, conversationId: 'c1', author: 'bot', createdAt: '2025-01-01T00:00:00.000Z', body }] });
    const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, network: new EventTarget(), base: 1, cap: 5, attempts: 2 });
    chats.push(chat);
    render(<App chat={chat} title="Help" />);
    fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
    await waitFor(() => expect(document.querySelector('[data-chatport="connection"]')?.getAttribute('data-state')).toBe('online'));
    fireEvent.click(await screen.findByRole('button', { name: 'Large' }));
    await waitFor(() => expect(relay.sends).toHaveLength(1));
    expect(relay.sends[0]).toMatchObject({ body: { kind: 'postback', title: 'Large', payload: 'SIZE_L' } });
    const choice = within(screen.getByRole('log')).getByText('Large', { selector: '[data-chatport="postback"]' });
    expect(choice.closest('[data-chatport="message"]')?.getAttribute('data-author')).toBe('visitor');
    // The bot's buttons stay usable for a second choice.
    expect((screen.getByRole('button', { name: 'Large' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
