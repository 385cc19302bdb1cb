import { cleanup, createEvent, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../protocol/uploads.ts';
import { createChat, type Chat } from '../state/chat.ts';
import { fakeRelay } from '../state/fake-relay.ts';
import { fakeXhr, uploaded } from '../transport/fake-xhr.ts';
import { App } from './App.tsx';

const chats: Chat[] = [];
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  for (const chat of chats.splice(0)) chat.stop();
});

const setup = async (relay = fakeRelay()) => {
  const { requests, xhr } = fakeXhr();
  const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, xhr, network: new EventTarget(), base: 1, cap: 5, attempts: 2 });
  chats.push(chat);
  render(<App chat={chat} title="Help" />);
  fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
  return { chat, relay, requests, dialog: screen.getByRole('dialog', { name: 'Help' }) };
};

const file = (name = 'photo.png', type = 'image/png', size = 3) => new File([new Uint8Array(size)], name, { type });

/** Picks files through the attach button, as the browser's file dialog would hand them over. */
const pick = (...files: File[]) => {
  const input = screen.getByRole('dialog').querySelector<HTMLInputElement>('input[type="file"]')!;
  const opened = vi.spyOn(input, 'click').mockImplementation(() => {});
  fireEvent.click(screen.getByRole('button', { name: 'Attach a file' }));
  expect(opened).toHaveBeenCalledTimes(1);
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  fireEvent.change(input);
  return input;
};

/** A drag event as the browser fires it (the panel listens for them natively, through the conversation chunk). */
const drag = (type: 'DragEnter' | 'DragOver' | 'DragLeave' | 'Drop', el: Element, types: string[], files: File[] = []) =>
  fireEvent(el, createEvent(type.toLowerCase(), el, { bubbles: true, cancelable: true, dataTransfer: { types, files } }));
/** Dropping files comes with the conversation chunk: waits until it is drawn. */
const droppable = (dialog: HTMLElement) => waitFor(() => expect(dialog.querySelector('[data-chatport="typing"]')).not.toBeNull());

const bar = (name: string) => screen.getByRole('progressbar', { name: `Uploading ${name}` });
// The upload list and its code arrive in their own chunk with the first file.
const barSoon = (name: string) => screen.findByRole('progressbar', { name: `Uploading ${name}` });

