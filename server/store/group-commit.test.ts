import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';
import { createMemoryStore } from './memory/index.ts';
import type { AppendRequest, AppendResult, Store } from './types.ts';

const text = (value: string) => ({ kind: 'text' as const, text: value });

/** A store whose batches are recorded; `schedule` keeps flushes until `tick()` runs them. */
const setup = ({ maxBatch }: { maxBatch?: number } = {}) => {
  const store = createMemoryStore();
  const batches: string[][] = [];
  const recording: Pick<Store, 'appendBatch'> = {
    appendBatch: (items: readonly AppendRequest[]) => {
      batches.push(items.map((item) => (item.draft.body.kind === 'text' ? item.draft.body.text : '?')));
      return store.appendBatch(items);
    },
  };
  const tasks: (() => void)[] = [];
  const commits = createGroupCommit({ store: recording, schedule: (flush) => void tasks.push(flush), ...(maxBatch ? { maxBatch } : {}) });
  /** Runs the scheduled flushes, then lets their promises settle. */
  const tick = async () => {
    for (const task of tasks.splice(0)) task();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { store, batches, commits, tick, tasks };
};

describe('group commit', () => {
  it('writes the appends made together in one batch, in call order, each caller getting its own result', async () => {
    const { store, batches, commits, tick } = setup();
    const a = (await store.createVisitor()).conversation.id;
    const b = (await store.createVisitor()).conversation.id;
    const calls = [
      commits.append(a, { author: 'bot', body: text('a1') }),
      commits.append(b, { author: 'visitor', body: text('b1'), clientId: 'k' }, { outbox: true }),
      commits.append(a, { author: 'bot', body: text('a2') }),
    ];
    expect(batches).toEqual([]);
    await tick();
    expect(batches).toEqual([['a1', 'b1', 'a2']]);
    const results = await Promise.all(calls);
    expect(results.map((r) => [r.created, r.message.conversationId === a ? 'a' : 'b', r.message.seq])).toEqual([
      [true, 'a', 1],
      [true, 'b', 1],
      [true, 'a', 2],
    ]);
    expect(await store.outboxSize()).toBe(1);
  });

  it('writes a lone append on the next flush, and nothing before it', async () => {
    const { store, batches, commits, tick, tasks } = setup();
    const id = (await store.createVisitor()).conversation.id;
    let settled = false;
    const call = commits.append(id, { author: 'bot', body: text('alone') }).then((result) => ((settled = true), result));
    await Promise.resolve();
    expect([settled, await store.listMessages(id, { limit: 5 })]).toEqual([false, []]);
    expect(tasks).toHaveLength(1);
    await tick();
    expect((await call).message.seq).toBe(1);
    expect(batches).toEqual([['alone']]);
  });

  it('writes at most maxBatch messages per transaction, the rest right after, in order', async () => {
    const { store, batches, commits, tick } = setup({ maxBatch: 2 });
    const id = (await store.createVisitor()).conversation.id;
    const calls = ['1', '2', '3', '4', '5'].map((value) => commits.append(id, { author: 'bot', body: text(value) }));
    for (let i = 0; i < 3; i++) await tick();
    expect(batches).toEqual([['1', '2'], ['3', '4'], ['5']]);
    expect((await Promise.all(calls)).map((r) => r.message.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('fails only the caller whose message cannot be stored: the rest of its batch is written one by one', async () => {
    const { store, batches, commits, tick } = setup();
    const id = (await store.createVisitor()).conversation.id;
    const good1 = commits.append(id, { author: 'bot', body: text('good 1') });
    const bad = commits.append('c_missing', { author: 'bot', body: text('bad') });
    const good2 = commits.append(id, { author: 'bot', body: text('good 2'), externalId: 'e' });
    const outcome = Promise.allSettled([good1, bad, good2]);
    await tick();
    const [first, failed, second] = await outcome;
    expect(failed.status).toBe('rejected');
    expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect([first, second].map((r) => (r as PromiseFulfilledResult<AppendResult>).value.message.seq)).toEqual([1, 2]);
    expect(batches).toEqual([['good 1', 'bad', 'good 2'], ['good 1'], ['bad'], ['good 2']]);
    // Each good message stored once: the failed batch stored nothing.
    expect((await store.listMessages(id, { limit: 10 })).map((m) => m.seq)).toEqual([1, 2]);
  });

  it('writes one batch at a time: what arrives while one is written goes in the next', async () => {
    const store = createMemoryStore();
    const id = (await store.createVisitor()).conversation.id;
    const batches: number[] = [];
    let release = () => {};
    const slow: Pick<Store, 'appendBatch'> = {
      appendBatch: async (items) => {
        batches.push(items.length);
        await new Promise<void>((resolve) => (release = resolve));
        return store.appendBatch(items);
      },
    };
    const tasks: (() => void)[] = [];
    const commits = createGroupCommit({ store: slow, schedule: (flush) => void tasks.push(flush) });
    const first = commits.append(id, { author: 'bot', body: text('1') });
    tasks.splice(0).forEach((task) => task());
    const later = [commits.append(id, { author: 'bot', body: text('2') }), commits.append(id, { author: 'bot', body: text('3') })];
    tasks.splice(0).forEach((task) => task());
    expect(batches).toEqual([1]);
    const settled = commits.settled();
    release();
    expect((await first).message.seq).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    tasks.splice(0).forEach((task) => task());
    expect(batches).toEqual([1, 2]);
    expect(commits.pending()).toBe(0);
    release();
    await settled;
    expect((await Promise.all(later)).map((r) => r.message.seq)).toEqual([2, 3]);
  });

  it("runs the callers' stored callbacks in the batch's order, before any caller resumes", async () => {
    const { store, commits, tick } = setup();
    const id = (await store.createVisitor()).conversation.id;
    const seen: string[] = [];
    const record = (who: string) => (result: AppendResult) => void seen.push(`${who} stored ${result.message.seq}`);
    const slow = commits
      .append(id, { author: 'bot', body: text('a') }, { stored: record('a') })
      .then((result) => result)
      .then((result) => seen.push(`a resumed ${result.message.seq}`));
    const quick = commits
      .append(id, { author: 'visitor', body: text('b'), clientId: 'k-b' }, { outbox: true, stored: record('b') })
      .then((result) => seen.push(`b resumed ${result.message.seq}`));
    await tick();
    await Promise.all([slow, quick]);
    expect(seen.slice(0, 2)).toEqual(['a stored 1', 'b stored 2']);
    expect(seen).toHaveLength(4);
  });
});
