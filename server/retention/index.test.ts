import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log.ts';
import { createMetrics } from '../metrics/index.ts';
import { createMemoryStore } from '../store/memory/index.ts';
import { uploadRecord } from '../store/store.uploads.testing.ts';
import type { Store } from '../store/types.ts';
import { createMemoryBlobs } from '../uploads/blobs.ts';
import { createRetention, DAY, type RetentionOptions } from './index.ts';

const START = Date.parse('2024-06-01T00:00:00.000Z');
const text = (value: string) => ({ kind: 'text' as const, text: value });

async function* bytes(value: string) {
  yield Buffer.from(value);
}

/** A memory store and blob store on one hand-moved clock, and a retention over them. */
const setup = (options: Partial<RetentionOptions> = {}) => {
  const clock = { now: START };
  const now = () => clock.now;
  const store = createMemoryStore({ now });
  const blobs = createMemoryBlobs({ now });
  const logs: string[] = [];
  const retention = createRetention({ store, blobs, logger: createLogger({ write: (line) => logs.push(line) }), now, ...options });
  /** An upload with its bytes, recorded now. */
  const upload = async (owner: { visitorId: string; conversationId: string }) => {
    const record = uploadRecord(owner, { createdAt: new Date(clock.now).toISOString() });
    await blobs.put(record.id, bytes('file bytes'));
    await store.addUpload(record);
    return record;
  };
  const visitor = async () => {
    const { visitor: v, conversation } = await store.createVisitor();
    return { visitorId: v.id, conversationId: conversation.id };
  };
  return { clock, store, blobs, logs, retention, upload, visitor };
};

const texts = async (store: Store, conversationId: string) =>
  (await store.listMessages(conversationId, { limit: 100 })).map((message) => (message.body.kind === 'text' ? message.body.text : message.body.kind));