describe('attachments', () => {
  it('has a labelled attach button and a hidden multiple picker limited to the accepted types', async () => {
    const { dialog } = await setup();
    const input = dialog.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(input.hidden).toBe(true);
    expect(input.multiple).toBe(true);
    expect(input.accept.split(',')).toEqual(expect.arrayContaining(['image/*', 'audio/*', 'video/*', '.pdf']));
    expect(input.accept).not.toContain('svg');
    expect(screen.getByRole('button', { name: 'Attach a file' }).getAttribute('type')).toBe('button');
  });

  it('uploads picked files with progress, then shows the attachment and sends it with its upload id', async () => {
    const { relay, requests } = await setup(fakeRelay({ failSends: 99 }));
    pick(file('a.png'), file('b.pdf', 'application/pdf'));
    expect((await barSoon('a.png')).getAttribute('aria-valuenow')).toBe('0');
    expect(bar('b.pdf')).toBeTruthy();
    await waitFor(() => expect(requests).toHaveLength(1));
    requests[0]!.progress(3, 4);
    await waitFor(() => expect(bar('a.png').getAttribute('aria-valuenow')).toBe('75'));
    expect(bar('a.png').getAttribute('aria-valuetext')).toBe('75%');
    requests[0]!.respond(201, uploaded('ua', 'a.png'));
    await waitFor(() => expect(requests).toHaveLength(2));
    requests[1]!.respond(201, uploaded('ub', 'b.pdf', 'application/pdf', 'file'));
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    const rows = within(screen.getByRole('log')).getAllByText((_, el) => el?.getAttribute('data-chatport') === 'message');
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['image', 'file']);
    // The sends failed: the previews stay, Retry sends them as attachments again.
    await waitFor(() => expect(rows.every((r) => r.getAttribute('data-status') === 'failed')).toBe(true));
    relay.failSends(0);
    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(relay.messages).toHaveLength(1));
    expect(relay.messages[0]?.clientId).toBe((relay.sends[0] as { clientId: string }).clientId);
    expect(relay.sends.map((s) => (s as { body: unknown }).body)).toContainEqual({ kind: 'attachment', uploadId: 'ua' });
    expect(relay.sends.at(-1)).toMatchObject({ body: { kind: 'attachment', uploadId: 'ua' } });
  });

  it('refuses a too-large file or a refused type with a message and no request, and dismisses it', async () => {
    const { requests, relay } = await setup();
    pick(file('big.mov', 'video/quicktime', MAX_UPLOAD_BYTES + 1), file('tool.exe', 'application/x-msdownload'));
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2));
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual(['big.mov is too large (max 10 MB)', "tool.exe: this type of file can't be sent"]);
    expect(screen.queryByRole('button', { name: 'Retry big.mov' })).toBeNull();
    await new Promise((r) => setTimeout(r, 10));
    expect(requests).toHaveLength(0);
    expect(relay.sends).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss big.mov' }));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(document.activeElement).toBe(screen.getByLabelText('Message'));
  });

  it('shows a failed upload as an alert with Retry, which uploads the file again', async () => {
    const { requests, relay } = await setup();
    pick(file());
    await waitFor(() => expect(requests).toHaveLength(1));
    requests[0]!.respond(415, { error: { code: 'unsupported_type', message: 'not accepted' } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe("photo.png: this type of file can't be sent");
    fireEvent.click(screen.getByRole('button', { name: 'Retry photo.png' }));
    expect(bar('photo.png')).toBeTruthy();
    await waitFor(() => expect(requests).toHaveLength(2));
    requests[1]!.respond(201, uploaded('u1'));
    await waitFor(() => expect(relay.messages).toHaveLength(1));
    expect(relay.sends).toEqual([{ clientId: relay.messages[0]?.clientId, body: { kind: 'attachment', uploadId: 'u1' } }]);
  });

  it('cancels an upload in progress', async () => {
    const { requests, relay } = await setup();
    pick(file());
    await waitFor(() => expect(requests).toHaveLength(1));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel photo.png' }));
    expect(requests[0]?.aborted).toBe(true);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(relay.sends).toEqual([]);
  });

  it('takes files dropped on the panel, with a drop hint while dragging, and ignores dragged text', async () => {
    const { requests, dialog } = await setup();
    await droppable(dialog);
    expect(drag('DragEnter', dialog, ['text/plain'])).toBe(true);
    expect(dialog.querySelector('[data-chatport="drop"]')).toBeNull();
    expect(drag('DragEnter', dialog, ['Files'])).toBe(false);
    expect(dialog.querySelector('[data-chatport="drop"]')?.textContent).toBe('Drop files here');
    expect(drag('DragOver', dialog, ['Files'])).toBe(false);
    expect(drag('Drop', dialog, ['Files'], [file('dropped.png')])).toBe(false);
    expect(dialog.querySelector('[data-chatport="drop"]')).toBeNull();
    expect(await barSoon('dropped.png')).toBeTruthy();
    await waitFor(() => expect(requests[0]?.url).toContain('name=dropped.png'));
  });

  it('hides the drop hint, which covers the panel, when the drag leaves it', async () => {
    const { dialog } = await setup();
    await droppable(dialog);
    drag('DragEnter', screen.getByLabelText('Message'), ['Files']);
    const hint = dialog.querySelector('[data-chatport="drop"]')!;
    expect(drag('DragOver', hint, ['Files'])).toBe(false);
    expect(dialog.querySelector('[data-chatport="drop"]')).toBe(hint);
    drag('DragLeave', hint, ['Files']);
    expect(dialog.querySelector('[data-chatport="drop"]')).toBeNull();
  });

  it('uploads an image pasted into the composer and leaves pasted text alone', async () => {
    const { requests } = await setup();
    const textarea = screen.getByLabelText('Message');
    expect(fireEvent.paste(textarea, { clipboardData: { files: [] } })).toBe(true);
    expect(fireEvent.paste(textarea, { clipboardData: { files: [file('image.png')] } })).toBe(false);
    expect(await barSoon('image.png')).toBeTruthy();
    await waitFor(() => expect(requests[0]?.url).toContain('name=image.png'));
  });
});
