import { describe, expect, it } from 'vitest';
import { Message } from '../../src/protocol/index.ts';
import { helpers, text, type Open, type StoreContext } from './store.outbox.testing.ts';
import type { AppendRequest } from './types.ts';

/**
 * Group commit (`appendBatch`, see `runStoreContract`): a batch is applied in item order exactly as one `append` per
 * item would be, and stored all or nothing.
 */
export function batchCases(ctx: StoreContext, reopen?: Open): void {
  const { conversation, head } = helpers(ctx);
  const bot = (conversationId: string, value: string, more: Partial<AppendRequest['draft']> = {}): AppendRequest => ({
    conversationId,
    draft: { author: 'bot', body: text(value), ...more },
  });
  const visitor = (conversationId: string, value: string, clientId: string): AppendRequest => ({
    conversationId,
    draft: { author: 'visitor', body: text(value), clientId },
    outbox: true,
  });
  const texts = async (conversationId: string) =>
    (await ctx.store.listMessages(conversationId, { limit: 100 })).map((m) => [m.seq, m.body.kind === 'text' ? m.body.text : m.body.kind]);

  describe('appendBatch (group commit)', () => {
    it('stores every item in one call and answers in item order, seqs following item order per conversation', async () => {
      const [a, b] = [await conversation(), await conversation()];
      await ctx.store.append(a, { author: 'bot', body: text('before') });
      const results = await ctx.store.appendBatch([bot(a, 'a2'), bot(b, 'b1'), bot(a, 'a3'), visitor(b, 'b2', 'k-b2'), bot(a, 'a4')]);
      expect(results.map((r) => [r.created, r.message.conversationId === a ? 'a' : 'b', r.message.seq])).toEqual([
        [true, 'a', 2],
        [true, 'b', 1],
        [true, 'a', 3],
        [true, 'b', 2],
        [true, 'a', 4],
      ]);
      for (const { message } of results) {
        expect(Message.parse(message)).toEqual(message);
        expect(await ctx.store.getMessage(message.conversationId, message.id)).toEqual(message);
      }
      expect(new Set(results.map((r) => r.message.id)).size).toBe(5);
      expect(await texts(a)).toEqual([
        [1, 'before'],
        [2, 'a2'],
        [3, 'a3'],
        [4, 'a4'],
      ]);
      expect(await texts(b)).toEqual([
        [1, 'b1'],
        [2, 'b2'],
      ]);
      expect(results[3]!.message).toMatchObject({ author: 'visitor', clientId: 'k-b2' });
    });

    it('stores a redelivered push once, within the batch and against what is already stored', async () => {
      const id = await conversation();
      const [stored] = await ctx.store.appendBatch([bot(id, 'first', { externalId: 'e0' })]);
      const results = await ctx.store.appendBatch([
        bot(id, 'again', { externalId: 'e0' }),
        bot(id, 'push', { externalId: 'e1' }),
        bot(id, 'push redelivered', { externalId: 'e1' }),
        visitor(id, 'sent', 'k1'),
        visitor(id, 'sent again', 'k1'),
      ]);
      expect(results.map((r) => r.created)).toEqual([false, true, false, true, false]);
      expect(results[0]!.message).toEqual(stored!.message);
      expect(results[2]!.message).toEqual(results[1]!.message);
      expect(results[4]!.message).toEqual(results[3]!.message);
      expect(await texts(id)).toEqual([
        [1, 'first'],
        [2, 'push'],
        [3, 'sent'],
      ]);
      // Queued once: the duplicate queued nothing.
      expect(await ctx.store.outboxSize()).toBe(1);
    });

    it('queues the visitor messages of a batch in the same transaction, in order', async () => {
      const [a, b] = [await conversation(), await conversation()];
      const results = await ctx.store.appendBatch([visitor(a, 'a1', 'ka1'), bot(a, 'reply'), visitor(b, 'b1', 'kb1'), visitor(a, 'a2', 'ka2')]);
      expect(await ctx.store.outboxSize()).toBe(3);
      const first = await head();
      expect([first.conversationId, first.messageId, first.seq]).toEqual([a, results[0]!.message.id, 1]);
      await ctx.store.outboxDelivered(first.id);
      const due = await ctx.store.outboxDue(Date.now(), 10);
      expect(due.map((item) => [item.conversationId === a ? 'a' : 'b', item.seq])).toEqual([
        ['b', 1],
        ['a', 3],
      ]);
    });

    it('stores a version of a stored message, and a repeated body once', async () => {
      const id = await conversation();
      const { message: original } = await ctx.store.append(id, { author: 'agent', body: text('v1'), externalId: '9' });
      const results = await ctx.store.appendBatch([
        { conversationId: id, draft: { author: 'agent', body: text('v2'), replaces: original.id } },
        { conversationId: id, draft: { author: 'agent', body: text('v2'), replaces: original.id } },
      ]);
      expect(results.map((r) => r.created)).toEqual([true, false]);
      expect(results[1]!.message).toEqual(results[0]!.message);
      expect((await ctx.store.findExternal(id, '9'))?.latest).toEqual(results[0]!.message);
    });

    it('stores nothing of a batch with a failing item, and rejects', async () => {
      const [a, b] = [await conversation(), await conversation()];
      await ctx.store.append(a, { author: 'bot', body: text('kept') });
      const failing: AppendRequest[][] = [
        [bot(a, 'lost 1'), visitor(b, 'lost 2', 'k-lost'), bot('c_missing', 'no such conversation'), bot(a, 'lost 3')],
        [bot(a, 'lost 4', { externalId: 'x-lost' }), { conversationId: b, draft: { author: 'agent', body: text('v2'), replaces: 'm_missing' } }],
      ];
      for (const batch of failing) await expect(ctx.store.appendBatch(batch)).rejects.toThrow();
      expect(await texts(a)).toEqual([[1, 'kept']]);
      expect(await texts(b)).toEqual([]);
      expect(await ctx.store.outboxSize()).toBe(0);
      // No seq was used up and no id stays taken: the same items stored again get what they would have got.
      const again = await ctx.store.appendBatch([bot(a, 'lost 1'), visitor(b, 'lost 2', 'k-lost'), bot(a, 'lost 4', { externalId: 'x-lost' })]);
      expect(again.map((r) => [r.created, r.message.seq])).toEqual([
        [true, 2],
        [true, 1],
        [true, 3],
      ]);
      expect(await ctx.store.outboxSize()).toBe(1);
    });

    it('answers an empty batch with nothing', async () => {
      expect(await ctx.store.appendBatch([])).toEqual([]);
    });

    it('does not let a caller change stored data through a returned object or its own draft', async () => {
      const id = await conversation();
      const draft = { author: 'bot' as const, body: { kind: 'text' as const, text: 'original' } };
      const [result] = await ctx.store.appendBatch([{ conversationId: id, draft }]);
      (result!.message.body as { text: string }).text = 'changed';
      draft.body.text = 'changed too';
      expect((await ctx.store.getMessage(id, result!.message.id))?.body).toEqual(text('original'));
    });

    if (reopen) {
      it('keeps a committed batch across a restart', async () => {
        const { conversation: created } = await ctx.store.createVisitor();
        const results = await ctx.store.appendBatch([visitor(created.id, 'one', 'k1'), bot(created.id, 'two', { externalId: 'e2' })]);
        await ctx.store.close();
        ctx.store = await reopen();
        expect(await ctx.store.listMessages(created.id, { limit: 10 })).toEqual(results.map((r) => r.message));
        expect(await ctx.store.outboxSize()).toBe(1);
        expect((await ctx.store.appendBatch([bot(created.id, 'two again', { externalId: 'e2' })]))[0]!.created).toBe(false);
      });
    }
  });
}
