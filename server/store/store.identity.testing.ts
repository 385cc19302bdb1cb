import { describe, expect, it } from 'vitest';
import { text, type Open, type StoreContext } from './store.outbox.testing.ts';

/** The identified-visitor half of the store contract (see `runStoreContract`), plus durability when `reopen` is given. */
export function identityCases(ctx: StoreContext, reopen?: Open): void {
  describe('identified visitors', () => {
    it('creates the visitor and conversation on first use, then finds the same ones', async () => {
      const first = await ctx.store.identifyVisitor({ externalId: 'user-42' });
      expect(first.created).toBe(true);
      expect(first.visitor).toMatchObject({ externalId: 'user-42', conversationId: first.conversation.id });
      expect(first.conversation.visitorId).toBe(first.visitor.id);
      const again = await ctx.store.identifyVisitor({ externalId: 'user-42' });
      expect(again).toEqual({ ...first, created: false });
      expect(await ctx.store.getVisitor(first.visitor.id)).toEqual(first.visitor);
    });

    it('gives different ids different visitors, and anonymous visitors no external id', async () => {
      const a = await ctx.store.identifyVisitor({ externalId: 'a' });
      const b = await ctx.store.identifyVisitor({ externalId: 'b' });
      const anonymous = await ctx.store.createVisitor();
      expect(new Set([a.visitor.id, b.visitor.id, anonymous.visitor.id]).size).toBe(3);
      expect(new Set([a.conversation.number, b.conversation.number, anonymous.conversation.number]).size).toBe(3);
      expect('externalId' in anonymous.visitor).toBe(false);
      expect(Object.keys((await ctx.store.getVisitor(anonymous.visitor.id))!).sort()).toEqual(['conversationId', 'createdAt', 'id']);
    });

    it('stores name and email, replaces them when given, keeps them when omitted, clears them when empty', async () => {
      const { visitor } = await ctx.store.identifyVisitor({ externalId: 'u1', name: 'Ada', email: 'ada@example.com' });
      expect(visitor).toMatchObject({ name: 'Ada', email: 'ada@example.com' });
      expect((await ctx.store.identifyVisitor({ externalId: 'u1' })).visitor).toMatchObject({ name: 'Ada', email: 'ada@example.com' });
      expect((await ctx.store.identifyVisitor({ externalId: 'u1', name: 'Ada L.' })).visitor).toMatchObject({ name: 'Ada L.', email: 'ada@example.com' });
      const cleared = (await ctx.store.identifyVisitor({ externalId: 'u1', email: '' })).visitor;
      expect(cleared.name).toBe('Ada L.');
      expect('email' in cleared).toBe(false);
      expect(await ctx.store.getVisitor(visitor.id)).toEqual(cleared);
    });

    it('hands concurrent first uses of one id the same visitor', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => ctx.store.identifyVisitor({ externalId: 'racer' })));
      expect(new Set(results.map((result) => result.visitor.id)).size).toBe(1);
      expect(results.filter((result) => result.created)).toHaveLength(1);
    });

    it('keeps the conversation of an identified visitor like any other', async () => {
      const { conversation } = await ctx.store.identifyVisitor({ externalId: 'talker' });
      await ctx.store.append(conversation.id, { author: 'visitor', body: text('hi') });
      const { conversation: again } = await ctx.store.identifyVisitor({ externalId: 'talker' });
      expect((await ctx.store.listMessages(again.id, { limit: 10 })).map((m) => m.body)).toEqual([text('hi')]);
    });

    if (reopen) {
      it('keeps identities across a restart', async () => {
        const { visitor } = await ctx.store.identifyVisitor({ externalId: 'durable', name: 'Dee' });
        await ctx.store.close();
        ctx.store = await reopen();
        const again = await ctx.store.identifyVisitor({ externalId: 'durable' });
        expect(again.created).toBe(false);
        expect(again.visitor).toEqual(visitor);
      });
    }
  });
}
