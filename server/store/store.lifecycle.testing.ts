import { describe, expect, it } from 'vitest';
import { ACTIVITY_GRANULARITY_MS } from './lifecycle.ts';
import { text, type Open, type StoreContext } from './store.outbox.testing.ts';
import { uploadRecord } from './store.uploads.testing.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const START = Date.parse('2024-03-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Activity, retention, erasure and export (see StoreLifecycle): the part of the store contract that removes data.
 * Each test replaces the context's store by one on a clock it moves by hand.
 */
export function lifecycleCases(ctx: StoreContext, open: Open): void {
  const clock = { now: START };
  const clocked = async () => {
    await ctx.store.close();
    clock.now = START;
    ctx.store = await open({ now: () => clock.now });
    return ctx.store;
  };
  const visitorWith = async (store = ctx.store) => {
    const { visitor, conversation } = await store.createVisitor();
    return { visitorId: visitor.id, conversationId: conversation.id };
  };
  const bodies = async (conversationId: string) =>
    (await ctx.store.listMessages(conversationId, { limit: 100 })).map((message) => (message.body.kind === 'text' ? message.body.text : message.body.kind));

  describe('activity', () => {
    it('starts at creation and moves with sessions, messages of any author and uploads, at most once per granularity', async () => {
      const store = await clocked();
      expect(ACTIVITY_GRANULARITY_MS).toBeLessThanOrEqual(DAY);
      const { visitorId, conversationId } = await visitorWith();
      expect(await store.lastActive(visitorId)).toBe(iso(START));

      // Within the granularity nothing is written: the mark stays where it was.
      clock.now = START + ACTIVITY_GRANULARITY_MS - 1;
      await store.touchVisitor(visitorId);
      await store.append(conversationId, { author: 'visitor', body: text('quick') });
      expect(await store.lastActive(visitorId)).toBe(iso(START));

      clock.now = START + 2 * HOUR;
      await store.touchVisitor(visitorId);
      expect(await store.lastActive(visitorId)).toBe(iso(START + 2 * HOUR));
      clock.now = START + 5 * HOUR;
      await store.append(conversationId, { author: 'bot', body: text('reply'), createdAt: iso(START) });
      expect(await store.lastActive(visitorId)).toBe(iso(START + 5 * HOUR));
      clock.now = START + 9 * HOUR;
      await store.addUpload(uploadRecord({ visitorId, conversationId }));
      expect(await store.lastActive(visitorId)).toBe(iso(START + 9 * HOUR));

      // Never moves back, and an unknown visitor has none.
      clock.now = START;
      await store.touchVisitor(visitorId);
      expect(await store.lastActive(visitorId)).toBe(iso(START + 9 * HOUR));
      expect(await store.lastActive('v_missing')).toBeUndefined();
      await store.touchVisitor('v_missing');
    });

    it("stamps new visitors and messages with the store's clock", async () => {
      const store = await clocked();
      clock.now = START + 3 * DAY;
      const { visitor, conversation } = await store.createVisitor();
      const { message } = await store.append(conversation.id, { author: 'visitor', body: text('x') });
      expect(visitor.createdAt).toBe(iso(START + 3 * DAY));
      expect(message.createdAt).toBe(iso(START + 3 * DAY));
    });
  });

  describe('finding and listing for a request', () => {
    it("finds a visitor by the site's user id, and never creates one", async () => {
      const { visitor } = await ctx.store.identifyVisitor({ externalId: 'user-7', name: 'Ada' });
      await ctx.store.createVisitor();
      expect(await ctx.store.getVisitorByExternalId('user-7')).toEqual(visitor);
      expect(await ctx.store.getVisitorByExternalId('user-8')).toBeUndefined();
      expect(await ctx.store.getVisitorByExternalId(visitor.id)).toBeUndefined();
      expect((await ctx.store.identifyVisitor({ externalId: 'user-8' })).created).toBe(true);
    });

    it("lists a conversation's uploads oldest first, with when a message first sent each", async () => {
      const store = await clocked();
      const mine = await visitorWith();
      const theirs = await visitorWith();
      const first = uploadRecord(mine, { createdAt: iso(START - 2 * HOUR) });
      const second = uploadRecord(mine, { createdAt: iso(START - HOUR) });
      const other = uploadRecord(theirs);
      for (const upload of [second, other, first]) await store.addUpload(upload);
      expect(await store.listUploads(mine.conversationId)).toEqual([first, second]);

      clock.now = START + 10_000;
      await store.append(mine.conversationId, { author: 'visitor', body: text('photo'), uploadId: second.id }, { outbox: true });
      // Another conversation's upload id marks nothing; a second send keeps the first time.
      await store.append(theirs.conversationId, { author: 'visitor', body: text('not yours'), uploadId: first.id });
      clock.now = START + 20_000;
      await store.append(mine.conversationId, { author: 'visitor', body: text('again'), uploadId: second.id });
      expect(await store.listUploads(mine.conversationId)).toEqual([first, { ...second, sentAt: iso(START + 10_000) }]);
      // The record a route reads keeps its shape.
      expect(await store.getUpload(mine.conversationId, second.id)).toEqual(second);
      expect(await store.listUploads('c_missing')).toEqual([]);
    });
  });

  describe('erasing a visitor', () => {
    it('removes the visitor, conversation, messages, queued deliveries, link and upload records, and nothing of anyone else', async () => {
      const { visitor, conversation } = await ctx.store.identifyVisitor({ externalId: 'leaving', email: 'l@example.com' });
      const kept = await visitorWith();
      const mine = { visitorId: visitor.id, conversationId: conversation.id };
      const uploads = [uploadRecord(mine), uploadRecord(mine)];
      for (const upload of uploads) await ctx.store.addUpload(upload);
      await ctx.store.append(conversation.id, { author: 'visitor', body: text('one'), clientId: 'k1' }, { outbox: true });
      await ctx.store.append(conversation.id, { author: 'visitor', body: text('two'), clientId: 'k2' }, { outbox: true });
      await ctx.store.append(conversation.id, { author: 'bot', body: text('three'), externalId: 'x3' });
      await ctx.store.saveLink({ visitorId: visitor.id, contactRef: 'contact-1', conversationRef: 'conv-1', data: { pubsub: 'p' } });
      const keptUpload = uploadRecord(kept);
      await ctx.store.addUpload(keptUpload);
      await ctx.store.append(kept.conversationId, { author: 'visitor', body: text('stay') }, { outbox: true });
      await ctx.store.saveLink({ visitorId: kept.visitorId, contactRef: 'contact-2', data: {} });

      const erased = await ctx.store.eraseVisitor(visitor.id);
      expect(erased).toEqual({ visitors: 1, conversations: 1, messages: 3, outbox: 2, links: 1, uploads: 2, uploadIds: expect.arrayContaining(uploads.map((u) => u.id)) });
      expect(erased?.uploadIds).toHaveLength(2);

      expect(await ctx.store.getVisitor(visitor.id)).toBeUndefined();
      expect(await ctx.store.getVisitorByExternalId('leaving')).toBeUndefined();
      expect(await ctx.store.getConversation(conversation.id)).toBeUndefined();
      expect(await ctx.store.getConversationByNumber(conversation.number)).toBeUndefined();
      expect(await ctx.store.listMessages(conversation.id, { limit: 10 })).toEqual([]);
      expect(await ctx.store.getLink(visitor.id)).toBeUndefined();
      expect(await ctx.store.findLink({ contactRef: 'contact-1' })).toBeUndefined();
      for (const upload of uploads) expect(await ctx.store.getUploadByToken(upload.token)).toBeUndefined();
      expect(await ctx.store.lastActive(visitor.id)).toBeUndefined();
      await expect(ctx.store.append(conversation.id, { author: 'bot', body: text('late') })).rejects.toThrow();

      // Everyone else is untouched: their message still waits for delivery at the head of the queue.
      expect(await ctx.store.outboxSize()).toBe(1);
      expect((await ctx.store.outboxDue(Date.now() + 1000, 10)).map((item) => item.conversationId)).toEqual([kept.conversationId]);
      expect(await bodies(kept.conversationId)).toEqual(['stay']);
      expect(await ctx.store.getUploadByToken(keptUpload.token)).toEqual(keptUpload);
      expect((await ctx.store.findLink({ contactRef: 'contact-2' }))?.visitorId).toBe(kept.visitorId);

      // The same site user coming back is a new visitor.
      const back = await ctx.store.identifyVisitor({ externalId: 'leaving' });
      expect(back.created).toBe(true);
      expect(back.visitor.id).not.toBe(visitor.id);
      expect(await ctx.store.eraseVisitor('v_missing')).toBeUndefined();
    });
  });

  describe('retention', () => {
    it('prunes messages created before the cutoff, oldest first, in bounded steps, keeping seq counting on', async () => {
      const store = await clocked();
      const a = await visitorWith();
      const b = await visitorWith();
      for (const [i, id] of [a, b, a, a, b].map(({ conversationId }) => conversationId).entries()) {
        clock.now = START + i * DAY;
        await store.append(id, { author: 'bot', body: text(`d${i}`) });
      }
      const cutoff = iso(START + 3 * DAY); // d0, d1, d2 are older
      expect(await store.pruneMessages(cutoff, 2)).toBe(2);
      expect([...(await bodies(a.conversationId)), ...(await bodies(b.conversationId))]).toEqual(['d2', 'd3', 'd4']);
      expect(await store.pruneMessages(cutoff, 2)).toBe(1);
      expect(await store.pruneMessages(cutoff, 2)).toBe(0);
      expect(await bodies(a.conversationId)).toEqual(['d3']);
      expect(await bodies(b.conversationId)).toEqual(['d4']);
      // A pruned seq is never handed out again.
      const { message } = await store.append(a.conversationId, { author: 'bot', body: text('next') });
      expect(message.seq).toBe(4);
      expect((await store.listMessages(a.conversationId, { after: 0, limit: 10 })).map((m) => m.seq)).toEqual([3, 4]);
    });

    it('never hands out a pruned seq again, also when the newest messages went (the platform dated them older)', async () => {
      const store = await clocked();
      const all = await visitorWith();
      const newest = await visitorWith();
      for (const value of ['1', '2', '3']) await store.append(all.conversationId, { author: 'bot', body: text(value) });
      await store.append(newest.conversationId, { author: 'bot', body: text('kept'), createdAt: iso(START + DAY) });
      await store.append(newest.conversationId, { author: 'agent', body: text('dated older'), createdAt: iso(START - DAY) });
      clock.now = START + 2 * DAY;
      expect(await store.pruneMessages(iso(START + HOUR), 10)).toBe(4);
      expect(await bodies(all.conversationId)).toEqual([]);
      expect(await bodies(newest.conversationId)).toEqual(['kept']);
      expect((await store.append(all.conversationId, { author: 'bot', body: text('4') })).message.seq).toBe(4);
      expect((await store.appendBatch([{ conversationId: newest.conversationId, draft: { author: 'bot', body: text('3') } }]))[0]!.message.seq).toBe(3);
    });

    it('never prunes a message still queued for delivery; once delivered it goes', async () => {
      const store = await clocked();
      const { conversationId } = await visitorWith();
      await store.append(conversationId, { author: 'visitor', body: text('waiting') }, { outbox: true });
      await store.append(conversationId, { author: 'bot', body: text('old reply') });
      clock.now = START + 40 * DAY;
      expect(await store.pruneMessages(iso(START + 30 * DAY), 10)).toBe(1);
      expect(await bodies(conversationId)).toEqual(['waiting']);
      expect(await store.outboxSize()).toBe(1);
      const [item] = await store.outboxDue(clock.now, 10);
      expect(await store.outboxDelivered(item!.id)).toBe(1);
      expect(await store.pruneMessages(iso(START + 30 * DAY), 10)).toBe(1);
      expect(await bodies(conversationId)).toEqual([]);
    });

    it('keeps the newest remaining version of a message the latest, and lets a pruned push id be stored again', async () => {
      const store = await clocked();
      const { conversationId } = await visitorWith();
      const { message: original } = await store.append(conversationId, { author: 'agent', body: text('v1'), externalId: 'e1' });
      await store.append(conversationId, { author: 'agent', body: text('v2'), replaces: original.id });
      clock.now = START + 2 * DAY;
      const { message: v3 } = await store.append(conversationId, { author: 'agent', body: text('v3'), replaces: original.id, createdAt: iso(START + 2 * DAY) });
      expect(await store.pruneMessages(iso(START + DAY), 10)).toBe(2);
      expect(await store.findExternal(conversationId, 'e1')).toBeUndefined();
      expect(await bodies(conversationId)).toEqual(['v3']);
      expect((await store.listMessages(conversationId, { limit: 10 }))[0]).toEqual(v3);
      expect((await store.append(conversationId, { author: 'agent', body: text('again'), externalId: 'e1' })).created).toBe(true);
    });

    it('erases visitors inactive since the cutoff with everything of theirs, keeps active ones and ones with deliveries waiting', async () => {
      const store = await clocked();
      const idle = await visitorWith();
      const idleUpload = uploadRecord(idle);
      await store.addUpload(idleUpload);
      await store.append(idle.conversationId, { author: 'bot', body: text('hello?') });
      await store.saveLink({ visitorId: idle.visitorId, contactRef: 'idle-contact', data: {} });
      const waiting = await visitorWith();
      await store.append(waiting.conversationId, { author: 'visitor', body: text('platform was down') }, { outbox: true });
      const back = await visitorWith();
      const alsoIdle = await visitorWith();

      clock.now = START + 31 * DAY;
      await store.touchVisitor(back.visitorId);
      const cutoff = iso(START + 30 * DAY);

      const first = await store.pruneVisitors(cutoff, 1);
      const second = await store.pruneVisitors(cutoff, 1);
      expect([first.visitors, second.visitors]).toEqual([1, 1]);
      expect(await store.pruneVisitors(cutoff, 1)).toEqual({ visitors: 0, conversations: 0, messages: 0, outbox: 0, links: 0, uploads: 0, uploadIds: [] });
      const total = { messages: first.messages + second.messages, links: first.links + second.links, uploadIds: [...first.uploadIds, ...second.uploadIds] };
      expect(total).toEqual({ messages: 1, links: 1, uploadIds: [idleUpload.id] });
      expect(first.outbox + second.outbox).toBe(0);

      expect(await store.getVisitor(idle.visitorId)).toBeUndefined();
      expect(await store.getVisitor(alsoIdle.visitorId)).toBeUndefined();
      expect(await store.getUploadByToken(idleUpload.token)).toBeUndefined();
      expect(await store.findLink({ contactRef: 'idle-contact' })).toBeUndefined();
      expect(await store.getVisitor(back.visitorId)).toBeDefined();
      expect(await store.getVisitor(waiting.visitorId)).toBeDefined();
      expect(await store.outboxSize()).toBe(1);
    });

    it('deletes uploads never sent after their cutoff, and with a retention cutoff any older upload whose conversation has nothing waiting', async () => {
      const store = await clocked();
      const mine = await visitorWith();
      const busy = await visitorWith();
      const orphan = uploadRecord(mine, { createdAt: iso(START) });
      const sent = uploadRecord(mine, { createdAt: iso(START) });
      const fresh = uploadRecord(mine, { createdAt: iso(START + 2 * DAY) });
      const pending = uploadRecord(busy, { createdAt: iso(START) });
      for (const upload of [orphan, sent, fresh, pending]) await store.addUpload(upload);
      await store.append(mine.conversationId, { author: 'visitor', body: text('sent'), uploadId: sent.id });
      await store.append(busy.conversationId, { author: 'visitor', body: text('pending'), uploadId: pending.id }, { outbox: true });

      clock.now = START + 2 * DAY + HOUR;
      const unsentBefore = iso(clock.now - DAY);
      expect(await store.pruneUploads({ unsentBefore }, 10)).toEqual([orphan.id]);
      expect(await store.pruneUploads({ unsentBefore }, 10)).toEqual([]);
      expect(await store.existingUploads([orphan.id, sent.id, fresh.id, 'u_missing'])).toEqual(new Set([sent.id, fresh.id]));

      // Retention: the sent upload is older than the period; the one whose message still waits is kept.
      const ids = [...(await store.pruneUploads({ unsentBefore, before: iso(START + DAY) }, 1)), ...(await store.pruneUploads({ unsentBefore, before: iso(START + DAY) }, 1))];
      expect(ids).toEqual([sent.id]);
      expect(await store.getUploadByToken(sent.token)).toBeUndefined();
      expect(await store.getUploadByToken(fresh.token)).toEqual(fresh);
      expect(await store.getUploadByToken(pending.token)).toEqual(pending);
    });
  });
}
