import { createHash } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log.ts';
import { createMemoryStore } from '../store/memory/index.ts';
import type { Store } from '../store/types.ts';
import { createMemoryBlobs, type BlobStore } from './blobs.ts';
import { PDF, PNG } from './fixtures.testing.ts';
import { createUploads } from './index.ts';

async function* body(...pieces: Buffer[]) {
  yield* pieces;
}

const setup = async ({ store = createMemoryStore(), blobs = createMemoryBlobs(), maxBytes = 1_000_000 }: { store?: Store; blobs?: BlobStore; maxBytes?: number } = {}) => {
  let base = 'https://chat.example.com';
  const uploads = createUploads({ store, blobs, logger: silentLogger, publicUrl: () => base, maxBytes });
  const { visitor, conversation } = await store.createVisitor();
  const owner = { visitorId: visitor.id, conversationId: conversation.id };
  const incoming = (bytes: Buffer, contentType = 'image/png', name: string | null = 'a.png') => ({ ...owner, contentType, name, declaredSize: bytes.length, body: body(bytes) });
  return { uploads, store, blobs, owner, incoming, setBase: (url: string) => (base = url) };
};

describe('createUploads', () => {
  it('stores the bytes under the upload id and records them with a fresh secret token', async () => {
    const { uploads, store, blobs, owner, incoming } = await setup();
    const upload = await uploads.receive(incoming(PNG, 'image/png; charset=binary', 'dir/cat.png'));
    expect(upload).toEqual({
      id: expect.stringMatching(/^u_/),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      ...owner,
      name: 'cat.png',
      mime: 'image/png',
      kind: 'image',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
      createdAt: expect.any(String),
    });
    expect(await store.getUploadByToken(upload.token)).toEqual(upload);
    expect(await text(blobs.read(upload.id))).toBe(PNG.toString());
    const again = await uploads.receive(incoming(PNG));
    expect(again.token).not.toBe(upload.token);
    expect(again.id).not.toBe(upload.id);
  });

  it('describes an upload with its public address, taken from the current public URL', async () => {
    const { uploads, incoming, setBase } = await setup();
    const upload = await uploads.receive(incoming(PDF, 'application/pdf', 'Plan #2 (final).pdf'));
    expect(uploads.describe(upload)).toEqual({
      id: upload.id,
      url: `https://chat.example.com/files/${upload.token}/Plan%20%232%20(final).pdf`,
      name: 'Plan #2 (final).pdf',
      size: PDF.length,
      mime: 'application/pdf',
      kind: 'file',
    });
    setBase('http://127.0.0.1:4321');
    expect(uploads.urlOf(upload)).toBe(`http://127.0.0.1:4321/files/${upload.token}/Plan%20%232%20(final).pdf`);
  });

  it("turns the caller's own upload into a media body, and nobody else's", async () => {
    const { uploads, store, owner, incoming } = await setup();
    const upload = await uploads.receive(incoming(PNG));
    expect(await uploads.attachment(owner.conversationId, upload.id)).toEqual({ kind: 'image', url: uploads.urlOf(upload), name: 'a.png', size: PNG.length, mime: 'image/png' });
    const other = await store.createVisitor();
    expect(await uploads.attachment(other.conversation.id, upload.id)).toBeUndefined();
    expect(await uploads.attachment(owner.conversationId, 'u_missing')).toBeUndefined();
  });

  it('refuses a declared size over the limit before reading anything', async () => {
    const { uploads, owner } = await setup({ maxBytes: 100 });
    let pulled = false;
    const lazy = (async function* () {
      pulled = true;
      yield Buffer.alloc(1);
    })();
    await expect(uploads.receive({ ...owner, contentType: 'text/plain', name: 'x.txt', declaredSize: 101, body: lazy })).rejects.toMatchObject({ status: 413 });
    expect(pulled).toBe(false);
  });

  it('removes the bytes again when the record cannot be stored', async () => {
    const blobs = createMemoryBlobs();
    const store = createMemoryStore();
    const failing: Store = { ...store, addUpload: async () => Promise.reject(new Error('disk full')) };
    const { uploads, incoming } = await setup({ store: failing, blobs });
    const keys: string[] = [];
    const put = blobs.put;
    blobs.put = (key, source) => (keys.push(key), put(key, source));
    await expect(uploads.receive(incoming(PNG))).rejects.toThrow('disk full');
    expect(keys).toHaveLength(1);
    expect(await blobs.size(keys[0]!)).toBeUndefined();
  });
});

describe('createUploads quotas', () => {
  it('stops a body without a declared size at the chunk that would pass the quota, and keeps nothing', async () => {
    const store = createMemoryStore();
    const blobs = createMemoryBlobs();
    const uploads = createUploads({
      store,
      blobs,
      logger: silentLogger,
      publicUrl: () => 'https://chat.example.com',
      maxBytes: 1_000_000,
      quota: { visitorBytes: 250, totalBytes: 10_000 },
    });
    const { visitor, conversation } = await store.createVisitor();
    let pulled = 0;
    const chunks = (async function* () {
      for (let i = 0; i < 10; i++) {
        pulled++;
        yield Buffer.alloc(100, 0x61);
      }
    })();
    const put = blobs.put;
    let written = 0;
    blobs.put = (key, source) =>
      put(
        key,
        (async function* () {
          for await (const chunk of source) {
            written += chunk.length;
            yield chunk;
          }
        })(),
      );
    await expect(
      uploads.receive({ visitorId: visitor.id, conversationId: conversation.id, contentType: 'text/plain', name: 'a.txt', declaredSize: undefined, body: chunks }),
    ).rejects.toMatchObject({ status: 413, code: 'quota_exceeded' });
    expect(pulled).toBe(3);
    expect(written).toBe(200);
    expect(await store.uploadUsage(visitor.id)).toEqual({ visitorBytes: 0, totalBytes: 0 });
    // The refused bytes are not held against the visitor: a file that fits is taken.
    const fits = await uploads.receive({
      visitorId: visitor.id,
      conversationId: conversation.id,
      contentType: 'text/plain',
      name: 'b.txt',
      declaredSize: 250,
      body: body(Buffer.alloc(250, 0x62)),
    });
    expect(await store.uploadUsage(visitor.id)).toEqual({ visitorBytes: 250, totalBytes: 250 });
    expect(await blobs.size(fits.id)).toBe(250);
  });
});
