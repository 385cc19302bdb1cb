import { describe, expect, it } from 'vitest';
import { Message } from '../../src/protocol/index.ts';
import { helpers, text, type Open, type StoreContext } from './store.outbox.testing.ts';

/** Message versions and platform links: the part of the store contract a platform with edits and its own ids needs. */
export function platformCases(ctx: StoreContext, reopen?: Open): void {
  const { conversation } = helpers(ctx);

  describe('message versions', () => {
    it('stores a new version as a new message naming its original, found through the original externalId', async () => {
      const id = await conversation();
      const { message: original } = await ctx.store.append(id, { author: 'agent', body: text('v1'), externalId: '44' });
      const { message: v2, created } = await ctx.store.append(id, { author: 'agent', body: text('v2'), replaces: original.id });
      expect(created).toBe(true);
      expect(v2).toMatchObject({ seq: 2, replaces: original.id, body: text('v2') });
      expect(Message.parse(v2)).toEqual(v2);
      const { message: v3 } = await ctx.store.append(id, { author: 'agent', body: { kind: 'deleted' }, replaces: original.id });
      expect(await ctx.store.findExternal(id, '44')).toEqual({ original, latest: v3 });
      expect((await ctx.store.listMessages(id, { limit: 10 })).map((m) => m.replaces ?? null)).toEqual([null, original.id, original.id]);
    });

    it("keeps the platform's own number for a message", async () => {
      const id = await conversation();
      const { message } = await ctx.store.append(id, { author: 'agent', body: text('n'), externalId: '4480', order: 4480 });
      expect(message.order).toBe(4480);
      expect((await ctx.store.getMessage(id, message.id))?.order).toBe(4480);
      expect(Message.parse(message)).toEqual(message);
    });

    it('tells the externalId a message was stored with', async () => {
      const id = await conversation();
      const { message: pushed } = await ctx.store.append(id, { author: 'agent', body: text('p'), externalId: '4479:1' });
      const { message: sent } = await ctx.store.append(id, { author: 'visitor', body: text('s'), clientId: 'k-1' });
      expect(await ctx.store.getExternalId(id, pushed.id)).toBe('4479:1');
      expect(await ctx.store.getExternalId(id, sent.id)).toBeUndefined();
      expect(await ctx.store.getExternalId(await conversation(), pushed.id)).toBeUndefined();
    });

    it('gives the original itself as its newest version when it has none, and nothing for an unknown externalId', async () => {
      const id = await conversation();
      const { message } = await ctx.store.append(id, { author: 'bot', body: text('only'), externalId: 'x' });
      expect(await ctx.store.findExternal(id, 'x')).toEqual({ original: message, latest: message });
      expect(await ctx.store.findExternal(id, 'y')).toBeUndefined();
      expect(await ctx.store.findExternal(await conversation(), 'x')).toBeUndefined();
    });

    it('stores a version whose body equals the newest one once (redelivered updates)', async () => {
      const id = await conversation();
      const { message: original } = await ctx.store.append(id, { author: 'agent', body: text('a'), externalId: '7' });
      expect(await ctx.store.append(id, { author: 'agent', body: text('a'), replaces: original.id })).toEqual({ created: false, message: original });
      const { message: b } = await ctx.store.append(id, { author: 'agent', body: text('b'), replaces: original.id });
      expect(await ctx.store.append(id, { author: 'agent', body: text('b'), replaces: original.id })).toEqual({ created: false, message: b });
      // Back to an earlier body is a change all the same.
      expect((await ctx.store.append(id, { author: 'agent', body: text('a'), replaces: original.id })).created).toBe(true);
    });

    it("refuses a version of a missing message, of another conversation's message, or of a version", async () => {
      const id = await conversation();
      const other = await conversation();
      const { message: original } = await ctx.store.append(id, { author: 'bot', body: text('o') });
      const { message: version } = await ctx.store.append(id, { author: 'bot', body: text('v'), replaces: original.id });
      await expect(ctx.store.append(id, { author: 'bot', body: text('x'), replaces: 'm_missing' })).rejects.toThrow(/original/);
      await expect(ctx.store.append(other, { author: 'bot', body: text('x'), replaces: original.id })).rejects.toThrow(/original/);
      await expect(ctx.store.append(id, { author: 'bot', body: text('x'), replaces: version.id })).rejects.toThrow(/original/);
      expect(await ctx.store.listMessages(other, { limit: 10 })).toEqual([]);
    });
  });

  describe('platform links', () => {
    const visitor = async () => (await ctx.store.createVisitor()).visitor.id;

    it('saves, replaces and finds a link by visitor, contact ref and conversation ref', async () => {
      const a = await visitor();
      expect(await ctx.store.getLink(a)).toBeUndefined();
      await ctx.store.saveLink({ visitorId: a, contactRef: 'src-a', data: { pubsubToken: 't1' } });
      expect(await ctx.store.getLink(a)).toEqual({ visitorId: a, contactRef: 'src-a', data: { pubsubToken: 't1' } });
      await ctx.store.saveLink({ visitorId: a, contactRef: 'src-a', conversationRef: '12', data: { pubsubToken: 't1', lastId: 5 } });
      const link = { visitorId: a, contactRef: 'src-a', conversationRef: '12', data: { pubsubToken: 't1', lastId: 5 } };
      expect(await ctx.store.findLink({ contactRef: 'src-a' })).toEqual(link);
      expect(await ctx.store.findLink({ conversationRef: '12' })).toEqual(link);
      expect(await ctx.store.findLink({ contactRef: 'nope' })).toBeUndefined();
      expect(await ctx.store.findLink({ conversationRef: '13' })).toBeUndefined();
    });

    it('moves a ref to the visitor who saves it last, so one push never reaches two visitors', async () => {
      const a = await visitor();
      const b = await visitor();
      await ctx.store.saveLink({ visitorId: a, contactRef: 'shared', conversationRef: '9', data: {} });
      await ctx.store.saveLink({ visitorId: b, contactRef: 'shared', conversationRef: '9', data: {} });
      expect((await ctx.store.findLink({ contactRef: 'shared' }))?.visitorId).toBe(b);
      expect((await ctx.store.findLink({ conversationRef: '9' }))?.visitorId).toBe(b);
      expect(await ctx.store.getLink(a)).toEqual({ visitorId: a, data: {} });
    });

    it('refuses a link for an unknown visitor', async () => {
      await expect(ctx.store.saveLink({ visitorId: 'v_missing', data: {} })).rejects.toThrow(/visitor/);
      expect(await ctx.store.getLink('v_missing')).toBeUndefined();
    });

    if (reopen) {
      it('keeps links and versions across a restart', async () => {
        const { visitor: v, conversation: c } = await ctx.store.createVisitor();
        await ctx.store.saveLink({ visitorId: v.id, contactRef: 'durable', data: { n: 1 } });
        const { message } = await ctx.store.append(c.id, { author: 'agent', body: text('1'), externalId: 'd' });
        const { message: latest } = await ctx.store.append(c.id, { author: 'agent', body: text('2'), replaces: message.id });
        await ctx.store.close();
        ctx.store = await reopen();
        expect(await ctx.store.findLink({ contactRef: 'durable' })).toEqual({ visitorId: v.id, contactRef: 'durable', data: { n: 1 } });
        expect(await ctx.store.findExternal(c.id, 'd')).toEqual({ original: message, latest });
      });
    }
  });
}