describe('retention', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('off: keeps every message and visitor for years, but removes uploads never sent within a day and stray files, bytes too', async () => {
    const { clock, store, blobs, retention, upload, visitor } = setup();
    const owner = await visitor();
    await store.append(owner.conversationId, { author: 'visitor', body: text('hello') });
    const orphan = await upload(owner);
    const sent = await upload(owner);
    await store.append(owner.conversationId, { author: 'visitor', body: text('photo'), uploadId: sent.id });
    await blobs.put('u_stray', bytes('crash leftover'));

    clock.now = START + DAY - 1;
    expect(await retention.run()).toEqual({ messages: 0, visitors: 0, uploads: 0, strayFiles: 0 });
    expect(await blobs.size(orphan.id)).toBeDefined();

    clock.now = START + 3650 * DAY;
    expect(await retention.run()).toEqual({ messages: 0, visitors: 0, uploads: 1, strayFiles: 1 });
    expect(await store.getUploadByToken(orphan.token)).toBeUndefined();
    expect(await blobs.size(orphan.id)).toBeUndefined();
    expect(await blobs.size('u_stray')).toBeUndefined();
    expect(await blobs.size(sent.id)).toBe(10);
    expect(await store.getVisitor(owner.visitorId)).toBeDefined();
    expect(await texts(store, owner.conversationId)).toEqual(['hello', 'photo']);
  });

  it('leaves a file alone that is written but not yet recorded (a fresh stray)', async () => {
    const { clock, blobs, retention } = setup();
    clock.now = START + 10 * DAY;
    await blobs.put('u_arriving', bytes('being recorded'));
    clock.now += DAY - 1;
    expect((await retention.run())?.strayFiles).toBe(0);
    expect(await blobs.size('u_arriving')).toBeDefined();
  });

  it('on: deletes old messages and uploads, erases inactive visitors with their files, keeps whatever waits for delivery', async () => {
    const { clock, store, blobs, logs, retention, upload, visitor } = setup({ days: 30 });
    const idle = await visitor();
    const idleFile = await upload(idle);
    await store.append(idle.conversationId, { author: 'visitor', body: text('bye'), uploadId: idleFile.id });
    await store.saveLink({ visitorId: idle.visitorId, contactRef: 'contact-idle', data: {} });

    const regular = await visitor();
    const oldFile = await upload(regular);
    await store.append(regular.conversationId, { author: 'visitor', body: text('old'), uploadId: oldFile.id });

    const stuck = await visitor();
    const stuckFile = await upload(stuck);
    await store.append(stuck.conversationId, { author: 'visitor', body: text('platform down'), uploadId: stuckFile.id }, { outbox: true });

    clock.now = START + 29 * DAY;
    await store.touchVisitor(regular.visitorId);
    await store.append(regular.conversationId, { author: 'bot', body: text('recent') });
    expect(await retention.run()).toEqual({ messages: 0, visitors: 0, uploads: 0, strayFiles: 0 });

    clock.now = START + 31 * DAY;
    const result = await retention.run();
    expect(result).toEqual({ messages: 2, visitors: 1, uploads: 2, strayFiles: 0 });

    expect(await store.getVisitor(idle.visitorId)).toBeUndefined();
    expect(await store.findLink({ contactRef: 'contact-idle' })).toBeUndefined();
    expect(await blobs.size(idleFile.id)).toBeUndefined();

    expect(await texts(store, regular.conversationId)).toEqual(['recent']);
    expect(await store.getUploadByToken(oldFile.token)).toBeUndefined();
    expect(await blobs.size(oldFile.id)).toBeUndefined();

    // A message the platform has not accepted yet is kept, with its conversation and file, however old.
    expect(await store.getVisitor(stuck.visitorId)).toBeDefined();
    expect(await texts(store, stuck.conversationId)).toEqual(['platform down']);
    expect(await store.outboxSize()).toBe(1);
    expect(await blobs.size(stuckFile.id)).toBe(10);

    const line = JSON.parse(logs.find((entry) => entry.includes('retention.pass'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', event: 'retention.pass', messages: 2, visitors: 1, uploads: 2, days: 30 });
    for (const file of [idleFile, oldFile, stuckFile]) expect(logs.join('\n')).not.toContain(file.token);
  });

  it('works through a backlog in bounded steps, giving the event loop a turn between them', async () => {
    const { clock, store, retention, visitor } = setup({ days: 1, batch: 3 });
    const owner = await visitor();
    for (let i = 0; i < 10; i++) await store.append(owner.conversationId, { author: 'bot', body: text(`m${i}`) });
    await store.touchVisitor(owner.visitorId);
    clock.now = START + 2 * DAY;
    await store.touchVisitor(owner.visitorId);

    const steps: string[] = [];
    const prune = store.pruneMessages.bind(store);
    store.pruneMessages = async (before, limit) => {
      steps.push(`prune ${limit}`);
      // Something else the relay has to do meanwhile: it must run before the next step.
      setImmediate(() => steps.push('other work'));
      return prune(before, limit);
    };
    expect((await retention.run())?.messages).toBe(10);
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).toEqual(['prune 3', 'other work', 'prune 3', 'other work', 'prune 3', 'other work', 'prune 3', 'other work']);
    expect(await texts(store, owner.conversationId)).toEqual([]);
  });

  it('stops between steps when closed, and runs no pass after that', async () => {
    const { clock, store, retention, visitor } = setup({ days: 1, batch: 2 });
    const owner = await visitor();
    for (let i = 0; i < 10; i++) await store.append(owner.conversationId, { author: 'bot', body: text(`m${i}`) });
    clock.now = START + 2 * DAY;
    await store.touchVisitor(owner.visitorId);
    const prune = store.pruneMessages.bind(store);
    let closing: Promise<void> | undefined;
    store.pruneMessages = async (before, limit) => {
      closing ??= retention.close();
      return prune(before, limit);
    };
    const pass = retention.run();
    await closing;
    expect((await pass)?.messages).toBe(2);
    expect(await texts(store, owner.conversationId)).toHaveLength(8);
    expect(await retention.run()).toBeUndefined();
  });

  it('runs its first pass a moment after start, then on its interval, until closed', async () => {
    vi.useFakeTimers();
    const passes: number[] = [];
    const { retention } = setup({ startDelayMs: 1000, intervalMs: 60_000, onPass: () => passes.push(Date.now()) });
    const started = Date.now();
    retention.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(passes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toEqual([started + 1000]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(passes).toEqual([started + 1000, started + 61_000, started + 121_000]);
    await retention.close();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(passes).toHaveLength(3);
  });

  it('logs a failed pass without throwing, and tries again on the next one', async () => {
    const { store, logs, retention } = setup();
    const sweep = store.pruneUploads.bind(store);
    store.pruneUploads = async () => Promise.reject(new Error('disk I/O error'));
    expect(await retention.run()).toBeUndefined();
    expect(logs.some((line) => line.includes('"event":"retention.failed"') && line.includes('disk I/O error'))).toBe(true);
    store.pruneUploads = sweep;
    expect(await retention.run()).toEqual({ messages: 0, visitors: 0, uploads: 0, strayFiles: 0 });
  });

  it('counts what it deleted in the metrics by kind', async () => {
    const metrics = createMetrics();
    const { clock, store, retention, upload, visitor } = setup({ days: 1, metrics });
    const owner = await visitor();
    await store.append(owner.conversationId, { author: 'bot', body: text('x') });
    await upload(owner);
    clock.now = START + 2 * DAY;
    await retention.run();
    const counted = (await metrics.render()).split('\n').filter((line) => line.startsWith('chatport_retention_deleted_total{'));
    expect(counted).toEqual([
      'chatport_retention_deleted_total{kind="messages"} 1',
      'chatport_retention_deleted_total{kind="visitors"} 1',
      'chatport_retention_deleted_total{kind="uploads"} 1',
      'chatport_retention_deleted_total{kind="strayFiles"} 0',
    ]);
  });
});
