import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory/index.ts';
import { uploadRecord } from '../store/store.uploads.testing.ts';
import { createUploadQuota } from './quota.ts';

const setup = async ({ visitorBytes = 100, totalBytes = 1000 } = {}) => {
  const store = createMemoryStore();
  const quota = createUploadQuota({ store, visitorBytes, totalBytes });
  const visitor = async () => {
    const { visitor: v, conversation } = await store.createVisitor();
    return { visitorId: v.id, conversationId: conversation.id };
  };
  return { store, quota, visitor };
};

describe('createUploadQuota', () => {
  it("refuses a declared size past the visitor's quota, counting what the store already holds", async () => {
    const { store, quota, visitor } = await setup();
    const owner = await visitor();
    await store.addUpload(uploadRecord(owner, { size: 60 }));
    await expect(quota.begin(owner.visitorId, 41)).rejects.toMatchObject({
      status: 413,
      code: 'quota_exceeded',
      message: expect.stringContaining('per-visitor quota of 0.0000954 MB (100 bytes)'),
    });
    const fits = await quota.begin(owner.visitorId, 40);
    fits.add(40);
    expect(() => fits.add(1)).toThrow(/per-visitor quota/);
  });

  it('refuses past the total quota, saying it is the quota for all visitors', async () => {
    const { store, quota, visitor } = await setup({ visitorBytes: 1000, totalBytes: 150 });
    await store.addUpload(uploadRecord(await visitor(), { size: 100 }));
    const other = await visitor();
    await expect(quota.begin(other.visitorId, 51)).rejects.toMatchObject({
      status: 413,
      code: 'quota_exceeded',
      message: expect.stringContaining("storage quota for all visitors' files"),
    });
    const undeclared = await quota.begin(other.visitorId);
    undeclared.add(50);
    expect(() => undeclared.add(1)).toThrow(/all visitors/);
  });

  it('counts uploads running side by side against the same quota', async () => {
    const { quota, visitor } = await setup();
    const owner = await visitor();
    const one = await quota.begin(owner.visitorId);
    const two = await quota.begin(owner.visitorId);
    one.add(60);
    expect(() => two.add(50)).toThrow(/per-visitor quota/);
    two.add(40);
    // Someone else's uploads count only towards the total.
    const stranger = await quota.begin((await visitor()).visitorId);
    stranger.add(100);
  });

  it('keeps counting a file recorded while another upload of the visitor was running', async () => {
    const { store, quota, visitor } = await setup();
    const owner = await visitor();
    const first = await quota.begin(owner.visitorId);
    const second = await quota.begin(owner.visitorId); // read the store before the first was recorded
    first.add(60);
    await store.addUpload(uploadRecord(owner, { size: 60 }));
    first.recorded();
    expect(() => second.add(50)).toThrow(/per-visitor quota/);
    second.add(40);
  });

  it('forgets an abandoned upload and a refused chunk', async () => {
    const { quota, visitor } = await setup();
    const owner = await visitor();
    const failed = await quota.begin(owner.visitorId);
    failed.add(90);
    expect(() => failed.add(20)).toThrow();
    failed.abandoned();
    failed.abandoned();
    const next = await quota.begin(owner.visitorId, 100);
    next.add(100);
  });
});
