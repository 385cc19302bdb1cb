import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../standins/uchat/index.ts';
import { startHarness, type Harness, type Simulator } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

const contents = (sim: Simulator) => sim.received.map((request) => (request.body as { content: string }).content);

describe('durable outbox: nothing the visitor writes is lost', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const harness = async (options: Parameters<typeof startHarness>[0] = {}) => {
    const h = await startHarness(options);
    cleanup.push(() => h.close());
    return h;
  };

  it('retries refusals, errors, resets and timeouts with backoff, then delivers in order, each once', async () => {
    const h: Harness = await harness({ platformTimeoutMs: 300 });
    h.sim.faults.botUrl.push({ kind: 'status', status: 503 }, { kind: 'reset' }, { kind: 'hang' }, { kind: 'status', status: 500 }, { kind: 'status', status: 429 });
    const { token } = await h.session();
    const stream = await openStream(h.url, token);
    for (const text of ['one', 'two', 'three']) expect((await h.send(token, text)).status).toBe(201);

    await h.sim.waitForReceived(3, 15_000);
    expect(contents(h.sim)).toEqual(['one', 'two', 'three']);
    await stream.waitFor((events) => events.some((e) => e.event === 'status' && (e.data as { deliveredSeq: number }).deliveredSeq === 3), 5000);
    expect(h.logs.filter((line) => line.includes('"outbox.retry"')).length).toBe(5);
    expect(await h.started.relay.context.store.outboxSize()).toBe(0);
    // Nothing more arrives later: each message was delivered exactly once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(contents(h.sim)).toEqual(['one', 'two', 'three']);
    await stream.close();
  });

  it('keeps queued messages across a relay restart and delivers them afterwards, in order', async () => {
    const sim = await createSimulator({});
    cleanup.push(() => sim.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'chatport-outbox-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const first = await startHarness({ store: 'sqlite', dataDir, simulator: sim });
    sim.faults.botUrl.push(...Array.from({ length: 1000 }, () => ({ kind: 'status' as const, status: 502 })));
    const { token } = await first.session();
    for (const text of ['before restart 1', 'before restart 2', 'before restart 3']) expect((await first.send(token, text)).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await first.started.relay.context.store.outboxSize()).toBe(3);
    await first.close();

    sim.faults.botUrl.length = 0;
    const accepted = sim.received.length;
    const second = await harness({ store: 'sqlite', dataDir, simulator: sim });
    await sim.waitForReceived(accepted + 3, 10_000);
    expect(contents(sim).slice(accepted)).toEqual(['before restart 1', 'before restart 2', 'before restart 3']);

    // The same session token still works, and the transcript shows everything as delivered.
    const history = await second.api<{ messages: { body: { text: string } }[]; deliveredSeq: number }>('/v1/messages', { token });
    expect(history.status).toBe(200);
    expect(history.json.messages.slice(0, 3).map((m) => m.body.text)).toEqual(['before restart 1', 'before restart 2', 'before restart 3']);
    await expect.poll(async () => (await second.api<{ deliveredSeq: number }>('/v1/messages', { token })).json.deliveredSeq).toBe(3);
  });
});
