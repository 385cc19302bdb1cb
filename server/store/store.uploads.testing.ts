import { describe, expect, it } from 'vitest';
import { newFileToken, newId } from './ids.ts';
import type { Open, StoreContext } from './store.outbox.testing.ts';
import type { Upload } from './types.ts';

/** A complete upload record for a visitor's conversation; `fields` override. */
export const uploadRecord = (owner: { visitorId: string; conversationId: string }, fields: Partial<Upload> = {}): Upload => ({
  id: newId('u'),
  token: newFileToken(),
  ...owner,
  name: 'photo.png',
  mime: 'image/png',
  kind: 'image',
  size: 1234,
  sha256: 'a'.repeat(64),
  createdAt: new Date().toISOString(),
  ...fields,
});

/** The upload half of the store contract (see `runStoreContract`), plus durability when `reopen` is given. */
export function uploadCases(ctx: StoreContext, reopen?: Open): void {
  const owner = async () => {
    const { visitor, conversation } = await ctx.store.createVisitor();
    return { visitorId: visitor.id, conversationId: conversation.id };
  };

  describe('uploads', () => {
    it('finds an upload by its conversation and id, and by its token', async () => {
      const mine = await owner();
      const upload = uploadRecord(mine, { name: 'Résumé «final».pdf', mime: 'application/pdf', kind: 'file', size: 10_485_760 });
      await ctx.store.addUpload(upload);
      expect(await ctx.store.getUpload(mine.conversationId, upload.id)).toEqual(upload);
      expect(await ctx.store.getUploadByToken(upload.token)).toEqual(upload);
      expect(await ctx.store.getUpload(mine.conversationId, 'u_missing')).toBeUndefined();
      expect(await ctx.store.getUploadByToken('missing-token')).toBeUndefined();
    });

    it("never hands one conversation another conversation's upload", async () => {
      const mine = await owner();
      const theirs = await owner();
      const upload = uploadRecord(mine);
      await ctx.store.addUpload(upload);
      expect(await ctx.store.getUpload(theirs.conversationId, upload.id)).toBeUndefined();
      expect(await ctx.store.getUpload(mine.conversationId, upload.id)).toEqual(upload);
    });

    it('rejects an unknown conversation, a conversation of another visitor, and a duplicate id or token', async () => {
      const mine = await owner();
      const theirs = await owner();
      await expect(ctx.store.addUpload(uploadRecord({ ...mine, conversationId: 'c_missing' }))).rejects.toThrow();
      await expect(ctx.store.addUpload(uploadRecord({ visitorId: mine.visitorId, conversationId: theirs.conversationId }))).rejects.toThrow();
      const first = uploadRecord(mine);
      await ctx.store.addUpload(first);
      await expect(ctx.store.addUpload(uploadRecord(mine, { id: first.id }))).rejects.toThrow();
      await expect(ctx.store.addUpload(uploadRecord(mine, { token: first.token }))).rejects.toThrow();
      expect(await ctx.store.getUpload(theirs.conversationId, first.id)).toBeUndefined();
      expect(await ctx.store.getUploadByToken(first.token)).toEqual(first);
    });

    it("counts the bytes of a visitor's uploads and of all uploads, and not those of refused records", async () => {
      const mine = await owner();
      const theirs = await owner();
      expect(await ctx.store.uploadUsage(mine.visitorId)).toEqual({ visitorBytes: 0, totalBytes: 0 });
      const first = uploadRecord(mine, { size: 100 });
      await ctx.store.addUpload(first);
      await ctx.store.addUpload(uploadRecord(mine, { size: 50 }));
      await ctx.store.addUpload(uploadRecord(theirs, { size: 7 }));
      await expect(ctx.store.addUpload(uploadRecord(mine, { id: first.id, size: 1000 }))).rejects.toThrow();
      await expect(ctx.store.addUpload(uploadRecord({ visitorId: mine.visitorId, conversationId: theirs.conversationId }, { size: 1000 }))).rejects.toThrow();
      expect(await ctx.store.uploadUsage(mine.visitorId)).toEqual({ visitorBytes: 150, totalBytes: 157 });
      expect(await ctx.store.uploadUsage(theirs.visitorId)).toEqual({ visitorBytes: 7, totalBytes: 157 });
      expect(await ctx.store.uploadUsage('v_unknown')).toEqual({ visitorBytes: 0, totalBytes: 157 });
    });

    it('does not let a caller change stored data through a given or returned object', async () => {
      const mine = await owner();
      const upload = uploadRecord(mine);
      await ctx.store.addUpload(upload);
      const expected = { ...upload };
      upload.name = 'changed-after-add';
      const found = await ctx.store.getUpload(mine.conversationId, upload.id);
      found!.name = 'changed-after-get';
      expect(await ctx.store.getUploadByToken(upload.token)).toEqual(expected);
    });
  });

  if (reopen) {
    describe('upload durability', () => {
      it('keeps uploads across close and reopen', async () => {
        const mine = await owner();
        const upload = uploadRecord(mine, { mime: 'video/webm', kind: 'video', name: 'clip.webm' });
        await ctx.store.addUpload(upload);
        await ctx.store.close();
        ctx.store = await reopen();
        expect(await ctx.store.getUpload(mine.conversationId, upload.id)).toEqual(upload);
        expect(await ctx.store.getUploadByToken(upload.token)).toEqual(upload);
      });

      it('keeps the bytes used across close and reopen', async () => {
        const mine = await owner();
        await ctx.store.addUpload(uploadRecord(mine, { size: 4321 }));
        const before = await ctx.store.uploadUsage(mine.visitorId);
        await ctx.store.close();
        ctx.store = await reopen();
        expect(await ctx.store.uploadUsage(mine.visitorId)).toEqual(before);
        expect(before.visitorBytes).toBe(4321);
      });
    });
  }
}
