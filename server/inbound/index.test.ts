import { describe, expect, it, vi } from 'vitest';
import type { StreamEvent } from '../../src/protocol/index.ts';
import type { Hub } from '../hub/index.ts';
import { silentLogger } from '../log.ts';
import { createMetrics } from '../metrics/index.ts';
import { createGroupCommit } from '../store/group-commit.ts';
import { createMemoryStore } from '../store/memory/index.ts';
import { createTyping } from '../typing/index.ts';
import { createInbound } from './index.ts';

const setup = async () => {
  const store = createMemoryStore();
  const events: { conversationId: string; event: StreamEvent }[] = [];
  const publish = (conversationId: string, event: StreamEvent) => void events.push({ conversationId, event });
  const typing = createTyping({ publish, store, timeoutMs: 60_000 });
  const inbound = createInbound({ store, hub: { publish } as unknown as Hub, typing, metrics: createMetrics(), logger: silentLogger });
  const { visitor, conversation } = await store.createVisitor();
  return { store, events, typing, inbound, visitor, conversation };
};

describe('inbound', () => {
  it('routes by the platform refs of a visitor link, stores with the platform time, and streams once', async () => {
    const { store, events, inbound, visitor, conversation } = await setup();
    await store.saveLink({ visitorId: visitor.id, contactRef: 'src-1', conversationRef: '77', data: {} });
    const at = '2026-01-01T10:00:00.000Z';
    const push = { contactRef: 'src-1', author: 'agent' as const, body: { kind: 'text' as const, text: 'hi' }, externalId: '5', createdAt: at };
    expect(await inbound.apply([push, push])).toEqual({ stored: 1, unknown: 0, total: 2 });
    expect(await inbound.apply([{ ...push, contactRef: undefined, conversationRef: '77', externalId: '6' }])).toMatchObject({ stored: 1 });
    const messages = await store.listMessages(conversation.id, { limit: 10 });
    expect(messages.map((m) => [m.createdAt, m.author])).toEqual([
      [at, 'agent'],
      [at, 'agent'],
    ]);
    expect(events.filter((e) => e.event.event === 'message')).toHaveLength(2);
  });

  it('stores an update as a version of the shown message, keeping its time; a repeated update is stored once', async () => {
    const { store, events, inbound, visitor, conversation } = await setup();
    const first = { visitorId: visitor.id, author: 'agent' as const, body: { kind: 'text' as const, text: 'v1' }, externalId: '9', createdAt: '2026-01-01T10:00:00.000Z' };
    await inbound.apply([first]);
    const update = { ...first, body: { kind: 'deleted' as const }, update: true, createdAt: '2026-01-01T10:05:00.000Z' };
    await inbound.apply([update]);
    await inbound.apply([update]);
    const [original, version, ...rest] = await store.listMessages(conversation.id, { limit: 10 });
    expect(rest).toEqual([]);
    expect(version).toMatchObject({ replaces: original!.id, body: { kind: 'deleted' }, createdAt: first.createdAt });
    expect(events.map((e) => e.event.event)).toEqual(['message', 'message']);
  });

  it('stores who wrote a reply with it', async () => {
    const { store, inbound, visitor, conversation } = await setup();
    const sender = { name: 'Jane Agent', avatarUrl: 'https://cw.test/jane.png' };
    await inbound.apply([{ visitorId: visitor.id, author: 'agent', body: { kind: 'text', text: 'Jane here' }, externalId: '1', sender }]);
    expect((await store.listMessages(conversation.id, { limit: 10 }))[0]?.sender).toEqual(sender);
  });

  it('marks the visitor’s messages read up to an agent’s last look, only those the platform had by then, and streams the mark when it rises', async () => {
    const { store, events, inbound, visitor, conversation } = await setup();
    const write = async (text: string, createdAt: string) => {
      await store.append(conversation.id, { author: 'visitor', body: { kind: 'text', text }, createdAt }, { outbox: true });
      const [item] = await store.outboxDue(Number.MAX_SAFE_INTEGER, 1);
      await store.outboxDelivered(item!.id);
    };
    await write('one', '2026-01-01T10:00:00.000Z');
    await write('two', '2026-01-01T10:05:00.000Z');
    // Written after the look, and one the platform has not taken yet.
    await write('three', '2026-01-01T10:20:00.000Z');
    await store.append(conversation.id, { author: 'visitor', body: { kind: 'text', text: 'queued' }, createdAt: '2026-01-01T10:01:00.000Z' }, { outbox: true });
    const seen = { visitorId: visitor.id, type: 'seen' as const, at: '2026-01-01T10:10:00.000Z' };
    await inbound.apply([], [seen]);
    expect((await store.getConversation(conversation.id))?.readSeq).toBe(2);
    expect(events.map((e) => e.event)).toEqual([{ event: 'status', data: { deliveredSeq: 3, readSeq: 2 } }]);
    // An older look changes nothing and says nothing.
    await inbound.apply([], [{ ...seen, at: '2026-01-01T10:02:00.000Z' }]);
    expect((await store.getConversation(conversation.id))?.readSeq).toBe(2);
    expect(events).toHaveLength(1);
  });

  it('stores an update for a message it never saw as a new message', async () => {
    const { store, inbound, visitor, conversation } = await setup();
    await inbound.apply([{ visitorId: visitor.id, author: 'bot', body: { kind: 'text', text: 'late' }, externalId: '3', update: true }]);
    const [message] = await store.listMessages(conversation.id, { limit: 10 });
    expect(message).toMatchObject({ body: { kind: 'text', text: 'late' } });
    expect(message?.replaces).toBeUndefined();
  });

  it('stores nothing for the deletion of a message it never showed', async () => {
    const { store, events, inbound, visitor, conversation } = await setup();
    expect(await inbound.apply([{ visitorId: visitor.id, author: 'agent', body: { kind: 'deleted' }, externalId: '4:1', update: true }])).toMatchObject({ stored: 0, unknown: 0 });
    expect(await store.listMessages(conversation.id, { limit: 10 })).toEqual([]);
    expect(events).toEqual([]);
  });

  it('turns typing on and off and passes status changes to the stream, without storing anything', async () => {
    const { store, events, typing, inbound, visitor, conversation } = await setup();
    await inbound.apply([], [{ visitorId: visitor.id, type: 'typing', on: true }]);
    expect(typing.active()).toBe(1);
    await inbound.apply(
      [],
      [
        { visitorId: visitor.id, type: 'typing', on: false },
        { visitorId: visitor.id, type: 'status', status: 'resolved' },
      ],
    );
    expect(typing.active()).toBe(0);
    expect(events.map((e) => e.event)).toEqual([
      { event: 'typing', data: { on: true } },
      { event: 'typing', data: { on: false } },
      { event: 'conversation', data: { status: 'resolved' } },
    ]);
    expect(await store.listMessages(conversation.id, { limit: 10 })).toEqual([]);
    typing.close();
  });

  it('looks the conversation up once per push for the parts of one message', async () => {
    const { store, inbound, visitor, conversation } = await setup();
    await store.saveLink({ visitorId: visitor.id, contactRef: 'src-2', data: {} });
    const findLink = vi.spyOn(store, 'findLink');
    const part = (n: number) => ({ contactRef: 'src-2', author: 'agent' as const, body: { kind: 'text' as const, text: `p${n}` }, externalId: `7:${n}` });
    expect(await inbound.apply([part(0), part(1), part(2)], [{ contactRef: 'src-2', type: 'typing', on: false }])).toMatchObject({ stored: 3, unknown: 0 });
    expect(findLink).toHaveBeenCalledTimes(1);
    expect(await store.listMessages(conversation.id, { limit: 10 })).toHaveLength(3);
  });

  it('counts what no conversation matches', async () => {
    const { inbound } = await setup();
    const result = await inbound.apply([{ contactRef: 'nobody', author: 'bot', body: { kind: 'text', text: 'x' } }], [{ conversationRef: '404', type: 'typing', on: true }]);
    expect(result).toEqual({ stored: 0, unknown: 2, total: 2 });
  });

  it('stores pushes that arrive together in one transaction, and streams each once stored', async () => {
    const { store, events, inbound, visitor, conversation } = await setup();
    const other = await store.createVisitor();
    const batch = vi.spyOn(store, 'appendBatch');
    const push = (visitorId: string, text: string) => inbound.apply([{ visitorId, author: 'bot', body: { kind: 'text', text } }]);
    const applied = [push(visitor.id, 'one'), push(other.visitor.id, 'two'), push(visitor.id, 'three')];
    expect(events).toEqual([]);
    expect((await Promise.all(applied)).map((result) => result.stored)).toEqual([1, 1, 1]);
    expect(batch).toHaveBeenCalledTimes(1);
    expect(batch.mock.calls[0]![0].map((item) => item.conversationId)).toEqual([conversation.id, other.conversation.id, conversation.id]);
    expect(events.map((e) => [e.conversationId === conversation.id ? 'mine' : 'other', e.event.event === 'message' ? e.event.data.seq : 0])).toEqual([
      ['mine', 1],
      ['other', 1],
      ['mine', 2],
    ]);
  });

  it('stores an update that arrives together with its original as a version of it', async () => {
    const { store, inbound, visitor, conversation } = await setup();
    const first = { visitorId: visitor.id, author: 'agent' as const, body: { kind: 'text' as const, text: 'v1' }, externalId: '12' };
    await Promise.all([inbound.apply([first]), inbound.apply([{ ...first, body: { kind: 'text', text: 'v2' }, update: true }])]);
    const [original, version, ...rest] = await store.listMessages(conversation.id, { limit: 10 });
    expect(rest).toEqual([]);
    expect(version).toMatchObject({ replaces: original!.id, body: { kind: 'text', text: 'v2' } });
  });

  it('streams what one batch stored in seq order, also beside a visitor message appended with it', async () => {
    const store = createMemoryStore();
    const events: { conversationId: string; event: StreamEvent }[] = [];
    const publish = (conversationId: string, event: StreamEvent) => void events.push({ conversationId, event });
    const commits = createGroupCommit({ store });
    const inbound = createInbound({ store, hub: { publish } as unknown as Hub, typing: createTyping({ publish, store }), metrics: createMetrics(), logger: silentLogger, commits });
    const { visitor, conversation } = await store.createVisitor();
    const bot = (text: string) => ({ visitorId: visitor.id, author: 'bot' as const, body: { kind: 'text' as const, text } });
    // As the send route appends a visitor's message: streamed as soon as it is stored.
    const sent = commits.append(
      conversation.id,
      { author: 'visitor', body: { kind: 'text', text: 'sent' }, clientId: 'k-sent' },
      { outbox: true, stored: ({ message }) => publish(conversation.id, { event: 'message', data: message }) },
    );
    await Promise.all([inbound.apply([bot('one'), bot('two')]), sent, inbound.apply([bot('three')])]);
    const seqs = events.filter((e) => e.event.event === 'message').map((e) => (e.event.event === 'message' ? e.event.data.seq : 0));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs).toHaveLength(4);
  });
});
