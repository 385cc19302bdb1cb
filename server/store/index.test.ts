import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, enginesProblem, postgresAdminUrl } from '../integration/databases.testing.ts';
import { openBlobs } from '../uploads/index.ts';
import { createMemoryStore, openStore } from './index.ts';

const root = mkdtempSync(join(tmpdir(), 'chatport-open-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens sqlite at <dataDir>/chatport.db and it keeps data', async () => {
    const dataDir = join(root, 'data');
    const store = await openStore({ kind: 'sqlite', dataDir });
    const { conversation } = await store.createVisitor();
    await store.close();
    expect(existsSync(join(dataDir, 'chatport.db'))).toBe(true);
    const again = await openStore({ kind: 'sqlite', dataDir });
    expect(await again.getConversation(conversation.id)).toEqual(conversation);
    await again.close();
  });

  it('opens a memory store that writes nothing to dataDir', async () => {
    const dataDir = join(root, 'memory');
    const store = await openStore({ kind: 'memory', dataDir });
    expect((await store.createVisitor()).conversation.number).toBe(1);
    await store.close();
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe.skipIf(!postgresAdminUrl())(`openStore on Postgres${postgresAdminUrl() ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  it('opens the database DATABASE_URL names, writes nothing to dataDir, and gives its blobs the same database', async () => {
    const database = await createTestDatabase(postgresAdminUrl()!, 'open');
    const dataDir = join(root, 'postgres');
    const store = await openStore({ kind: 'postgres', dataDir, database: { url: database.url, poolSize: 2, waitMs: 0 } });
    const blobs = await openBlobs({ kind: 'postgres', dataDir, store });
    const { conversation } = await store.createVisitor();
    await blobs.put(
      'u_opened',
      (async function* () {
        yield Buffer.from('bytes');
      })(),
    );
    await store.close();
    const again = await openStore({ kind: 'postgres', dataDir, database: { url: database.url, poolSize: 2, waitMs: 0 } });
    expect(await again.getConversation(conversation.id)).toEqual(conversation);
    expect(await (await openBlobs({ kind: 'postgres', dataDir, store: again })).size('u_opened')).toBe(5);
    await again.close();
    expect(existsSync(dataDir)).toBe(false);
    await database.drop();
  });

  it('refuses postgres without a database, and postgres blobs without the postgres store', async () => {
    await expect(openStore({ kind: 'postgres', dataDir: root })).rejects.toThrow(/DATABASE_URL/);
    await expect(openBlobs({ kind: 'postgres', dataDir: root, store: createMemoryStore() })).rejects.toThrow(/postgres store/);
  });
});
