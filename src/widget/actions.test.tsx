import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Body, Message } from '../protocol/index.ts';
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
    expect(relay.sends[0]).toMatchObject({ body: { kind: 'postback', to: 'm1', title: 'Large', payload: 'SIZE_L' } });
    const choice = within(screen.getByRole('log')).getByText('Large', { selector: '[data-chatport="postback"]' });
    expect(choice.closest('[data-chatport="message"]')?.getAttribute('data-author')).toBe('visitor');
    // The bot's buttons stay usable for a second choice.
    expect((screen.getByRole('button', { name: 'Large' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('names the message of a button on an earlier page of history, and of a card in a carousel', async () => {
    const at = '2025-01-01T00:00:00.000Z';
    const carousel: Body = { kind: 'carousel', ratio: 'square', items: [{ title: 'Tent', buttons: [{ type: 'postback', title: 'Buy', payload: 'BUY_TENT' }] }] };
    const buttons: Body = { kind: 'buttons', text: 'Which size?', buttons: [{ type: 'postback', title: 'Large', payload: 'SIZE_L' }] };
    const history: Message[] = [{ id: 'm1', seq: 1, conversationId: 'c1', author: 'bot', createdAt: at, body: buttons }];
    for (let seq = 2; seq <= 60; seq++)
      history.push({ id: `m${seq}`, seq, conversationId: 'c1', author: 'bot', createdAt: at, body: seq === 60 ? carousel : { kind: 'text', text: `note ${seq}` } });
    const relay = fakeRelay({ history });
    const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, network: new EventTarget(), base: 1, cap: 5, attempts: 2 });
    chats.push(chat);
    render(<App chat={chat} title="Help" />);
    fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Buy' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Show earlier messages' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Large' }));
    await waitFor(() => expect(relay.sends).toHaveLength(2));
    expect(relay.sends.map((send) => (send as { body: unknown }).body)).toEqual([
      { kind: 'postback', to: 'm60', title: 'Buy', payload: 'BUY_TENT' },
      { kind: 'postback', to: 'm1', title: 'Large', payload: 'SIZE_L' },
    ]);
  });
});
