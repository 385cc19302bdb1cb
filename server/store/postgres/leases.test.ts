import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestSchema, enginesProblem, postgresAdminUrl, type TestDatabase } from '../../integration/databases.testing.ts';
import { text } from '../store.outbox.testing.ts';
import { createPostgresStore, type PostgresStore } from './index.ts';

const adminUrl = postgresAdminUrl();
const LEASE = 30_000;

/** Several relays on one database take turns per conversation in the outbox: each store is one relay's. */
describe.skipIf(!adminUrl)(`postgres outbox leases${adminUrl ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  let database: TestDatabase;
  let counter = 0;
  const opened: PostgresStore[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl!, 'leases');
  });
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await database?.drop();
  });
  /** `count` relays on a fresh schema. */
  const relays = async (count: number) => {
    const url = await createTestSchema(database.url, `l_${++counter}`);
    const stores = [];
    for (let i = 0; i < count; i++) stores.push(await createPostgresStore({ url, poolSize: 3 }));
    opened.push(...stores);
    return stores;
  };
  const queue = async (store: PostgresStore, texts: string[]) => {
    const { conversation } = await store.createVisitor();
    for (const value of texts) await store.append(conversation.id, { author: 'visitor', body: text(value) }, { outbox: true });
    return conversation.id;
  };

  it('gives a conversation to one relay while its lease lives; another relay gets the others, and this one once the lease ran out', async () => {
    const [one, two] = await relays(2);
    const x = await queue(one!, ['x1', 'x2']);
    const now = Date.now();
    const [first] = await one!.outboxClaim('one', now, 1, LEASE);
    expect(first).toMatchObject({ conversationId: x, seq: 1 });
    // Another relay's live lease: its head counts from when the lease ends.
    expect(await two!.outboxNextAttemptAt('two')).toBe(now + LEASE);
    expect(await one!.outboxNextAttemptAt('one')).toBeLessThanOrEqual(now);
    expect(await two!.outboxClaim('two', now, 10, LEASE)).toEqual([]);
    const y = await queue(one!, ['y1']);
    expect((await two!.outboxClaim('two', Date.now(), 10, LEASE)).map((item) => item.conversationId)).toEqual([y]);
    // Past the lease (its relay died): the other relay takes it over, and the first one's renewal says it is gone.
    const later = now + LEASE + 1;
    expect((await two!.outboxClaim('two', later, 10, LEASE)).map((item) => [item.conversationId, item.seq])).toEqual([
      [x, 1],
      [y, 1],
    ]);
    expect(await one!.outboxRenew('one', [x], later + LEASE)).toEqual([x]);
    expect(await one!.outboxClaim('one', later, 10, LEASE)).toEqual([]);
  });

  it('never gives one conversation to two relays claiming at the same moment', async () => {
    const stores = await relays(5);
    const conversations = [];
    for (let i = 0; i < 20; i++) conversations.push(await queue(stores[0]!, [`m${i}`]));
    const now = Date.now();
    const claims = await Promise.all(
      stores.flatMap((store, index) =>
        [0, 1].map(() => store.outboxClaim(`relay-${index}`, now, 20, LEASE).then((items) => items.map((item) => [item.conversationId, `relay-${index}`] as const))),
      ),
    );
    const owners = new Map<string, Set<string>>();
    for (const [conversationId, owner] of claims.flat()) owners.set(conversationId, (owners.get(conversationId) ?? new Set()).add(owner));
    expect([...owners.keys()].sort()).toEqual([...conversations].sort());
    for (const [, holders] of owners) expect(holders.size).toBe(1);
  });

  it('lets go of a conversation with its last delivered item, and of every lease on release', async () => {
    const [one, two] = await relays(2);
    const x = await queue(one!, ['x1']);
    const y = await queue(one!, ['y1', 'y2']);
    const now = Date.now();
    const items = await one!.outboxClaim('one', now, 10, LEASE);
    expect(items).toHaveLength(2);
    await one!.outboxDelivered(items.find((item) => item.conversationId === x)!.id);
    await one!.outboxDelivered(items.find((item) => item.conversationId === y)!.id);
    // x's queue is empty (its lease went with it); y still has y2, leased to one.
    await one!.append(x, { author: 'visitor', body: text('x2') }, { outbox: true });
    expect((await two!.outboxClaim('two', Date.now(), 10, LEASE)).map((item) => item.conversationId)).toEqual([x]);
    await one!.outboxRelease('one');
    expect((await two!.outboxClaim('two', Date.now(), 10, LEASE)).map((item) => [item.conversationId, item.seq])).toEqual([
      [y, 2],
      [x, 2],
    ]);
  });
});
