import { describe, expect, it } from 'vitest';
import { helpers, text, type StoreContext } from './store.outbox.testing.ts';

/** Readiness and the outbox's depth and age (see `runStoreContract`). */
export function opsCases(ctx: StoreContext): void {
  const { conversation, head } = helpers(ctx);
  const queue = (conversationId: string, at: string, clientId: string) =>
    ctx.store.append(conversationId, { author: 'visitor', body: text(clientId), clientId, createdAt: at }, { outbox: true });

  describe('operations', () => {
    it('answers a health check with no migrations pending', async () => {
      expect(await ctx.store.health()).toEqual({ migrationsPending: 0 });
    });

    it('reports an empty outbox with no age', async () => {
      expect(await ctx.store.outboxStats()).toEqual({ size: 0 });
    });

    it('reports the depth and when the oldest queued message was written, across conversations and retries', async () => {
      const [a, b] = [await conversation(), await conversation()];
      await queue(a, '2030-01-01T00:00:02.000Z', 'a1');
      await queue(b, '2030-01-01T00:00:05.000Z', 'b1');
      await queue(a, '2030-01-01T00:00:07.000Z', 'a2');
      // Stored without being queued: not counted.
      await ctx.store.append(b, { author: 'bot', body: text('reply'), createdAt: '2020-01-01T00:00:00.000Z' });
      expect(await ctx.store.outboxStats()).toEqual({ size: 3, oldestAt: Date.parse('2030-01-01T00:00:02.000Z') });

      // A retry keeps the item's place; delivering it makes the next oldest the oldest.
      const first = await head();
      await ctx.store.outboxRetry(first.id, Date.now() - 1, 'platform down');
      expect((await ctx.store.outboxStats()).oldestAt).toBe(Date.parse('2030-01-01T00:00:02.000Z'));
      await ctx.store.outboxDelivered(first.id);
      expect(await ctx.store.outboxStats()).toEqual({ size: 2, oldestAt: Date.parse('2030-01-01T00:00:05.000Z') });
    });
  });
}
