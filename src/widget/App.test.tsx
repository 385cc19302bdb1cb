import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createChat, type Chat } from '../state/chat.ts';
import { fakeRelay, type FakeRelay } from '../state/fake-relay.ts';
import { App } from './App.tsx';

const chats: Chat[] = [];
afterEach(() => {
  cleanup();
  for (const chat of chats.splice(0)) chat.stop();
});

const setup = (relay: FakeRelay = fakeRelay()) => {
  const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, network: new EventTarget(), base: 1, cap: 5, attempts: 2 });
  chats.push(chat);
  render(<App chat={chat} title="Northwind help" />);
  return { chat, relay };
};

const openPanel = async () => {
  fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
  const dialog = screen.getByRole('dialog', { name: 'Northwind help' });
  await waitFor(() => expect(dialog.querySelector('[data-chatport="connection"]')?.getAttribute('data-state')).toBe('online'));
  // The conversation chunk draws the rows from here on (it replaces the first load's rows once, as it arrives).
  await waitFor(() => expect(dialog.querySelector('[data-chatport="typing"]')).not.toBeNull());
  return dialog;
};

const type = (text: string) => {
  const textarea = screen.getByLabelText('Message');
  fireEvent.input(textarea, { target: { value: text } });
  fireEvent.keyDown(textarea, { key: 'Enter' });
};

describe('App', () => {
  it('opens a titled dialog from the launcher, focuses the composer, and closes back to the launcher', async () => {
    setup();
    expect(screen.queryByRole('dialog')).toBeNull();
    const dialog = await openPanel();
    expect(dialog.getAttribute('data-chatport')).toBe('panel');
    expect(within(dialog).getByRole('heading').textContent).toBe('Northwind help');
    expect(document.activeElement).toBe(screen.getByLabelText('Message'));
    fireEvent.click(screen.getByRole('button', { name: 'Close chat' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open chat' }));
  });

  it('closes on Escape and with the close button in the header', async () => {
    setup();
    const dialog = await openPanel();
    fireEvent.keyDown(screen.getByLabelText('Message'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(dialog.isConnected).toBe(false);
  });

  it('shows a sent message as Sending… at once, then Sent when the platform accepted it', async () => {
    const { relay } = setup();
    await openPanel();
    type('Where is my order?');
    const log = screen.getByRole('log');
    const row = within(log).getByText('Where is my order?').closest('[data-chatport="message"]')!;
    expect(row.getAttribute('data-author')).toBe('visitor');
    expect(row.getAttribute('data-status')).toBe('pending');
    expect(row.textContent).toContain('Sending…');
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).value).toBe('');
    await waitFor(() => expect(relay.messages).toHaveLength(1));
    relay.push('event: status\ndata: {"deliveredSeq":1}\n\n');
    await waitFor(() => expect(row.getAttribute('data-status')).toBe('sent'));
    expect(row.textContent).toContain('Sent');
    // Still one row for the message: the stored copy replaced the pending one in place.
    expect(log.querySelectorAll('[data-chatport="message"]')).toHaveLength(1);
    relay.bot(2, 'It ships tomorrow.');
    await waitFor(() => expect(within(log).getByText('It ships tomorrow.').closest('[data-chatport="message"]')?.getAttribute('data-author')).toBe('bot'));
  });

  it('marks a message Failed and sends it again with Retry', async () => {
    const { relay } = setup(fakeRelay({ failSends: 99 }));
    await openPanel();
    type('hello?');
    const row = screen.getByText('hello?').closest('[data-chatport="message"]')!;
    await waitFor(() => expect(row.getAttribute('data-status')).toBe('failed'));
    relay.failSends(0);
    fireEvent.click(within(row as HTMLElement).getByRole('button', { name: 'Retry' }));
    expect(row.getAttribute('data-status')).toBe('pending');
    await waitFor(() => expect(relay.messages).toHaveLength(1));
    expect(new Set(relay.sends.map((s) => (s as { clientId: string }).clientId)).size).toBe(1);
  });

  it('counts replies on the launcher while the panel is closed', async () => {
    const { relay } = setup();
    await openPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Close chat' }));
    relay.bot(1, 'Are you still there?');
    const launcher = screen.getByRole('button', { name: 'Open chat' });
    await waitFor(() => expect(launcher.getAttribute('aria-label')).toBe('Open chat, 1 unread message'));
    expect(launcher.querySelector('[data-chatport="unread"]')?.textContent).toBe('1');
    fireEvent.click(launcher);
    expect(screen.getByRole('button', { name: 'Close chat' }).querySelector('[data-chatport="unread"]')).toBeNull();
  });

  it('tells the relay the visitor is typing, and stops when the composer is left', async () => {
    const { relay } = setup();
    await openPanel();
    const textarea = screen.getByLabelText('Message');
    fireEvent.input(textarea, { target: { value: 'Hel' } });
    expect((textarea as HTMLTextAreaElement).value).toBe('Hel');
    await waitFor(() => expect(relay.pings).toEqual(['typing on']));
    fireEvent.blur(textarea);
    await waitFor(() => expect(relay.pings).toEqual(['typing on', 'typing off']));
  });

  it('shows a notice at the end of the log once the conversation is resolved, until the visitor writes again', async () => {
    const { relay } = setup();
    await openPanel();
    relay.push('event: conversation\ndata: {"status":"resolved"}\n\n');
    const log = screen.getByRole('log');
    await waitFor(() => expect(log.lastElementChild?.getAttribute('data-chatport')).toBe('resolved'));
    type('One more question');
    await waitFor(() => expect(log.querySelector('[data-chatport="resolved"]')).toBeNull());
  });
});
