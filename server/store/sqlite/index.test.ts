import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreContract } from '../store.testing.ts';
import { createSqliteStore } from './index.ts';
import { migrations, openDatabase } from './database.ts';
import { uploadRecord } from '../store.uploads.testing.ts';
import { text, type Open } from '../store.outbox.testing.ts';

const root = mkdtempSync(join(tmpdir(), 'chatport-sqlite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Undoes migration 7 (reply senders, read receipts), as a relay built before them left its file.
const UNDO_7 = 'ALTER TABLE messages DROP COLUMN sender; ALTER TABLE conversations DROP COLUMN read_seq;';
// Undoes migrations 7 and 6 (activity, sent uploads), as a relay built before retention left its file.
const UNDO_6 =
  UNDO_7 +
  'DROP INDEX conversations_active_at; ALTER TABLE conversations DROP COLUMN active_at; DROP INDEX messages_created_at; ' +
  'DROP INDEX uploads_unsent; DROP INDEX uploads_created_at; ALTER TABLE uploads DROP COLUMN sent_at;';
// Undoes migrations 7, 6 and 5 (upload quotas); dropping the uploads table later takes its index and triggers with it.
const UNDO_5 =
  UNDO_6 + 'DROP TRIGGER uploads_total_added; DROP TRIGGER uploads_total_removed; DROP TRIGGER uploads_total_resized; DROP TABLE upload_totals; DROP INDEX uploads_visitor;';
// Undoes migrations 7 to 4 (message versions, platform links), as a relay built before them left its file.
const UNDO_4 = UNDO_5 + 'DROP TABLE links; DROP INDEX messages_replaces; ALTER TABLE messages DROP COLUMN replaces; ALTER TABLE messages DROP COLUMN platform_order;';

let counter = 0;
let file = '';
// Each store gets its own file under a directory that does not exist yet.
const open: Open = (options) => createSqliteStore({ file: (file = join(root, `case-${++counter}`, 'chatport.db')), ...options });
runStoreContract('sqlite', open, () => createSqliteStore({ file }));

describe('sqlite store file', () => {
  it('creates its directory and file, in WAL mode, at the latest schema version', async () => {
    const path = join(root, 'fresh', 'nested', 'chatport.db');
    const store = createSqliteStore({ file: path });
    await store.createVisitor();
    await store.close();
    expect(existsSync(path)).toBe(true);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it('commits with a full sync, waits on a busy lock and enforces foreign keys', () => {
    const db = openDatabase(join(root, 'pragmas', 'chatport.db'));
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('never lowers deliveredSeq when an older item is delivered late', async () => {
    const path = join(root, 'late', 'chatport.db');
    const store = createSqliteStore({ file: path });
    const { conversation } = await store.createVisitor();
    const first = await store.append(conversation.id, { author: 'visitor', body: { kind: 'text', text: '1' } }, { outbox: true });
    await store.append(conversation.id, { author: 'visitor', body: { kind: 'text', text: '2' } }, { outbox: true });
    // Only a head is ever handed out; to deliver out of order, take the second item's id from the file itself.
    const db = new Database(path, { readonly: true });
    const { id: secondId } = db.prepare('SELECT id FROM outbox WHERE seq = 2').get() as { id: string };
    db.close();
    const [head] = await store.outboxDue(Date.now(), 10);
    expect(head?.messageId).toBe(first.message.id);
    expect(await store.outboxDelivered(secondId)).toBe(2);
    expect(await store.outboxDelivered(head!.id)).toBe(2);
    expect((await store.getConversation(conversation.id))?.deliveredSeq).toBe(2);
    await store.close();
  });

  it('keeps JSON bodies as text', async () => {
    const path = join(root, 'text', 'chatport.db');
    const store = createSqliteStore({ file: path });
    const { conversation } = await store.createVisitor();
    await store.append(conversation.id, { author: 'bot', body: { kind: 'text', text: 'héllo "quoted"' } });
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT typeof(body) AS type, body FROM messages').get()).toEqual({ type: 'text', body: '{"kind":"text","text":"héllo \\"quoted\\""}' });
    db.close();
  });

  it('refuses a database written by a newer schema version', async () => {
    const path = join(root, 'newer', 'chatport.db');
    await createSqliteStore({ file: path }).close();
    const db = new Database(path);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => createSqliteStore({ file: path })).toThrow(/newer/);
  });

  it('brings a first-version database forward without losing data, then keeps uploads', async () => {
    const path = join(root, 'v1', 'chatport.db');
    const first = createSqliteStore({ file: path });
    const { visitor, conversation } = await first.createVisitor();
    await first.append(conversation.id, { author: 'visitor', body: { kind: 'text', text: 'before uploads' } });
    await first.close();
    // Take the file back to schema 1, as a relay built before uploads left it.
    const db = new Database(path);
    db.exec(UNDO_4);
    db.exec('DROP TABLE uploads; DROP INDEX conversations_id_visitor;');
    db.exec('DROP INDEX visitors_external_id; ALTER TABLE visitors DROP COLUMN email; ALTER TABLE visitors DROP COLUMN name; ALTER TABLE visitors DROP COLUMN external_id;');
    db.pragma('user_version = 1');
    db.close();

    const store = createSqliteStore({ file: path });
    expect((await store.listMessages(conversation.id, { limit: 10 })).map((m) => m.body)).toEqual([{ kind: 'text', text: 'before uploads' }]);
    const upload = uploadRecord({ visitorId: visitor.id, conversationId: conversation.id });
    await store.addUpload(upload);
    expect(await store.getUploadByToken(upload.token)).toEqual(upload);
    await store.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(migrations.length);
    check.close();
  });

  it('brings a schema-2 database forward to identified visitors without losing visitors, messages or uploads', async () => {
    const path = join(root, 'v2', 'chatport.db');
    const first = createSqliteStore({ file: path });
    const { visitor, conversation } = await first.createVisitor();
    await first.append(conversation.id, { author: 'visitor', body: { kind: 'text', text: 'before identities' } }, { outbox: true });
    const upload = uploadRecord({ visitorId: visitor.id, conversationId: conversation.id });
    await first.addUpload(upload);
    await first.close();
    // Take the file back to schema 2, as a relay built before identified visitors left it.
    const db = new Database(path);
    db.exec(UNDO_4);
    db.exec('DROP INDEX visitors_external_id; ALTER TABLE visitors DROP COLUMN email; ALTER TABLE visitors DROP COLUMN name; ALTER TABLE visitors DROP COLUMN external_id;');
    db.pragma('user_version = 2');
    db.close();

    const store = createSqliteStore({ file: path });
    expect(await store.getVisitor(visitor.id)).toEqual(visitor);
    expect((await store.listMessages(conversation.id, { limit: 10 })).map((m) => m.body)).toEqual([{ kind: 'text', text: 'before identities' }]);
    expect(await store.outboxSize()).toBe(1);
    expect(await store.getUploadByToken(upload.token)).toEqual(upload);
    const identified = await store.identifyVisitor({ externalId: 'user-1', name: 'Ada' });
    expect(identified.created).toBe(true);
    expect(identified.conversation.number).toBeGreaterThan(conversation.number);
    await store.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(migrations.length);
    check.close();
  });

  it('brings a schema-3 database forward to message versions and platform links, keeping its messages', async () => {
    const path = join(root, 'v3', 'chatport.db');
    const first = createSqliteStore({ file: path });
    const { visitor, conversation } = await first.createVisitor();
    const { message } = await first.append(conversation.id, { author: 'agent', body: { kind: 'text', text: 'before versions' }, externalId: '41' });
    await first.close();
    const db = new Database(path);
    db.exec(UNDO_4);
    db.pragma('user_version = 3');
    db.close();

    const store = createSqliteStore({ file: path });
    expect(await store.findExternal(conversation.id, '41')).toEqual({ original: message, latest: message });
    const { message: latest } = await store.append(conversation.id, { author: 'agent', body: { kind: 'deleted' }, replaces: message.id });
    expect((await store.findExternal(conversation.id, '41'))?.latest).toEqual(latest);
    await store.saveLink({ visitorId: visitor.id, contactRef: 'src', data: {} });
    expect((await store.findLink({ contactRef: 'src' }))?.visitorId).toBe(visitor.id);
    await store.close();
  });

  it('brings a schema-4 database forward to upload quotas, counting the uploads it already holds', async () => {
    const path = join(root, 'v4', 'chatport.db');
    const first = createSqliteStore({ file: path });
    const { visitor, conversation } = await first.createVisitor();
    const other = await first.createVisitor();
    await first.addUpload(uploadRecord({ visitorId: visitor.id, conversationId: conversation.id }, { size: 300 }));
    await first.addUpload(uploadRecord({ visitorId: other.visitor.id, conversationId: other.conversation.id }, { size: 20 }));
    await first.close();
    const db = new Database(path);
    db.exec(UNDO_5);
    db.pragma('user_version = 4');
    db.close();

    const store = createSqliteStore({ file: path });
    expect(await store.uploadUsage(visitor.id)).toEqual({ visitorBytes: 300, totalBytes: 320 });
    await store.addUpload(uploadRecord({ visitorId: visitor.id, conversationId: conversation.id }, { size: 1 }));
    expect(await store.uploadUsage(visitor.id)).toEqual({ visitorBytes: 301, totalBytes: 321 });
    await store.close();
  });

  it('keeps the running total right when upload rows go or change size', () => {
    const path = join(root, 'totals', 'chatport.db');
    const db = openDatabase(path);
    db.exec("INSERT INTO visitors (id, created_at) VALUES ('v_1', 'now'); INSERT INTO conversations (id, visitor_id, created_at) VALUES ('c_1', 'v_1', 'now')");
    const insert = db.prepare(
      "INSERT INTO uploads (id, token, visitor_id, conversation_id, name, mime, kind, size, sha256, created_at) VALUES (?, ?, 'v_1', 'c_1', 'a', 'image/png', 'image', ?, 'x', 'now')",
    );
    insert.run('u_1', 't1', 10);
    insert.run('u_2', 't2', 20);
    const total = () => (db.prepare('SELECT bytes FROM upload_totals').get() as { bytes: number }).bytes;
    expect(total()).toBe(30);
    db.exec("DELETE FROM uploads WHERE id = 'u_1'");
    expect(total()).toBe(20);
    db.exec("UPDATE uploads SET size = 25 WHERE id = 'u_2'");
    expect(total()).toBe(25);
    db.close();
  });

  it('brings a schema-5 database forward to activity and sent uploads, judged from what it holds', async () => {
    const path = join(root, 'v4', 'chatport.db');
    const at = (day: number) => new Date(Date.UTC(2024, 0, day)).toISOString();
    const first = createSqliteStore({ file: path, now: () => Date.parse(at(1)) });
    const chatty = await first.createVisitor();
    const uploader = await first.createVisitor();
    const quiet = await first.createVisitor();
    await first.append(chatty.conversation.id, { author: 'bot', body: text('old'), createdAt: at(3) });
    await first.append(chatty.conversation.id, { author: 'bot', body: text('newest'), createdAt: at(5) });
    const sent = uploadRecord({ visitorId: uploader.visitor.id, conversationId: uploader.conversation.id }, { createdAt: at(4) });
    const orphan = uploadRecord({ visitorId: uploader.visitor.id, conversationId: uploader.conversation.id }, { createdAt: at(6) });
    await first.addUpload(sent);
    await first.addUpload(orphan);
    // Sent before uploads were marked: only its public address in the message says so.
    await first.append(uploader.conversation.id, { author: 'visitor', body: { kind: 'image', url: `https://old.example/files/${sent.token}/photo.png` }, createdAt: at(4) });
    await first.close();
    const db = new Database(path);
    db.exec(UNDO_6);
    db.pragma('user_version = 5');
    db.close();

    const store = createSqliteStore({ file: path, now: () => Date.parse(at(40)) });
    expect(await store.lastActive(chatty.visitor.id)).toBe(at(5));
    expect(await store.lastActive(uploader.visitor.id)).toBe(at(6));
    expect(await store.lastActive(quiet.visitor.id)).toBe(at(1));
    expect((await store.listUploads(uploader.conversation.id)).map((u) => [u.id, u.sentAt])).toEqual([
      [sent.id, at(4)],
      [orphan.id, undefined],
    ]);
    expect(await store.pruneUploads({ unsentBefore: at(39) }, 10)).toEqual([orphan.id]);
    const pruned = await store.pruneVisitors(at(5), 10);
    expect(pruned.visitors).toBe(1);
    expect(await store.getVisitor(quiet.visitor.id)).toBeUndefined();
    await store.close();
  });

  it('brings a schema-6 database forward to reply senders, keeping its messages as they were', async () => {
    const path = join(root, 'schema-6', 'chatport.db');
    const first = createSqliteStore({ file: path });
    const { conversation } = await first.createVisitor();
    await first.append(conversation.id, { author: 'agent', body: text('before senders') });
    await first.close();
    const db = new Database(path);
    db.exec(UNDO_7);
    db.pragma('user_version = 6');
    db.close();

    const store = createSqliteStore({ file: path });
    const [old] = await store.listMessages(conversation.id, { limit: 10 });
    expect(old && 'sender' in old).toBe(false);
    const { message } = await store.append(conversation.id, { author: 'agent', body: text('after'), sender: { name: 'Jane' } });
    expect((await store.getMessage(conversation.id, message.id))?.sender).toEqual({ name: 'Jane' });
    await store.close();
  });

  it("counts on from an older file's last_seq, which then counted every message, past messages since deleted", async () => {
    const path = join(root, 'v7-seq', 'chatport.db');
    const first = createSqliteStore({ file: path });
    const { conversation } = await first.createVisitor();
    for (const value of ['1', '2', '3']) await first.append(conversation.id, { author: 'bot', body: { kind: 'text', text: value } });
    await first.close();
    // As a build before group commit left it: last_seq at the newest seq handed out (5), whose messages are gone.
    const db = new Database(path);
    db.prepare('UPDATE conversations SET last_seq = 5').run();
    db.pragma('user_version = 7');
    db.close();
    const store = createSqliteStore({ file: path });
    expect((await store.append(conversation.id, { author: 'bot', body: { kind: 'text', text: '6' } })).message.seq).toBe(6);
    await store.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(migrations.length);
    check.close();
  });

  it('lets two stores on different files live in one process', async () => {
    const one = createSqliteStore({ file: join(root, 'two', 'a.db') });
    const two = createSqliteStore({ file: join(root, 'two', 'b.db') });
    const { conversation } = await one.createVisitor();
    expect(await two.getConversation(conversation.id)).toBeUndefined();
    await Promise.all([one.close(), two.close()]);
  });
});
