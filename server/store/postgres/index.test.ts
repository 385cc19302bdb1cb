import { afterAll, beforeAll, describe } from 'vitest';
import { createTestDatabase, createTestSchema, enginesProblem, postgresAdminUrl, type TestDatabase } from '../../integration/databases.testing.ts';
import { runStoreContract } from '../store.testing.ts';
import type { Open } from '../store.outbox.testing.ts';
import { createPostgresStore } from './index.ts';

const adminUrl = postgresAdminUrl();

describe.skipIf(!adminUrl)(`postgres${adminUrl ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  // One database for this file; each store gets a schema of its own in it, so every test starts empty.
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl!, 'contract');
  });
  afterAll(() => database?.drop());
  let counter = 0;
  let url = '';
  const open: Open = async (options) => {
    url = await createTestSchema(database.url, `case_${++counter}`);
    return createPostgresStore({ url, ...options });
  };
  runStoreContract('postgres', open, () => createPostgresStore({ url }));
});
