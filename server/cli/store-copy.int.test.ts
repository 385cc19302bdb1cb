import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryResponse } from '../../src/protocol/index.ts';
import { sendUpload, upload } from '../integration/upload-client.testing.ts';
import { createSimulator, type Simulator } from '../standins/uchat/index.ts';
import { createPostgresStore } from '../store/postgres/index.ts';
import { createTestDatabase, enginesProblem, postgresAdminUrl, type TestDatabase } from '../integration/databases.testing.ts';
import { startHarness } from '../integration/harness.testing.ts';
import { PDF, PNG } from '../uploads/fixtures.testing.ts';
import { runStore } from './store-copy.ts';
import { runChatport } from './process.testing.ts';

const adminUrl = postgresAdminUrl();
const PASSWORD = 'copy-pw-never-shown-81';
const withPassword = (url: string) => {
  const parsed = new URL(url);
  parsed.password = PASSWORD;
  return parsed.href;
};

/** Runs the command in-process with captured output. */
const run = async (argv: string[], env: Record<string, string | undefined> = {}) => {
  let stdout = '';
  let stderr = '';
  const code = await runStore(argv, { env, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
};

/** Every row of every Chatport table, in a stable order: what "changes nothing" compares. */
const dump = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = ['visitors', 'conversations', 'messages', 'links', 'uploads', 'upload_totals', 'outbox', 'blobs', 'blob_chunks'];
    const rows: Record<string, unknown[]> = {};
    for (const table of tables) rows[table] = (await client.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows;
    return rows;
  } finally {
    await client.end();
  }
};

const contents = (sim: Simulator) => sim.received.map((request) => (request.body as { content: string }).content);

describe.skipIf(!adminUrl)(`chatport store copy${adminUrl ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const database = async (): Promise<TestDatabase> => {
    const made = await createTestDatabase(adminUrl!, 'copy');
    cleanup.push(() => made.drop());
    return made;
  };

  /** A SQLite relay with history, an identified visitor, a platform link, two uploads and two messages the platform has not taken yet. */
  const sqliteRelayWithHistory = async () => {
    const sim = await createSimulator({});
    cleanup.push(() => sim.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'chatport-copy-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const h = await startHarness({ store: 'sqlite', dataDir, simulator: sim });
    const { token, visitorId } = await h.session();
    for (const text of ['first', 'second']) expect((await h.send(token, text)).status).toBe(201);
    await sim.waitForReceived(2, 5000);
    const photo = (await upload(h, token, PNG, 'image/png', 'photo.png')).json;
    const paper = (await upload(h, token, PDF, 'application/pdf', 'paper.pdf')).json;
    expect((await sendUpload(h, token, photo.id)).status).toBe(201);
    await sim.waitForReceived(3, 5000);
    const { store } = h.started.relay.context;
    const lastNumber = (await store.identifyVisitor({ externalId: 'site-user-7', name: 'Ada' })).conversation.number;
    await store.saveLink({ visitorId, contactRef: 'contact-1', conversationRef: '77', data: { pubsubToken: 'p' } });
    // The bot's answers arrive as pushes; wait until they are stored, so the history is settled.
    await expect
      .poll(async () => (await h.api<HistoryResponse>('/v1/messages?limit=50', { token })).json.messages.filter((m) => m.author === 'bot').length, { timeout: 5000 })
      .toBeGreaterThanOrEqual(3);
    sim.faults.botUrl.push(...Array.from({ length: 1000 }, () => ({ kind: 'status' as const, status: 502 })));
    for (const text of ['pending 1', 'pending 2']) expect((await h.send(token, text)).status).toBe(201);
    await expect.poll(() => store.outboxSize()).toBe(2);
    const history = (await h.api<HistoryResponse>('/v1/messages?limit=50', { token })).json;
    await h.close();
    sim.faults.botUrl.length = 0;
    return { sim, dataDir, token, history, photo, paper, lastNumber };
  };

  it('copies history, queued deliveries and uploads so a relay on Postgres carries on where the SQLite one stopped, and a second run changes nothing', async () => {
    const source = await sqliteRelayWithHistory();
    const target = await database();
    const url = withPassword(target.url);

    const first = await run(['copy', '--from', source.dataDir, '--to', url]);
    expect(first.code, first.stderr).toBe(0);
    for (const label of ['visitors', 'conversations', 'messages', 'platform links', 'upload records', 'queued deliveries', 'upload files']) {
      expect(first.stderr).toMatch(new RegExp(`^chatport store copy: ${label} \\d+/\\d+$`, 'm'));
    }
    expect(first.stderr).toMatch(/^chatport store copy: queued deliveries 2\/2$/m);
    expect(first.stdout).toMatch(
      /^Copied to postgres:\/\/127\.0\.0\.1:\d+\/copy_\w+: visitors 2, conversations 2, messages \d+, platform links 1, upload records 2, queued deliveries 2, upload files 2 \(0\.0 MB\)\.$/m,
    );
    const copied = await dump(target.url);

    // Again: everything is found identical and kept.
    const second = await run(['copy', '--from', source.dataDir], { DATABASE_URL: url });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(
      /: visitors 0, conversations 0, messages 0, platform links 0, upload records 0, queued deliveries 0, upload files 0 \(0\.0 MB\)\.\nAlready there and identical, kept: visitors 2, conversations 2, messages \d+, platform links 1, upload records 2, queued deliveries 2, upload files 2\.$/m,
    );
    expect(await dump(target.url)).toEqual(copied);
    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(text).not.toContain(PASSWORD);

    // A relay on Postgres: the same session, the same history, the queued messages delivered in order, the files served.
    const accepted = source.sim.received.length;
    const relay = await startHarness({ store: 'postgres', simulator: source.sim, env: { DATABASE_URL: url } });
    cleanup.push(() => relay.close({ all: true }));
    await source.sim.waitForReceived(accepted + 2, 10_000);
    expect(contents(source.sim).slice(accepted)).toEqual(['pending 1', 'pending 2']);
    const history = (await relay.api<HistoryResponse>(`/v1/messages?limit=50&before=${source.history.messages.at(-1)!.seq + 1}`, { token: source.token })).json;
    expect(history.messages).toEqual(source.history.messages);
    for (const [file, bytes] of [
      [source.photo, PNG],
      [source.paper, PDF],
    ] as const) {
      const served = await fetch(`${relay.url}${new URL(file.url).pathname}`);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    }
    // The conversation counts on after its copied messages: a new message is stored with the next seq.
    const before = source.history.messages.at(-1)!.seq;
    expect((await relay.send(source.token, 'after the move')).status).toBe(201);
    const latest = (await relay.api<HistoryResponse>('/v1/messages?limit=50', { token: source.token })).json.messages;
    expect(latest.find((message) => message.body.kind === 'text' && message.body.text === 'after the move')?.seq).toBeGreaterThan(before);
    // A new visitor's conversation number comes after every copied one.
    const fresh = await relay.session();
    const conversation = await relay.started.relay.context.store.getConversation(fresh.conversationId);
    expect(conversation!.number).toBeGreaterThan(source.lastNumber);
  });

  it('refuses a target holding different data under the same ids, and leaves it as it was', async () => {
    const source = await sqliteRelayWithHistory();
    const target = await database();
    expect((await run(['copy', '--from', source.dataDir, '--to', target.url])).code).toBe(0);
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    // The Postgres relay ran meanwhile: one message was delivered and taken off the queue.
    const { rows } = await client.query<{ id: string; conversation_id: string; seq: number }>(
      'DELETE FROM outbox WHERE id = (SELECT id FROM outbox ORDER BY ord LIMIT 1) RETURNING id, conversation_id, seq',
    );
    await client.query('UPDATE conversations SET delivered_seq = $1 WHERE id = $2', [rows[0]!.seq, rows[0]!.conversation_id]);
    await client.end();
    const before = await dump(target.url);

    const again = await run(['copy', '--from', source.dataDir, '--to', target.url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^chatport store copy: the target already holds conversations c_\S+ with different data \(delivered_seq\); nothing was changed: copy into an empty database/m,
    );
    // Above all, the delivered message is not queued again.
    expect(await dump(target.url)).toEqual(before);
  });

  it('refuses a database a relay has already used, rather than mixing the two', async () => {
    const source = await sqliteRelayWithHistory();
    const target = await database();
    // A relay ran on the database first: its visitor holds conversation number 1, which the copy would need.
    const used = await createPostgresStore({ url: target.url });
    await used.createVisitor();
    await used.close();
    const before = await dump(target.url);
    const refused = await run(['copy', '--from', source.dataDir, '--to', target.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^chatport store copy: the target already holds another row with one of the unique values of conversations c_\S+ .*; nothing was changed/m);
    expect(await dump(target.url)).toEqual(before);
  });

  it('refuses bad options with status 2 without showing the URL, and a directory without a database with status 1', async () => {
    const missing = await run(['copy', '--from', tmpdir()]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('expected --to <postgres URL> (or DATABASE_URL)') });
    const wrong = await run(['copy', '--to', `mysql://chatport:${PASSWORD}@db/chatport`]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--to is not a postgres:// or postgresql:// URL (the value is not shown: it may hold a password)');
    expect(wrong.stderr).not.toContain(PASSWORD);
    expect((await run(['move', '--to', 'postgres://db/x'])).code).toBe(2);
    const empty = mkdtempSync(join(tmpdir(), 'chatport-copy-empty-'));
    cleanup.push(() => rmSync(empty, { recursive: true, force: true }));
    const none = await run(['copy', '--from', empty, '--to', 'postgres://127.0.0.1:1/none']);
    expect(none).toMatchObject({ code: 1, stderr: expect.stringContaining(`no Chatport database at ${join(empty, 'chatport.db')}`) });
  });

  it('runs as `chatport store copy` with progress on stderr, listed in the help', async () => {
    const source = await sqliteRelayWithHistory();
    const target = await database();
    const result = await runChatport(['store', 'copy', '--from', source.dataDir], { DATABASE_URL: withPassword(target.url) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^chatport store copy: messages \d+\/\d+$/m);
    expect(result.stdout).toMatch(/^Copied to postgres:\/\//);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect((await runChatport(['--help'], {})).stdout).toMatch(/^ {2}store copy --from <dir> --to <url> +copy a SQLite data directory into a Postgres database/m);
  });
});
