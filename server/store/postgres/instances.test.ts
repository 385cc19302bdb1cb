import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, enginesProblem, postgresAdminUrl, type TestDatabase } from '../../integration/databases.testing.ts';
import { text } from '../store.outbox.testing.ts';
import type { Store } from '../types.ts';
import { createPostgresStore } from './index.ts';

const adminUrl = postgresAdminUrl();

/** Several relays on one database: each store here has its own pool, as each relay process would. */
describe.skipIf(!adminUrl)(`postgres store shared by several relays${adminUrl ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  let database: TestDatabase;
  let relays: Store[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl!, 'instances');
    relays = await Promise.all([1, 2, 3].map(() => createPostgresStore({ url: database.url, poolSize: 4 })));
  });
  afterAll(async () => {
    await Promise.all(relays.map((store) => store.close()));
    await database.drop();
  });
  const relay = (index: number) => relays[index % relays.length]!;

  it('gives appends to one conversation from every relay at once distinct consecutive seqs', async () => {
    const { conversation } = await relay(0).createVisitor();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => relay(i).append(conversation.id, { author: 'visitor', body: text(`m${i}`), clientId: `k${i}` }, { outbox: true })),
    );
    expect(results.map((result) => result.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const stored = await relay(1).listMessages(conversation.id, { limit: 100 });
    expect(stored.map((message) => message.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // Queued in seq order: the outbox hands out the conversation's items one after another.
    expect(await relay(2).outboxSize()).toBeGreaterThanOrEqual(60);
    const [head] = (await relay(2).outboxDue(Date.now(), 100)).filter((item) => item.conversationId === conversation.id);
    expect(head?.seq).toBe(1);
  });

  it('stores a send retried on several relays at once once, and a redelivered push once', async () => {
    const { conversation } = await relay(0).createVisitor();
    const sends = await Promise.all(
      Array.from({ length: 9 }, (_, i) => relay(i).append(conversation.id, { author: 'visitor', body: text('once'), clientId: 'retried' }, { outbox: true })),
    );
    const pushes = await Promise.all(Array.from({ length: 9 }, (_, i) => relay(i).append(conversation.id, { author: 'bot', body: text('push'), externalId: 'x-1' })));
    expect(sends.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(sends.map((result) => result.message.id)).size).toBe(1);
    expect(pushes.filter((result) => result.created)).toHaveLength(1);
    expect((await relay(1).listMessages(conversation.id, { limit: 100 })).map((message) => message.seq)).toEqual([1, 2]);
    expect((await relay(2).outboxDue(Date.now(), 100)).filter((item) => item.conversationId === conversation.id)).toHaveLength(1);
  });

  it('hands first visits with one site user id on several relays the same visitor', async () => {
    const results = await Promise.all(Array.from({ length: 9 }, (_, i) => relay(i).identifyVisitor({ externalId: 'user-raced', name: `n${i % 3}` })));
    expect(new Set(results.map((result) => result.visitor.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
  });

  it('moves a platform ref saved by two relays at once to one of the two visitors, never both', async () => {
    const [a, b] = await Promise.all([relay(0).createVisitor(), relay(1).createVisitor()]);
    await Promise.all([
      relay(0).saveLink({ visitorId: a.visitor.id, contactRef: 'shared-ref', data: {} }),
      relay(1).saveLink({ visitorId: b.visitor.id, contactRef: 'shared-ref', data: {} }),
    ]);
    const holder = (await relay(2).findLink({ contactRef: 'shared-ref' }))?.visitorId;
    expect([a.visitor.id, b.visitor.id]).toContain(holder);
    const links = await Promise.all([relay(2).getLink(a.visitor.id), relay(2).getLink(b.visitor.id)]);
    expect(links.filter((link) => link?.contactRef === 'shared-ref')).toHaveLength(1);
  });
});
