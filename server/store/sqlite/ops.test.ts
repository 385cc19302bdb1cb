import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ForeignDatabaseError, migrations } from './database.ts';
import { createSqliteStore } from './index.ts';

const root = mkdtempSync(join(tmpdir(), 'chatport-sqlite-ops-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const fileIn = (name: string) => {
  mkdirSync(join(root, name), { recursive: true });
  return join(root, name, 'chatport.db');
};

describe('sqlite store health', () => {
  it('counts the migrations a file still lacks, and fails once the database is closed', async () => {
    const file = fileIn('health');
    const store = createSqliteStore({ file });
    expect(await store.health()).toEqual({ migrationsPending: 0 });
    const other = new Database(file);
    other.pragma(`user_version = ${migrations.length - 2}`);
    other.close();
    expect(await store.health()).toEqual({ migrationsPending: 2 });
    await store.close();
    await expect(store.health()).rejects.toThrow();
  });
});

describe('a file that is not a Chatport database', () => {
  it("is refused without being written to when it holds another application's tables", () => {
    const file = fileIn('foreign');
    const db = new Database(file);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (9.5);');
    db.close();
    const before = readFileSync(file);
    expect(() => createSqliteStore({ file })).toThrow(ForeignDatabaseError);
    expect(readFileSync(file).equals(before)).toBe(true);
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'invoices' }]);
    check.close();
  });

  it("is refused with SQLite's own code when it is not SQLite at all", () => {
    const file = fileIn('text');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    expect(() => createSqliteStore({ file })).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));
  });
});
