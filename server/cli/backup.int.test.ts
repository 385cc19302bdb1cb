import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryResponse } from '../../src/protocol/index.ts';
import { sendUpload, upload } from '../integration/upload-client.testing.ts';
import { textPush } from '../standins/uchat/demo-pushes.ts';
import { uploadRecord } from '../store/store.uploads.testing.ts';
import { createSqliteStore } from '../store/sqlite/index.ts';
import { startHarness } from '../integration/harness.testing.ts';
import { PNG } from '../uploads/fixtures.testing.ts';
import { runBackup } from './backup.ts';
import { runChatport } from './process.testing.ts';

/** Runs the command in-process with captured output. */
const run = async (argv: string[], env: Record<string, string | undefined> = {}) => {
  let stdout = '';
  let stderr = '';
  const code = await runBackup(argv, { env, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
};

describe('chatport backup', () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatport-backup-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  const relay = async (options: Parameters<typeof startHarness>[0] = {}) => {
    const h = await startHarness({ store: 'sqlite', ...options });
    cleanup.push(() => h.close({ all: true }));
    return h;
  };

  it('while the relay stores pushes: holds every message committed before it started, and its files download from a relay started on it', async () => {
    const h = await relay();
    const visitor = await h.session();
    const photo = (await upload(h, visitor.token, PNG, 'image/png', 'photo.png')).json;
    expect((await sendUpload(h, visitor.token, photo.id)).status).toBe(201);
    const { number } = (await h.started.relay.context.store.getConversation(visitor.conversationId))!;

    // Signed pushes from the platform, one after another, until the backup is done; each acknowledged one is committed.
    const acknowledged: string[] = [];
    let stop = false;
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        const text = `push ${i}`;
        if ((await h.sim.push(textPush({ senderId: visitor.visitorId, convId: number }, text))).status === 200) acknowledged.push(text);
      }
    })();
    await expect.poll(() => acknowledged.length, { timeout: 5000 }).toBeGreaterThanOrEqual(20);

    const target = join(scratch(), 'backup-1');
    const committedBefore = [...acknowledged];
    const result = await runChatport(['backup', target], { DATA_DIR: h.dir });
    const duringBackup = acknowledged.length - committedBefore.length;
    stop = true;
    await load;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^Backed up ${h.dir} to ${target}:\\n  chatport\\.db  [\\d.]+ MB \\(1 visitor, \\d+ messages\\)\\n  uploads/     1 file, 0\\.0 MB\\n`),
    );
    expect(result.stdout).toContain(`Restore: stop the relay and start it with DATA_DIR=${target}`);
    // The relay kept storing while the backup ran.
    expect(duringBackup).toBeGreaterThan(0);
    // A ready data directory, and nothing half-made beside it.
    expect(readdirSync(target).sort()).toEqual(['chatport.db', 'uploads']);
    expect(readdirSync(join(target, 'uploads'))).toEqual([photo.id]);
    expect(readdirSync(join(target, '..'))).toEqual(['backup-1']);

    const copy = createSqliteStore({ file: join(target, 'chatport.db') });
    const texts = (await copy.listMessages(visitor.conversationId, { limit: 100_000 })).flatMap((m) => (m.body.kind === 'text' ? [m.body.text] : []));
    await copy.close();
    expect(texts).toEqual(expect.arrayContaining(committedBefore));

    // A relay started on the backup (same secret) serves the visitor's history and the file at its address.
    const restored = await relay({ dataDir: target });
    const file = await fetch(`${restored.url}${new URL(photo.url).pathname}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    const history = await restored.api<HistoryResponse>('/v1/messages?after=0&limit=5', { token: visitor.token });
    expect(history.status).toBe(200);
    expect(history.json.messages[0]?.body).toMatchObject({ kind: 'image', url: photo.url });
  });

  it('includes what a running relay has committed only to its write-ahead log so far (a plain file copy would not)', async () => {
    const h = await relay();
    const visitor = await h.session();
    const { number } = (await h.started.relay.context.store.getConversation(visitor.conversationId))!;
    for (const text of ['one', 'two', 'three']) expect((await h.sim.push(textPush({ senderId: visitor.visitorId, convId: number }, text))).status).toBe(200);
    const target = join(scratch(), 'b');
    expect((await run([target], { DATA_DIR: h.dir })).code).toBe(0);
    const copy = createSqliteStore({ file: join(target, 'chatport.db') });
    expect((await copy.listMessages(visitor.conversationId, { limit: 10 })).map((m) => (m.body.kind === 'text' ? m.body.text : m.body.kind))).toEqual(['one', 'two', 'three']);
    await copy.close();
  });

  it('names what it could not copy: a file deleted after the snapshot (retention) is a warning, not a failure', async () => {
    const dataDir = scratch();
    const store = createSqliteStore({ file: join(dataDir, 'chatport.db') });
    const { visitor, conversation } = await store.createVisitor();
    const gone = uploadRecord({ visitorId: visitor.id, conversationId: conversation.id });
    await store.addUpload(gone);
    await store.close();
    const target = join(scratch(), 'b');
    const result = await run([target, '--data-dir', dataDir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('uploads/     0 files');
    expect(result.stderr).toBe(`Warning: the snapshot names 1 uploaded file deleted before copying (by retention or an erasure since the snapshot): ${gone.id}\n`);
  });

  it('leaves nothing at the path when it fails part-way', async () => {
    const dataDir = scratch();
    const store = createSqliteStore({ file: join(dataDir, 'chatport.db') });
    const { visitor, conversation } = await store.createVisitor();
    const broken = uploadRecord({ visitorId: visitor.id, conversationId: conversation.id });
    await store.addUpload(broken);
    await store.close();
    // Not a file where the bytes should be: the copy fails.
    mkdirSync(join(dataDir, 'uploads', broken.id), { recursive: true });
    const parent = scratch();
    const result = await run([join(parent, 'b')], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^chatport backup: /);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a used path, a path inside the data directory, a missing database and bad options', async () => {
    const dataDir = scratch();
    const used = scratch();
    writeFileSync(join(used, 'keep.txt'), 'mine');
    expect(await run([used], { DATA_DIR: dataDir })).toEqual({
      code: 2,
      stdout: '',
      stderr: `chatport backup: ${used} already exists and is not an empty directory; choose a new path\n`,
    });
    expect(readdirSync(used)).toEqual(['keep.txt']);
    expect((await run([join(dataDir, 'backups')], { DATA_DIR: dataDir })).code).toBe(2);

    const empty = join(scratch(), 'made-by-you');
    mkdirSync(empty);
    expect(await run([empty], { DATA_DIR: dataDir })).toEqual({
      code: 1,
      stdout: '',
      stderr: `chatport backup: no Chatport database at ${join(dataDir, 'chatport.db')}; point DATA_DIR (or --data-dir) at the relay's data directory\n`,
    });
    expect(existsSync(join(dataDir, 'chatport.db'))).toBe(false);

    // An empty directory is fine to fill.
    await createSqliteStore({ file: join(dataDir, 'chatport.db') }).close();
    expect((await run([empty], { DATA_DIR: dataDir })).code).toBe(0);
    expect(readdirSync(empty).sort()).toEqual(['chatport.db', 'uploads']);

    for (const argv of [[], ['a', 'b'], ['x', '--dir', 'y']]) expect((await run(argv)).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const word of ['<path>', '--data-dir', 'DATA_DIR', 'chatport.db', 'uploads/', 'Restore', 'chatport.db-wal']) expect(help.stdout).toContain(word);
  });
});
