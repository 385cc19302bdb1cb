import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Message, type Body } from '../../src/protocol/index.ts';
import { batchCases } from './store.batch.testing.ts';
import { helpers, outboxCases, SAFE_ID, text, type Open, type StoreContext } from './store.outbox.testing.ts';
import { identityCases } from './store.identity.testing.ts';
import { lifecycleCases } from './store.lifecycle.testing.ts';
import { opsCases } from './store.ops.testing.ts';
import { platformCases } from './store.platform.testing.ts';
import { uploadCases } from './store.uploads.testing.ts';

/**
 * The contract every Store passes. `open` gives a fresh, empty store for each test; `reopen` (durable stores only)
 * opens again from the same place as the store `open` returned last, after that one was closed.
 */
export function runStoreContract(name: string, open: Open, reopen?: Open): void {
  describe(`${name} store contract`, () => {
    const ctx = {} as StoreContext;
    beforeEach(async () => {
      ctx.store = await open();
    });
    afterEach(async () => {
      await ctx.store.close();
    });
    const { conversation } = helpers(ctx);

    const bodies = (messages: Message[]) => messages.map((message) => (message.body.kind === 'text' ? message.body.text : '?'));
    const seqs = (messages: Message[]) => messages.map((message) => message.seq);
    const fill = async (conversationId: string, count: number) => {
      for (let i = 1; i <= count; i++) await ctx.store.append(conversationId, { author: 'bot', body: text(`m${i}`) });
    };

    describe('visitors and conversations', () => {
      it('creates visitors with unique, safe ids and conversations with unique positive numbers', async () => {
        const created = await Promise.all(Array.from({ length: 20 }, () => ctx.store.createVisitor()));
        const ids = created.flatMap(({ visitor, conversation }) => [visitor.id, conversation.id]);
        expect(new Set(ids).size).toBe(40);
        for (const id of ids) expect(id).toMatch(SAFE_ID);
        const numbers = created.map(({ conversation }) => conversation.number);
        expect(new Set(numbers).size).toBe(20);
        for (const number of numbers) expect(Number.isInteger(number) && number > 0).toBe(true);
        for (const { visitor, conversation } of created) {
          expect(visitor.conversationId).toBe(conversation.id);
          expect(conversation.visitorId).toBe(visitor.id);
          expect(conversation.deliveredSeq).toBe(0);
          expect(new Date(visitor.createdAt).toISOString()).toBe(visitor.createdAt);
        }
      });

      it('finds a visitor and a conversation by id and by number', async () => {
        const { visitor, conversation } = await ctx.store.createVisitor();
        await ctx.store.createVisitor();
        expect(await ctx.store.getVisitor(visitor.id)).toEqual(visitor);
        expect(await ctx.store.getConversation(conversation.id)).toEqual(conversation);
        expect(await ctx.store.getConversationByNumber(conversation.number)).toEqual(conversation);
        expect(await ctx.store.getVisitor('v_missing')).toBeUndefined();
        expect(await ctx.store.getConversation('c_missing')).toBeUndefined();
        expect(await ctx.store.getConversationByNumber(987_654)).toBeUndefined();
      });
    });

    describe('read receipts', () => {
      it('raises a conversation’s readSeq, never lowers it, and keeps it off conversations nobody read', async () => {
        const id = await conversation();
        const other = await conversation();
        expect(await ctx.store.getConversation(id)).not.toHaveProperty('readSeq');
        expect(await ctx.store.markRead(id, 3)).toBe(3);
        expect(await ctx.store.markRead(id, 2)).toBe(3);
        expect((await ctx.store.getConversation(id))?.readSeq).toBe(3);
        expect(await ctx.store.getConversation(other)).not.toHaveProperty('readSeq');
        expect(await ctx.store.markRead('c_missing', 5)).toBe(0);
      });
    });

    describe('append', () => {
      it('assigns seq 1, 2, 3… per conversation, independently', async () => {
        const a = await conversation();
        const b = await conversation();
        const results = [];
        for (const [id, value] of [
          [a, 'a1'],
          [b, 'b1'],
          [a, 'a2'],
          [a, 'a3'],
          [b, 'b2'],
        ] as const) {
          results.push((await ctx.store.append(id, { author: 'visitor', body: text(value) })).message);
        }
        expect(results.map((message) => [message.conversationId === a ? 'a' : 'b', message.seq])).toEqual([
          ['a', 1],
          ['b', 1],
          ['a', 2],
          ['a', 3],
          ['b', 2],
        ]);
        expect(new Set(results.map((message) => message.id)).size).toBe(5);
      });

      it('returns messages in the protocol shape, without keys for absent values', async () => {
        const id = await conversation();
        const at = '2024-05-01T10:00:00.000Z';
        const plain = await ctx.store.append(id, { author: 'bot', body: text('hi') });
        const full = await ctx.store.append(id, { author: 'visitor', body: text('yo'), clientId: 'c-1', externalId: 'x-1', createdAt: at });
        expect(plain.created).toBe(true);
        expect(Message.parse(plain.message)).toEqual(plain.message);
        expect(Object.keys(plain.message).sort()).toEqual(['author', 'body', 'conversationId', 'createdAt', 'id', 'seq']);
        expect(plain.message.id).toMatch(SAFE_ID);
        expect(new Date(plain.message.createdAt).toISOString()).toBe(plain.message.createdAt);
        expect(full.message).toEqual({ id: full.message.id, seq: 2, conversationId: id, author: 'visitor', createdAt: at, clientId: 'c-1', body: text('yo') });
      });

      it('keeps structured bodies intact', async () => {
        const id = await conversation();
        const body: Body = {
          kind: 'buttons',
          text: 'Pick',
          buttons: [
            { type: 'postback', title: 'A', payload: '{"x":1}' },
            { type: 'url', title: 'B', url: 'https://example.com/b' },
          ],
        };
        const { message } = await ctx.store.append(id, { author: 'bot', body });
        expect(message.body).toEqual(body);
        expect((await ctx.store.getMessage(id, message.id))?.body).toEqual(body);
      });

      it('keeps a reply’s sender, given back with the message wherever it is read', async () => {
        const id = await conversation();
        const sender = { name: 'Jane Agent', avatarUrl: 'https://cdn.test/jane.png' };
        const { message } = await ctx.store.append(id, { author: 'agent', body: text('Hi, Jane here'), sender, externalId: 'cw-1' });
        expect(message.sender).toEqual(sender);
        expect(Message.parse(message)).toEqual(message);
        expect((await ctx.store.getMessage(id, message.id))?.sender).toEqual(sender);
        expect((await ctx.store.listMessages(id, { limit: 10 }))[0]?.sender).toEqual(sender);
        expect((await ctx.store.findExternal(id, 'cw-1'))?.original.sender).toEqual(sender);
        // Without one, no key.
        const { message: plain } = await ctx.store.append(id, { author: 'bot', body: text('no sender') });
        expect('sender' in plain).toBe(false);
        expect('sender' in (await ctx.store.getMessage(id, plain.id))!).toBe(false);
        (message.sender as { name: string }).name = 'changed';
        expect((await ctx.store.getMessage(id, message.id))?.sender?.name).toBe('Jane Agent');
      });

      it('stores a message once per (conversation, clientId)', async () => {
        const a = await conversation();
        const b = await conversation();
        const first = await ctx.store.append(a, { author: 'visitor', body: text('once'), clientId: 'k1' });
        const again = await ctx.store.append(a, { author: 'visitor', body: text('twice'), clientId: 'k1' });
        expect(again).toEqual({ created: false, message: first.message });
        const elsewhere = await ctx.store.append(b, { author: 'visitor', body: text('other'), clientId: 'k1' });
        expect(elsewhere.created).toBe(true);
        const next = await ctx.store.append(a, { author: 'visitor', body: text('next'), clientId: 'k2' });
        expect(next.message.seq).toBe(2);
        expect(bodies(await ctx.store.listMessages(a, { limit: 10 }))).toEqual(['once', 'next']);
      });

      it('stores a message once per (conversation, externalId)', async () => {
        const a = await conversation();
        const b = await conversation();
        const first = await ctx.store.append(a, { author: 'bot', body: text('push'), externalId: 'e1' });
        const again = await ctx.store.append(a, { author: 'bot', body: text('push again'), externalId: 'e1' });
        expect(again).toEqual({ created: false, message: first.message });
        expect((await ctx.store.append(b, { author: 'bot', body: text('push'), externalId: 'e1' })).created).toBe(true);
        expect((await ctx.store.append(a, { author: 'bot', body: text('new'), externalId: 'e2' })).message.seq).toBe(2);
      });

      it('rejects a message for an unknown conversation and stores nothing', async () => {
        await expect(ctx.store.append('c_missing', { author: 'visitor', body: text('lost') })).rejects.toThrow();
        await expect(ctx.store.append('c_missing', { author: 'visitor', body: text('lost'), clientId: 'k' }, { outbox: true })).rejects.toThrow();
        expect(await ctx.store.outboxSize()).toBe(0);
        expect(await ctx.store.listMessages('c_missing', { limit: 10 })).toEqual([]);
      });

      it('gives 50 concurrent appends to one conversation 50 distinct consecutive seqs', async () => {
        const id = await conversation();
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => ctx.store.append(id, { author: 'visitor', body: text(`c${i}`), clientId: `k${i}` })));
        expect(seqs(results.map((result) => result.message)).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect(seqs(await ctx.store.listMessages(id, { limit: 100 }))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      });

      it('does not let a caller change stored data through a returned object', async () => {
        const id = await conversation();
        const body = { kind: 'text', text: 'original' } as const;
        const { message } = await ctx.store.append(id, { author: 'bot', body });
        (message.body as { text: string }).text = 'changed';
        expect((await ctx.store.getMessage(id, message.id))?.body).toEqual(text('original'));
      });
    });

    describe('reading messages', () => {
      it('gets one message by conversation and id', async () => {
        const a = await conversation();
        const b = await conversation();
        const { message } = await ctx.store.append(a, { author: 'agent', body: text('x'), clientId: 'k' });
        const found = await ctx.store.getMessage(a, message.id);
        expect(found).toEqual(message);
        expect(Message.parse(found)).toEqual(message);
        expect(await ctx.store.getMessage(b, message.id)).toBeUndefined();
        expect(await ctx.store.getMessage(a, 'm_missing')).toBeUndefined();
      });

      it('lists ascending, after a seq, up to a limit', async () => {
        const id = await conversation();
        await fill(id, 10);
        const all = await ctx.store.listMessages(id, { limit: 100 });
        expect(seqs(all)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        for (const message of all) expect(Message.parse(message)).toEqual(message);
        expect(seqs(await ctx.store.listMessages(id, { limit: 3 }))).toEqual([1, 2, 3]);
        expect(seqs(await ctx.store.listMessages(id, { after: 4, limit: 3 }))).toEqual([5, 6, 7]);
        expect(seqs(await ctx.store.listMessages(id, { after: 8, limit: 10 }))).toEqual([9, 10]);
        expect(await ctx.store.listMessages(id, { after: 10, limit: 10 })).toEqual([]);
        expect(await ctx.store.listMessages(id, { limit: 0 })).toEqual([]);
        expect(await ctx.store.listMessages(await conversation(), { limit: 10 })).toEqual([]);
      });

      it('lists the newest `limit` before a seq, ascending', async () => {
        const id = await conversation();
        await fill(id, 10);
        expect(seqs(await ctx.store.listMessages(id, { before: 8, limit: 3 }))).toEqual([5, 6, 7]);
        expect(seqs(await ctx.store.listMessages(id, { before: 3, limit: 5 }))).toEqual([1, 2]);
        expect(seqs(await ctx.store.listMessages(id, { before: 11, limit: 2 }))).toEqual([9, 10]);
        expect(seqs(await ctx.store.listMessages(id, { after: 2, before: 8, limit: 10 }))).toEqual([3, 4, 5, 6, 7]);
        expect(seqs(await ctx.store.listMessages(id, { after: 2, before: 8, limit: 2 }))).toEqual([6, 7]);
        expect(await ctx.store.listMessages(id, { before: 1, limit: 5 })).toEqual([]);
        // The history route's "from the newest" bound.
        expect(seqs(await ctx.store.listMessages(id, { before: Number.MAX_SAFE_INTEGER, limit: 2 }))).toEqual([9, 10]);
        expect(await ctx.store.listMessages(id, { after: Number.MAX_SAFE_INTEGER, limit: 2 })).toEqual([]);
      });
    });

    outboxCases(ctx, reopen);
    batchCases(ctx, reopen);
    uploadCases(ctx, reopen);
    identityCases(ctx, reopen);
    platformCases(ctx, reopen);
    lifecycleCases(ctx, open);
    opsCases(ctx);
  });
}
