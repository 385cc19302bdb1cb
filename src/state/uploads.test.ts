import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../protocol/uploads.ts';
import { fakeXhr, uploaded } from '../transport/fake-xhr.ts';
import { createChat, type Chat } from './chat.ts';
import { fakeRelay } from './fake-relay.ts';

const chats: Chat[] = [];
afterEach(() => {
  for (const chat of chats.splice(0)) chat.stop();
});

const setup = (relay = fakeRelay()) => {
  const { requests, xhr } = fakeXhr();
  const chat = createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch, xhr, base: 1, cap: 5, attempts: 2 });
  chats.push(chat);
  return { chat, relay, requests };
};

const file = (name = 'photo.png', type = 'image/png', size = 3) => new File([new Uint8Array(size)], name, { type });
const up = (chat: Chat) => chat.uploads.value!;
const uploadsOf = (chat: Chat) => up(chat).items.value.map(({ name, kind, progress, error }) => ({ name, kind, progress, error }));

describe('chat.attach', () => {
  it('refuses a file of a type the relay does not take, or too large, without any request', async () => {
    const { chat, relay, requests } = setup();
    expect(chat.uploads.value).toBeUndefined();
    void chat.attach(file('run.exe', 'application/x-msdownload'));
    await chat.attach(file('movie.mp4', 'video/mp4', MAX_UPLOAD_BYTES + 1));
    expect(uploadsOf(chat)).toEqual([
      { name: 'run.exe', kind: undefined, progress: 0, error: { reason: 'type' } },
      { name: 'movie.mp4', kind: undefined, progress: 0, error: { reason: 'size', maxMb: 10 } },
    ]);
    expect(requests).toHaveLength(0);
    expect(relay.fetch).not.toHaveBeenCalled();
    up(chat).cancel(up(chat).items.value[0]!.id);
    expect(uploadsOf(chat).map((u) => u.name)).toEqual(['movie.mp4']);
  });

  it('starts the session, uploads with progress, then queues the attachment with its preview and sends it', async () => {
    const { chat, relay, requests } = setup(fakeRelay({ failSends: 2 }));
    await chat.attach(file());
    expect(uploadsOf(chat)).toEqual([{ name: 'photo.png', kind: 'image', progress: 0, error: undefined }]);
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(relay.sessions).toHaveLength(1);
    expect(requests[0]?.headers.authorization).toBe('Bearer tok');
    requests[0]!.progress(1, 2);
    expect(uploadsOf(chat)[0]?.progress).toBe(0.5);
    requests[0]!.respond(201, uploaded('u1'));
    await vi.waitFor(() => expect(up(chat).items.value).toEqual([]));
    const [item] = chat.items.value;
    expect(item?.body).toEqual({ kind: 'image', url: 'https://relay.test/files/u1', name: 'photo.png', size: 3, mime: 'image/png' });
    // Both tries failed: the preview stays, marked failed; Retry sends the same clientId again.
    await vi.waitFor(() => expect(chat.items.value[0]?.status).toBe('failed'));
    chat.retry(item!.clientId!);
    await vi.waitFor(() => expect(relay.messages).toHaveLength(1));
    expect(new Set(relay.sends.map((s) => JSON.stringify(s)))).toEqual(new Set([JSON.stringify({ clientId: item!.clientId, body: { kind: 'attachment', uploadId: 'u1' } })]));
  });

  it('uploads several files one after another and sends them in that order', async () => {
    const { chat, relay, requests } = setup();
    void chat.attach(file('a.png'));
    void chat.attach(file('b.pdf', 'application/pdf'));
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.url).toContain('name=a.png');
    requests[0]!.respond(201, uploaded('ua', 'a.png'));
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    requests[1]!.respond(201, uploaded('ub', 'b.pdf', 'application/pdf', 'file'));
    await vi.waitFor(() => expect(relay.messages).toHaveLength(2));
    expect(relay.sends.map((s) => (s as { body: { uploadId: string } }).body.uploadId)).toEqual(['ua', 'ub']);
  });

  it('shows a failed upload with its error until retried or dismissed', async () => {
    const { chat, relay, requests } = setup();
    void chat.attach(file());
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    requests[0]!.respond(429, { error: { code: 'rate_limited', message: 'slow down' } });
    await vi.waitFor(() => expect(uploadsOf(chat)[0]).toMatchObject({ error: { reason: 'busy' }, kind: 'image' }));
    const { id } = up(chat).items.value[0]!;
    up(chat).retry(id);
    expect(uploadsOf(chat)[0]).toMatchObject({ error: undefined, progress: 0 });
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    requests[1]!.respond(201, uploaded('u1'));
    await vi.waitFor(() => expect(relay.messages).toHaveLength(1));
    expect(relay.messages[0]?.clientId).toBe(id);
  });

  it('cancels an upload in progress and one still waiting for its turn', async () => {
    const { chat, relay, requests } = setup();
    void chat.attach(file('a.png'));
    void chat.attach(file('b.png'));
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    const [a, b] = up(chat).items.value;
    up(chat).cancel(b!.id);
    up(chat).cancel(a!.id);
    expect(requests[0]?.aborted).toBe(true);
    expect(up(chat).items.value).toEqual([]);
    void chat.attach(file('c.png'));
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]?.url).toContain('name=c.png');
    expect(relay.sends).toEqual([]);
  });
});
