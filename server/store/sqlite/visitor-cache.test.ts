import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Visitor } from '../types.ts';
import { openDatabase } from './database.ts';
import { createSqliteStore } from './index.ts';
import { createVisitorCache } from './visitor-cache.ts';

const root = mkdtempSync(join(tmpdir(), 'chatport-visitor-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const file = () => join(root, `case-${++counter}`, 'chatport.db');

const visitor = (id: string): Visitor => ({ id, conversationId: `c_${id}`, createdAt: '2026-01-01T00:00:00.000Z' });

describe('visitor cache (sqlite)', () => {
  it('reads a visitor once, hands out copies, and keeps at most `size`, dropping the first cached', () => {
    const db = openDatabase(file());
    const cache = createVisitorCache(db, { size: 2 });
    const load = vi.fn((id: string) => (id === 'v_gone' ? undefined : visitor(id)));
    const first = cache.get('v_a', load)!;
    first.name = 'changed by the caller';
    expect(cache.get('v_a', load)).toEqual(visitor('v_a'));
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.get('v_gone', load)).toBeUndefined();
    cache.get('v_b', load);
    cache.get('v_c', load);
    expect(cache.size()).toBe(2);
    cache.get('v_a', load);
    expect(load.mock.calls.map(([id]) => id)).toEqual(['v_a', 'v_gone', 'v_b', 'v_c', 'v_a']);
    cache.forget('v_a');
    cache.get('v_a', load);
    expect(load).toHaveBeenCalledTimes(6);
    db.close();
  });

  it('empties itself once another connection changed the database, asking at most every checkMs', () => {
    const path = file();
    const db = openDatabase(path);
    const clock = { now: 0 };
    const cache = createVisitorCache(db, { checkMs: 100, now: () => clock.now });
    const load = vi.fn(visitor);
    cache.get('v_a', load);
    const other = openDatabase(path);
    other.prepare("INSERT INTO visitors (id, created_at) VALUES ('v_other', 'x')").run();
    clock.now = 99;
    cache.get('v_a', load);
    expect(load).toHaveBeenCalledTimes(1);
    clock.now = 100;
    cache.get('v_a', load);
    expect(load).toHaveBeenCalledTimes(2);
    // Its own connection's writes leave it as it is.
    db.prepare("INSERT INTO visitors (id, created_at) VALUES ('v_own', 'x')").run();
    clock.now = 300;
    cache.get('v_a', load);
    expect(load).toHaveBeenCalledTimes(2);
    other.close();
    db.close();
  });

  it('never routes to a visitor erased by another process (a CLI erase beside the relay), nor shows a stale name', async () => {
    const path = file();
    const relay = createSqliteStore({ file: path, visitorCache: { checkMs: 0 } });
    const { visitor: created } = await relay.createVisitor();
    const named = await relay.identifyVisitor({ externalId: 'site-user-1', name: 'Ada' });
    expect(await relay.getVisitor(created.id)).toEqual(created);
    expect((await relay.getVisitor(named.visitor.id))?.name).toBe('Ada');
    await relay.identifyVisitor({ externalId: 'site-user-1', name: 'Ada L.' });
    expect((await relay.getVisitor(named.visitor.id))?.name).toBe('Ada L.');

    const cli = createSqliteStore({ file: path });
    await cli.eraseVisitor(created.id);
    await cli.close();
    expect(await relay.getVisitor(created.id)).toBeUndefined();

    const { visitor: again } = await relay.createVisitor();
    await relay.getVisitor(again.id);
    await relay.eraseVisitor(again.id);
    expect(await relay.getVisitor(again.id)).toBeUndefined();
    await relay.close();
  });
});
