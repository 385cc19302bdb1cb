import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryResponse } from '../../src/protocol/index.ts';
import { sendUpload, upload } from '../integration/upload-client.testing.ts';
import { startHarness, type Harness } from '../integration/harness.testing.ts';
import { PDF, PNG } from '../uploads/fixtures.testing.ts';
import { migrations } from '../store/sqlite/database.ts';
import { createSqliteStore } from '../store/sqlite/index.ts';
import { runVisitor } from './visitor.ts';
import { runChatport } from './process.testing.ts';

const IDENTITY_SECRET = 'identity-secret-'.padEnd(48, 'i');

/** Runs the command in-process with captured output. */
const run = async (argv: string[], env: Record<string, string | undefined>) => {
  let stdout = '';
  let stderr = '';
  const code = await runVisitor(argv, { env, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
};

const tokenOf = (url: string) => new URL(url).pathname.split('/')[2]!;

describe('chatport visitor, against the data directory of a running relay', () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const relay = async () => {
    const h = await startHarness({ store: 'sqlite', env: { CHATPORT_IDENTITY_SECRET: IDENTITY_SECRET } });
    cleanup.push(() => h.close({ all: true }));
    return h;
  };
  /** An identified visitor (user id `user`) with a text, a photo and a PDF sent (each answered), and a file never sent. */
  const chatter = async (h: Harness, user: string) => {
    const { createHmac } = await import('node:crypto');
    const hash = createHmac('sha256', IDENTITY_SECRET).update(user).digest('hex');
    const session = (
      await h.api<{ token: string; visitorId: string; conversationId: string }>('/v1/sessions', {
        method: 'POST',
        body: { identity: { id: user, name: 'Ada Lovelace', email: 'ada@example.com', hash } },
      })
    ).json;
    expect((await h.send(session.token, 'please forget me')).status).toBe(201);
    const photo = (await upload(h, session.token, PNG, 'image/png', 'me.png')).json;
    const pdf = (await upload(h, session.token, PDF, 'application/pdf', 'Résumé.pdf')).json;
    const draft = (await upload(h, session.token, PNG, 'image/png', 'draft.png')).json;
    for (const file of [photo, pdf]) expect((await sendUpload(h, session.token, file.id)).status).toBe(201);
    // Three messages sent, and the demo bot's answer to each stored.
    await expect.poll(async () => (await h.api<HistoryResponse>('/v1/messages', { token: session.token })).json.messages.length, { timeout: 5000 }).toBe(6);
    return { ...session, files: [photo, pdf, draft] };
  };

  it('erase: removes everything of the visitor while the relay runs, prints the counts, and the relay serves on', async () => {
    const h = await relay();
    const ada = await chatter(h, 'user-ada');
    const other = await h.session();
    expect((await h.send(other.token, 'I stay')).status).toBe(201);
    await h.sim.waitForReceived(4, 5000);

    const result = await run(['erase', 'user-ada'], { DATA_DIR: h.dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const conversation = /conversation \(number (\d+)\)/.exec(result.stdout)?.[1];
    expect(result.stdout).toBe(
      [
        `Erased visitor ${ada.visitorId} (user id "user-ada"):`,
        `  1 conversation (number ${conversation})`,
        '  6 messages',
        '  0 queued deliveries',
        '  0 platform links',
        '  3 uploaded files (bytes removed)',
        `The bot platform keeps its own copy: erase the user ${ada.visitorId} (conversation ${conversation}) there too.`,
        '',
      ].join('\n'),
    );

    // The running relay no longer knows them: files are dead links with no bytes left, the session is refused.
    for (const file of ada.files) {
      expect((await fetch(file.url)).status).toBe(404);
      expect(existsSync(join(h.dir, 'uploads', file.id))).toBe(false);
    }
    expect((await h.api('/v1/messages', { token: ada.token })).status).toBe(401);
    expect(await h.started.relay.context.store.getVisitorByExternalId('user-ada')).toBeUndefined();
    // Everyone else carries on.
    expect((await h.send(other.token, 'still here')).status).toBe(201);
    expect((await h.api<HistoryResponse>('/v1/messages', { token: other.token })).json.messages.map((m) => m.body.kind === 'text' && m.body.text)).toContain('I stay');
    // Not a word of their data in the output.
    expect(result.stdout).not.toMatch(/Ada|ada@example|please forget me/);

    // Erasing again: the visitor is unknown now.
    const again = await run(['erase', ada.visitorId], { DATA_DIR: h.dir });
    expect(again).toEqual({ code: 1, stdout: '', stderr: `chatport visitor erase: no visitor with the id or user id "${ada.visitorId}" in ${join(h.dir, 'chatport.db')}\n` });
  });

  it('export: the visitor, conversation, every message and upload details as JSON, never a file token; --files writes the bytes', async () => {
    const h = await relay();
    const ada = await chatter(h, 'user-ada');
    const out = mkdtempSync(join(tmpdir(), 'chatport-export-'));
    cleanup.push(() => rmSync(out, { recursive: true, force: true }));
    // A text quoting a file's address (and the bot's echo of it) must not leak the token either.
    expect((await h.send(ada.token, `here it is again: ${ada.files[0]!.url}`)).status).toBe(201);
    await expect.poll(async () => (await h.api<HistoryResponse>('/v1/messages', { token: ada.token })).json.messages.length, { timeout: 5000 }).toBe(8);

    const printed = await run(['export', ada.visitorId], { DATA_DIR: h.dir });
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    const doc = JSON.parse(printed.stdout) as {
      format: string;
      visitor: Record<string, unknown>;
      conversation: { id: string; number: number };
      messages: { seq: number; author: string; body: Record<string, unknown> }[];
      uploads: { id: string; name: string; size: number; sha256: string; sentAt?: string; file?: string }[];
    };
    expect(doc.format).toBe('chatport-visitor-export/1');
    expect(doc.visitor).toMatchObject({ id: ada.visitorId, externalId: 'user-ada', name: 'Ada Lovelace', email: 'ada@example.com', lastActiveAt: expect.any(String) });
    expect(doc.conversation.id).toBe(ada.conversationId);
    const history = (await h.api<HistoryResponse>('/v1/messages', { token: ada.token })).json.messages;
    expect(doc.messages.map((m) => m.seq)).toEqual(history.map((m) => m.seq));
    const [photo, pdf, draft] = ada.files;
    // A sent file is named by its upload id instead of its address.
    expect(doc.messages.find((m) => m.body['upload'] === photo!.id)?.body).toEqual({ kind: 'image', upload: photo!.id, name: 'me.png', size: PNG.length, mime: 'image/png' });
    expect(doc.uploads.map((u) => [u.id, u.name, u.size, u.sentAt === undefined])).toEqual([
      [photo!.id, 'me.png', PNG.length, false],
      [pdf!.id, 'Résumé.pdf', PDF.length, false],
      [draft!.id, 'draft.png', PNG.length, true],
    ]);
    for (const file of ada.files) expect(printed.stdout).not.toContain(tokenOf(file.url));
    expect(doc.messages.some((m) => m.body['text'] === `here it is again: ${new URL(photo!.url).origin}/files/[file ${photo!.id}]/me.png`)).toBe(true);

    // To a file (private), with the files themselves.
    const target = join(out, 'ada.json');
    const filesDir = join(out, 'files');
    const written = await run(['export', 'user-ada', '--out', target, '--files', filesDir], { DATA_DIR: h.dir });
    expect(written).toEqual({ code: 0, stdout: '', stderr: `Exported visitor ${ada.visitorId} to ${target}.\n` });
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(target, 'utf8')) as typeof doc;
    expect(saved.uploads.map((u) => u.file)).toEqual([`${photo!.id}-me.png`, `${pdf!.id}-Résumé.pdf`, `${draft!.id}-draft.png`]);
    expect(readdirSync(filesDir).sort()).toEqual(saved.uploads.map((u) => u.file).sort());
    expect(readFileSync(join(filesDir, `${pdf!.id}-Résumé.pdf`)).equals(PDF)).toBe(true);
    // An existing file is never overwritten.
    const clash = await run(['export', 'user-ada', '--out', target], { DATA_DIR: h.dir });
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/EEXIST/);
  });

  it('unknown visitors, a missing database and bad options: a clear line and the documented exit status', async () => {
    const scratchDir = () => {
      const dir = mkdtempSync(join(tmpdir(), 'chatport-empty-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    };
    const empty = scratchDir();
    expect(await run(['erase', 'v_nobody'], { DATA_DIR: empty })).toEqual({
      code: 1,
      stdout: '',
      stderr: `chatport visitor erase: no Chatport database at ${join(empty, 'chatport.db')}; point DATA_DIR (or --data-dir) at the relay's data directory\n`,
    });
    // Nothing was created by looking.
    expect(readdirSync(empty)).toEqual([]);

    // A database an older relay build still runs on is never brought forward underneath it.
    const old = scratchDir();
    await createSqliteStore({ file: join(old, 'chatport.db') }).close();
    const downgrade = new Database(join(old, 'chatport.db'));
    downgrade.pragma(`user_version = ${migrations.length - 1}`);
    downgrade.close();
    const refused = await run(['export', 'v_x'], { DATA_DIR: old });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/older than this Chatport's .*: restart the relay with this version first/);
    const check = new Database(join(old, 'chatport.db'), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(migrations.length - 1);
    check.close();

    const h = await relay();
    const unknown = await run(['export', 'nobody@example.com', '--data-dir', h.dir], {});
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: `chatport visitor export: no visitor with the id or user id "nobody@example.com" in ${join(h.dir, 'chatport.db')}\n` });

    for (const argv of [[], ['erase'], ['forget', 'v_x'], ['erase', 'a', 'b'], ['erase', 'v_x', '--out', 'f.json'], ['export', 'v_x', '--outt', 'f']]) {
      const bad = await run(argv, { DATA_DIR: h.dir });
      expect(bad.code, argv.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(/^chatport visitor: .*\nRun `chatport visitor --help` for details\.\n$/);
    }
    const help = await run(['--help'], {});
    expect(help.code).toBe(0);
    for (const word of ['erase', 'export', '--data-dir', 'DATA_DIR', '--out', '--files', 'user id']) expect(help.stdout).toContain(word);
  });
});

describe('chatport visitor through the package bin', () => {
  it('exports and erases from another process while the relay writes to the same database', async () => {
    const h = await startHarness({ store: 'sqlite' });
    try {
      const { token, visitorId } = await h.session();
      expect((await h.send(token, 'hello from the page')).status).toBe(201);
      await h.sim.waitForReceived(1, 5000);
      const exported = await runChatport(['visitor', 'export', visitorId], { DATA_DIR: h.dir }, { limitMs: 15_000 });
      expect(exported).toMatchObject({ code: 0, stderr: '' });
      expect((JSON.parse(exported.stdout) as { messages: { body: { text?: string } }[] }).messages[0]?.body.text).toBe('hello from the page');
      const erased = await runChatport(['visitor', 'erase', visitorId], { DATA_DIR: h.dir }, { limitMs: 15_000 });
      expect(erased.code).toBe(0);
      expect(erased.stdout).toContain(`Erased visitor ${visitorId}:`);
      expect(await h.started.relay.context.store.getVisitor(visitorId)).toBeUndefined();
      expect((await h.session()).visitorId).toMatch(/^v_/);
      const unknown = await runChatport(['visitor', 'erase', visitorId], { DATA_DIR: h.dir }, { limitMs: 15_000 });
      expect(unknown.code).toBe(1);
    } finally {
      await h.close({ all: true });
    }
  });
});
