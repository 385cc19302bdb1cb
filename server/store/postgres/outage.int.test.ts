import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesProblem, postgresAdminUrl } from '../../integration/databases.testing.ts';
import { startPostgres, type Engine } from '../../integration/engines.testing.ts';
import { text } from '../store.outbox.testing.ts';
import { createPostgresStore, type PostgresStore } from './index.ts';

// This file takes its server down and up again, so it has one of its own rather than the run's shared one.
describe.skipIf(!postgresAdminUrl())(`postgres store through a server restart${postgresAdminUrl() ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startPostgres();
  }, 60_000);
  afterAll(() => engine?.stop());

  it('fails its health check and its queries while the server is down, then works again on the same pool with nothing lost', async () => {
    const lost: Error[] = [];
    const store: PostgresStore = await createPostgresStore({ url: engine.url, onConnectionError: (error) => lost.push(error) });
    const { conversation } = await store.createVisitor();
    await store.append(conversation.id, { author: 'visitor', body: text('before'), clientId: 'k1' }, { outbox: true });
    expect(store.pool.idleCount).toBeGreaterThan(0);

    await engine.down();
    await expect(store.health()).rejects.toThrow();
    await expect(store.append(conversation.id, { author: 'visitor', body: text('during'), clientId: 'k2' })).rejects.toThrow();
    // The idle connections the server dropped were reported, not thrown at the process.
    expect(lost.length).toBeGreaterThan(0);

    await engine.up();
    expect(await store.health()).toEqual({ migrationsPending: 0 });
    // The send that failed is retried by its client with the same id: stored once, after what was there.
    const retried = await store.append(conversation.id, { author: 'visitor', body: text('during'), clientId: 'k2' }, { outbox: true });
    expect(retried).toMatchObject({ created: true, message: { seq: 2 } });
    expect((await store.listMessages(conversation.id, { limit: 10 })).map((message) => message.body)).toEqual([text('before'), text('during')]);
    expect(await store.outboxSize()).toBe(2);
    await store.close();
  });
});
