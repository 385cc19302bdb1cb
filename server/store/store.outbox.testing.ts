import { describe, expect, it } from 'vitest';
import type { Body } from '../../src/protocol/index.ts';
import type { Store } from './types.ts';

/** A fresh store; `now` is its clock when given (the lifecycle cases move it by hand). */
export type Open = (options?: { now?: () => number }) => Promise<Store> | Store;
/** The store under test: replaced by each test's `open`, and by `reopen` in the durability case. */
export interface StoreContext {
  store: Store;
}

export const text = (value: string): Body => ({ kind: 'text', text: value });
export const SAFE_ID = /^[A-Za-z0-9_-]{1,40}$/;

export const helpers = (ctx: { store: Store }) => ({
  conversation: async () => (await ctx.store.createVisitor()).conversation.id,
  /** The first due outbox item. */
  head: async (now = Date.now()) => {
    const [item] = await ctx.store.outboxDue(now, 10);
    if (!item) throw new Error('no outbox item due');
    return item;
  },
});

/** The outbox half of the store contract (see `runStoreContract`), plus durability when `reopen` is given. */
export function outboxCases(ctx: StoreContext, reopen?: Open): void {
  const { conversation, head } = helpers(ctx);
  describe('outbox', () => {
    it('queues a new message in the same call, and never a duplicate or an unqueued one', async () => {
      const id = await conversation();
      const before = Date.now();
      const { message } = await ctx.store.append(id, { author: 'visitor', body: text('send'), clientId: 'k' }, { outbox: true });
      await ctx.store.append(id, { author: 'visitor', body: text('send'), clientId: 'k' }, { outbox: true });
      await ctx.store.append(id, { author: 'bot', body: text('reply') });
      expect(await ctx.store.outboxSize()).toBe(1);
      const item = await head();
      expect(item).toEqual({ id: item.id, conversationId: id, messageId: message.id, seq: 1, attempts: 0, nextAttemptAt: item.nextAttemptAt });
      expect('lastError' in item).toBe(false);
      expect(item.id).toMatch(SAFE_ID);
      expect(item.nextAttemptAt).toBeGreaterThanOrEqual(before);
      expect(item.nextAttemptAt).toBeLessThanOrEqual(Date.now());
    });

    it('returns only due items', async () => {
      const id = await conversation();
      await ctx.store.append(id, { author: 'visitor', body: text('x') }, { outbox: true });
      expect(await ctx.store.outboxDue(0, 10)).toEqual([]);
      expect(await ctx.store.outboxDue(Date.now(), 10)).toHaveLength(1);
    });

    it('returns only the head of each queue, oldest first, at most `limit`', async () => {
      const [a, b, c] = [await conversation(), await conversation(), await conversation()];
      for (const [id, value] of [
        [a, 'a1'],
        [b, 'b1'],
        [a, 'a2'],
        [c, 'c1'],
        [b, 'b2'],
      ] as const) {
        await ctx.store.append(id, { author: 'visitor', body: text(value) }, { outbox: true });
      }
      expect(await ctx.store.outboxSize()).toBe(5);
      const due = await ctx.store.outboxDue(Date.now(), 10);
      expect(due.map((item) => [item.conversationId, item.seq])).toEqual([
        [a, 1],
        [b, 1],
        [c, 1],
      ]);
      expect((await ctx.store.outboxDue(Date.now(), 2)).map((item) => item.conversationId)).toEqual([a, b]);
      expect(await ctx.store.outboxDue(Date.now(), 0)).toEqual([]);
    });

    it('never returns a later item while an earlier one of its conversation is queued', async () => {
      const id = await conversation();
      const first = await ctx.store.append(id, { author: 'visitor', body: text('1') }, { outbox: true });
      await ctx.store.append(id, { author: 'bot', body: text('reply') });
      const second = await ctx.store.append(id, { author: 'visitor', body: text('2') }, { outbox: true });
      const item = await head();
      expect(item.messageId).toBe(first.message.id);
      const later = Date.now() + 60_000;
      await ctx.store.outboxRetry(item.id, later, 'platform down');
      // The second message is due by its own time, but must wait behind the first.
      expect(await ctx.store.outboxDue(Date.now(), 10)).toEqual([]);
      expect(await ctx.store.outboxNextAttemptAt()).toBe(later);
      expect((await head(later)).id).toBe(item.id);
      expect(await ctx.store.outboxDelivered(item.id)).toBe(1);
      const next = await head();
      expect([next.messageId, next.seq]).toEqual([second.message.id, 3]);
      expect(await ctx.store.outboxDelivered(next.id)).toBe(3);
      expect(await ctx.store.outboxSize()).toBe(0);
      expect(await ctx.store.outboxDue(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    });

    it('counts a retry, keeps its error and postpones it', async () => {
      const id = await conversation();
      await ctx.store.append(id, { author: 'visitor', body: text('x') }, { outbox: true });
      const item = await head();
      const at = Date.now() + 5_000;
      await ctx.store.outboxRetry(item.id, at, 'HTTP 503');
      await ctx.store.outboxRetry(item.id, at + 1_000, 'timeout');
      expect(await ctx.store.outboxDue(at, 10)).toEqual([]);
      expect(await ctx.store.outboxDue(at + 1_000, 10)).toEqual([{ ...item, attempts: 2, nextAttemptAt: at + 1_000, lastError: 'timeout' }]);
      expect(await ctx.store.outboxSize()).toBe(1);
    });

    it('removes a delivered item and raises deliveredSeq on the conversation', async () => {
      const id = await conversation();
      const other = await conversation();
      await ctx.store.append(id, { author: 'bot', body: text('welcome') });
      await ctx.store.append(id, { author: 'visitor', body: text('x') }, { outbox: true });
      await ctx.store.append(other, { author: 'visitor', body: text('y') }, { outbox: true });
      const item = await head();
      expect(await ctx.store.outboxDelivered(item.id)).toBe(2);
      expect((await ctx.store.getConversation(id))?.deliveredSeq).toBe(2);
      expect((await ctx.store.getConversation(other))?.deliveredSeq).toBe(0);
      expect(await ctx.store.outboxSize()).toBe(1);
      expect((await head()).conversationId).toBe(other);
    });

    it('rejects an unknown outbox item', async () => {
      await expect(ctx.store.outboxDelivered('o_missing')).rejects.toThrow();
      await expect(ctx.store.outboxRetry('o_missing', Date.now(), 'x')).rejects.toThrow();
    });

    it('reports the earliest head attempt time, or undefined when empty', async () => {
      expect(await ctx.store.outboxNextAttemptAt()).toBeUndefined();
      const a = await conversation();
      const b = await conversation();
      await ctx.store.append(a, { author: 'visitor', body: text('a') }, { outbox: true });
      await ctx.store.append(b, { author: 'visitor', body: text('b') }, { outbox: true });
      const [first, second] = await ctx.store.outboxDue(Date.now(), 10);
      const now = Date.now();
      await ctx.store.outboxRetry(first!.id, now + 9_000, 'x');
      await ctx.store.outboxRetry(second!.id, now + 4_000, 'x');
      expect(await ctx.store.outboxNextAttemptAt()).toBe(now + 4_000);
      await ctx.store.outboxDelivered(second!.id);
      expect(await ctx.store.outboxNextAttemptAt()).toBe(now + 9_000);
      await ctx.store.outboxDelivered(first!.id);
      expect(await ctx.store.outboxNextAttemptAt()).toBeUndefined();
    });

    it('hands one relay its claims: the due heads, held while it renews them, and a release leaves them claimable', async () => {
      const [a, b] = [await conversation(), await conversation()];
      for (const [id, value] of [
        [a, 'a1'],
        [b, 'b1'],
        [a, 'a2'],
      ] as const)
        await ctx.store.append(id, { author: 'visitor', body: text(value) }, { outbox: true });
      const now = Date.now();
      const due = await ctx.store.outboxDue(now, 10);
      expect(await ctx.store.outboxClaim('relay-1', now, 10, 30_000)).toEqual(due);
      // The same owner claims its own conversations again (its pass after a delivery), renewing them.
      expect(await ctx.store.outboxClaim('relay-1', now, 1, 30_000)).toEqual(due.slice(0, 1));
      expect(await ctx.store.outboxRenew('relay-1', [a, b], now + 60_000)).toEqual([]);
      expect(await ctx.store.outboxNextAttemptAt('relay-1')).toBe(await ctx.store.outboxNextAttemptAt());
      await ctx.store.outboxRelease('relay-1', [a]);
      await ctx.store.outboxRelease('relay-1');
      expect(await ctx.store.outboxClaim('relay-1', now, 10, 30_000)).toEqual(due);
      // Only what is due.
      expect(await ctx.store.outboxClaim('relay-1', 0, 10, 30_000)).toEqual([]);
    });
  });

  if (reopen) {
    describe('durability', () => {
      it('keeps everything across close and reopen', async () => {
        const { visitor, conversation: created } = await ctx.store.createVisitor();
        const id = created.id;
        await ctx.store.append(id, { author: 'visitor', body: text('one'), clientId: 'k1' }, { outbox: true });
        await ctx.store.append(id, { author: 'bot', body: text('two'), externalId: 'e1' });
        await ctx.store.append(id, { author: 'visitor', body: text('three'), clientId: 'k3' }, { outbox: true });
        await ctx.store.append(id, { author: 'visitor', body: text('four'), clientId: 'k4' }, { outbox: true });
        expect(await ctx.store.outboxDelivered((await head()).id)).toBe(1);
        const retried = await head();
        const at = Date.now() + 30_000;
        await ctx.store.outboxRetry(retried.id, at, 'HTTP 502');
        const messages = await ctx.store.listMessages(id, { limit: 10 });
        const conversationBefore = await ctx.store.getConversation(id);
        await ctx.store.close();

        ctx.store = await reopen();
        expect(await ctx.store.getVisitor(visitor.id)).toEqual(visitor);
        expect(await ctx.store.getConversation(id)).toEqual(conversationBefore);
        expect((await ctx.store.getConversationByNumber(created.number))?.deliveredSeq).toBe(1);
        expect(await ctx.store.listMessages(id, { limit: 10 })).toEqual(messages);
        expect(await ctx.store.outboxSize()).toBe(2);
        expect(await ctx.store.outboxDue(Date.now(), 10)).toEqual([]);
        expect(await ctx.store.outboxNextAttemptAt()).toBe(at);
        expect(await ctx.store.outboxDue(at, 10)).toEqual([{ ...retried, attempts: 1, nextAttemptAt: at, lastError: 'HTTP 502' }]);
        expect(await ctx.store.append(id, { author: 'visitor', body: text('three'), clientId: 'k3' })).toEqual({ created: false, message: messages[2] });
        expect((await ctx.store.append(id, { author: 'bot', body: text('two'), externalId: 'e1' })).created).toBe(false);
        expect((await ctx.store.append(id, { author: 'bot', body: text('five') })).message.seq).toBe(5);
        const fresh = await ctx.store.createVisitor();
        expect(fresh.conversation.number).not.toBe(created.number);
        expect(fresh.visitor.id).not.toBe(visitor.id);
      });
    });
  }
}
