import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryResponse, SessionResponse } from '../../src/protocol/index.ts';
import { sendUpload, upload } from '../integration/upload-client.testing.ts';
import { startHarness, type Harness } from '../integration/harness.testing.ts';
import { PNG } from '../uploads/fixtures.testing.ts';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2025-01-10T09:00:00.000Z');

describe('retention in a running relay (sqlite, files on disk, RETENTION_DAYS=30, a faked calendar)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close({ all: true });
    h = undefined;
    vi.useRealTimers();
  });

  it('removes abandoned uploads after a day and inactive visitors after the period, keeps the active and the undelivered', async () => {
    // Only the calendar is faked (and keeps running): timers, sockets and disks are real.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(T0);
    // A file left in uploads/ by a crash between writing the bytes and recording them.
    const dataDir = mkdtempSync(join(tmpdir(), 'chatport-retention-'));
    const uploadsDir = join(dataDir, 'uploads');
    mkdirSync(uploadsDir);
    const stray = join(uploadsDir, 'u_strayLeftByACrash00000');
    writeFileSync(stray, 'bytes without a record');
    utimesSync(stray, new Date(T0 - 2 * DAY), new Date(T0 - 2 * DAY));

    let passes = 0;
    h = await startHarness({
      store: 'sqlite',
      dataDir,
      env: { RETENTION_DAYS: '30' },
      relayOptions: { retention: { startDelayMs: 0, intervalMs: 50, onPass: () => void passes++ } },
    });
    const harness = h;
    /** Two whole passes after now, so one has started after whatever the test just changed. */
    const passesLater = async () => {
      const target = passes + 2;
      await vi.waitFor(() => expect(passes).toBeGreaterThanOrEqual(target), { timeout: 5000, interval: 20 });
    };
    const store = harness.started.relay.context.store;
    const history = async (token: string) =>
      (await harness.api<HistoryResponse>('/v1/messages', { token })).json.messages.map((m) => (m.body.kind === 'text' ? m.body.text : m.body.kind));
    const resume = async (token: string) => (await harness.api<SessionResponse>('/v1/sessions', { method: 'POST', body: { token } })).json;

    // Day 0: a visitor who sends a photo and never returns; one who uploads and never sends; one who comes back.
    const leaving = await harness.session();
    const photo = (await upload(harness, leaving.token, PNG, 'image/png', 'photo.png')).json;
    expect((await sendUpload(harness, leaving.token, photo.id)).status).toBe(201);
    const abandoning = await harness.session();
    const abandoned = (await upload(harness, abandoning.token, PNG, 'image/png', 'draft.png')).json;
    const returning = await harness.session();
    expect((await harness.send(returning.token, 'first visit')).status).toBe(201);
    await vi.waitFor(async () => expect(await store.outboxSize()).toBe(0), { timeout: 5000 });
    // And one whose message the platform refuses for as long as the test runs.
    harness.sim.faults.botUrl.push(...Array.from({ length: 5000 }, () => ({ kind: 'status' as const, status: 503 })));
    const stuck = await harness.session();
    expect((await harness.send(stuck.token, 'still waiting')).status).toBe(201);

    await passesLater();
    expect(existsSync(stray)).toBe(false);
    expect((await fetch(abandoned.url)).status).toBe(200);

    // Day 2: the upload nobody sent is gone, bytes and address; everything else is kept.
    vi.setSystemTime(T0 + 2 * DAY);
    await passesLater();
    expect((await fetch(abandoned.url)).status).toBe(404);
    expect(existsSync(join(uploadsDir, abandoned.id))).toBe(false);
    expect((await fetch(photo.url)).status).toBe(200);
    expect(await store.getVisitor(abandoning.visitorId)).toBeDefined();

    // Day 29: the returning visitor opens the page again (a session, no message).
    vi.setSystemTime(T0 + 29 * DAY);
    expect((await resume(returning.token)).resumed).toBe(true);

    // Day 31: past the period.
    vi.setSystemTime(T0 + 31 * DAY);
    await passesLater();
    // The visitor who left is erased with their file: the address is dead, the bytes gone, the old token starts afresh.
    expect(await store.getVisitor(leaving.visitorId)).toBeUndefined();
    expect((await fetch(photo.url)).status).toBe(404);
    expect(existsSync(join(uploadsDir, photo.id))).toBe(false);
    const after = await resume(leaving.token);
    expect(after.resumed).toBe(false);
    expect(after.visitorId).not.toBe(leaving.visitorId);
    expect(await store.getVisitor(abandoning.visitorId)).toBeUndefined();
    // The returning visitor is kept; their messages from day 0 are past the period.
    const back = await resume(returning.token);
    expect(back).toMatchObject({ resumed: true, visitorId: returning.visitorId });
    expect(await history(back.token)).toEqual([]);
    // A message the platform has not accepted is never deleted, nor its visitor.
    const stuckAgain = await resume(stuck.token);
    expect(stuckAgain.resumed).toBe(true);
    expect(await history(stuckAgain.token)).toEqual(['still waiting']);
    expect(await store.outboxSize()).toBe(1);

    const lines = harness.logs.filter((line) => line.includes('"retention.pass"'));
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [photo.url, abandoned.url].map((url) => new URL(url).pathname.split('/')[2]!)) expect(harness.logs.join('\n')).not.toContain(secret);
  });
});
