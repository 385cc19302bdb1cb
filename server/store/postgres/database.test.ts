import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestSchema, enginesProblem, postgresAdminUrl, type TestDatabase } from '../../integration/databases.testing.ts';
import { text } from '../store.outbox.testing.ts';
import { uploadRecord } from '../store.uploads.testing.ts';
import { ForeignDatabaseError, migrations } from './database.ts';
import { createPostgresStore } from './index.ts';

const adminUrl = postgresAdminUrl();

describe.skipIf(!adminUrl)(`postgres store database${adminUrl ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  let database: TestDatabase;
  let counter = 0;
  const clients: pg.Client[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl!, 'schema');
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
    await database.drop();
  });
  /** A fresh schema, its URL, and a plain connection working in it. */
  const fresh = async () => {
    const url = await createTestSchema(database.url, `s_${++counter}`);
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    clients.push(sql);
    return { url, sql };
  };
  const versions = async (sql: pg.Client) => (await sql.query<{ version: number }>('SELECT version FROM chatport_migrations ORDER BY version')).rows.map((row) => row.version);

  it('creates the schema at the latest version, recording each step', async () => {
    const { url, sql } = await fresh();
    const store = await createPostgresStore({ url });
    expect(await versions(sql)).toEqual(migrations.map((_, index) => index + 1));
    expect(await store.health()).toEqual({ migrationsPending: 0 });
    await store.close();
    // Opening again changes nothing.
    await (await createPostgresStore({ url })).close();
    expect(await versions(sql)).toEqual(migrations.map((_, index) => index + 1));
  });

  it('migrates once when several relays start on an empty database at the same moment', async () => {
    const { url, sql } = await fresh();
    const stores = await Promise.all(Array.from({ length: 6 }, () => createPostgresStore({ url })));
    expect(await versions(sql)).toEqual(migrations.map((_, index) => index + 1));
    // All of them work on the one schema.
    const { conversation } = await stores[0]!.createVisitor();
    expect((await stores[5]!.getConversation(conversation.id))?.id).toBe(conversation.id);
    await Promise.all(stores.map((store) => store.close()));
  });

  it('refuses a database written by a newer schema version', async () => {
    const { url, sql } = await fresh();
    await (await createPostgresStore({ url })).close();
    await sql.query('INSERT INTO chatport_migrations (version) VALUES ($1)', [migrations.length + 1]);
    await expect(createPostgresStore({ url })).rejects.toThrow(/newer/);
  });

  it("refuses, without writing to it, a schema that holds another application's tables", async () => {
    const { url, sql } = await fresh();
    await sql.query('CREATE TABLE invoices (id serial PRIMARY KEY, total numeric); INSERT INTO invoices (total) VALUES (9.5)');
    await expect(createPostgresStore({ url })).rejects.toThrow(ForeignDatabaseError);
    const tables = await sql.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = current_schema()');
    expect(tables.rows).toEqual([{ tablename: 'invoices' }]);
  });

  it('counts pending migrations, and fails its health check once closed', async () => {
    const { url, sql } = await fresh();
    const store = await createPostgresStore({ url });
    await sql.query('DELETE FROM chatport_migrations WHERE version = $1', [migrations.length]);
    expect(await store.health()).toEqual({ migrationsPending: 1 });
    await store.close();
    await expect(store.health()).rejects.toThrow();
    await store.close(); // twice is harmless
  });

  it('keeps JSON bodies as text, a NUL character in a message included', async () => {
    const { url, sql } = await fresh();
    const store = await createPostgresStore({ url });
    const { conversation } = await store.createVisitor();
    const { message } = await store.append(conversation.id, { author: 'bot', body: text('héllo "quoted" \u0000 end') });
    expect((await store.getMessage(conversation.id, message.id))?.body).toEqual(text('héllo "quoted" \u0000 end'));
    expect((await sql.query('SELECT pg_typeof(body)::text AS type, body FROM messages')).rows).toEqual([
      { type: 'text', body: '{"kind":"text","text":"héllo \\"quoted\\" \\u0000 end"}' },
    ]);
    await store.close();
  });

  it('keeps the running upload total right when upload rows go or change size', async () => {
    const { url, sql } = await fresh();
    const store = await createPostgresStore({ url });
    const { visitor, conversation } = await store.createVisitor();
    const owner = { visitorId: visitor.id, conversationId: conversation.id };
    const [a, b] = [uploadRecord(owner, { size: 10 }), uploadRecord(owner, { size: 20 })];
    await store.addUpload(a);
    await store.addUpload(b);
    const total = async () => (await store.uploadUsage('v_nobody')).totalBytes;
    expect(await total()).toBe(30);
    await sql.query('DELETE FROM uploads WHERE id = $1', [a.id]);
    expect(await total()).toBe(20);
    await sql.query('UPDATE uploads SET size = 25 WHERE id = $1', [b.id]);
    expect(await total()).toBe(25);
    await store.close();
  });

  it('never lowers deliveredSeq when an older item is delivered late', async () => {
    const { url, sql } = await fresh();
    const store = await createPostgresStore({ url });
    const { conversation } = await store.createVisitor();
    const first = await store.append(conversation.id, { author: 'visitor', body: text('1') }, { outbox: true });
    await store.append(conversation.id, { author: 'visitor', body: text('2') }, { outbox: true });
    // Only a head is ever handed out; to deliver out of order, take the second item's id from the table itself.
    const secondId = (await sql.query<{ id: string }>('SELECT id FROM outbox WHERE seq = 2')).rows[0]!.id;
    const [head] = await store.outboxDue(Date.now(), 10);
    expect(head?.messageId).toBe(first.message.id);
    expect(await store.outboxDelivered(secondId)).toBe(2);
    expect(await store.outboxDelivered(head!.id)).toBe(2);
    expect((await store.getConversation(conversation.id))?.deliveredSeq).toBe(2);
    await store.close();
  });
});
