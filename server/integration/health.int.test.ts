import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

interface Readiness {
  ok: boolean;
  checks: Record<string, string>;
  failing?: string[];
}

describe('GET /healthz and GET /readyz', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const readyz = async () => {
    const response = await fetch(`${h!.url}/readyz`);
    return { status: response.status, body: (await response.json()) as Readiness };
  };

  it('says the process is alive, and that it is ready when the store answers, its schema is current and the provider is ready', async () => {
    h = await startHarness({ store: 'sqlite' });
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, provider: 'uchat', mode: 'demo' });
    expect(await readyz()).toEqual({ status: 200, body: { ok: true, checks: { accepting: 'ok', store: 'ok', migrations: 'ok', provider: 'ok' } } });
  });

  it("is not ready, by name, when the store cannot answer — without the store's own error text", async () => {
    h = await startHarness();
    const { store } = h.started.relay.context;
    store.health = async () => {
      throw new Error('connect ECONNREFUSED /var/secret/path');
    };
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body).toEqual({ ok: false, checks: { accepting: 'ok', store: 'unreachable', migrations: 'unknown', provider: 'ok' }, failing: ['store', 'migrations'] });
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(h.logs.some((line) => line.includes('readiness.store_failed'))).toBe(true);
    // Alive all the same: restarting would not help a store that is down.
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it('is not ready when the store has migrations pending', async () => {
    h = await startHarness({ store: 'sqlite' });
    const db = new Database(join(h.dir, 'chatport.db'));
    const version = db.pragma('user_version', { simple: true }) as number;
    db.pragma(`user_version = ${version - 1}`);
    db.close();
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.failing).toEqual(['migrations']);
    expect(body.checks['migrations']).toBe('1 pending');
  });

  it('is not ready when the provider says it is not', async () => {
    h = await startHarness();
    h.started.relay.context.provider.readiness = () => 'socket down';
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.failing).toEqual(['provider']);
    expect(body.checks['provider']).toBe('socket down');
  });

  it('stops accepting and is not ready once a stop has begun; streams end; an unfinished delivery stays queued', async () => {
    h = await startHarness({ env: { METRICS_PORT: '0' }, platformTimeoutMs: 10_000 });
    const metricsUrl = h.started.relay.metricsUrl!;
    const { token } = await h.session();
    const stream = await openStream(h.url, token);
    await stream.waitFor((events) => events.some((event) => event.event === 'status'));
    // A delivery that hangs keeps the stop in its grace period.
    const { provider } = h.started.relay.context;
    const deliver = provider.deliver.bind(provider);
    const inFlight = new Promise<void>((resolve) => (provider.deliver = (delivery) => (resolve(), deliver(delivery))));
    h.sim.faults.botUrl.push({ kind: 'hang' });
    await h.send(token, 'held by the platform');
    await inFlight;
    const stopped = h.started.relay.close({ graceMs: 500 });

    await stream.done; // ended by the relay: the widget reconnects and resumes
    await expect(fetch(`${h.url}/healthz`)).rejects.toThrow(); // no new connections
    const response = await fetch(`${metricsUrl}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, checks: { accepting: 'stopping', store: 'ok', migrations: 'ok', provider: 'ok' }, failing: ['accepting'] });
    expect((await fetch(`${metricsUrl}/healthz`)).status).toBe(200);
    await stopped;
    expect(h.logs.some((line) => line.includes('"outbox.left_queued"'))).toBe(true);
    expect(await h.started.relay.context.store.outboxSize()).toBe(1);
  });
});
