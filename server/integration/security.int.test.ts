import { afterEach, describe, expect, it } from 'vitest';
import { createTokens } from '../auth/token.ts';
import { SITE_ORIGIN, startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

describe('visitor API security', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('a token for one conversation can neither read nor write another', async () => {
    h = await startHarness();
    const alice = await h.session();
    const bob = await h.session();
    expect(alice.conversationId).not.toBe(bob.conversationId);
    await h.send(bob.token, 'bob private');

    // Alice's token only ever reaches Alice's conversation, whatever else the request says.
    const aliceHistory = await h.api<{ messages: unknown[] }>(`/v1/messages?conversationId=${bob.conversationId}`, { token: alice.token });
    expect(aliceHistory.json.messages).toEqual([]);
    const sneaky = await h.api('/v1/messages', {
      method: 'POST',
      token: alice.token,
      body: { clientId: 'sneaky-123', conversationId: bob.conversationId, body: { kind: 'text', text: 'hi bob' } },
    });
    expect(sneaky.status).toBe(400);

    // A token re-bound to Bob's conversation without the relay's secret is refused everywhere.
    const forged = createTokens({ secret: 'attacker-secret-'.padEnd(48, 'z') }).issue(bob.visitorId, bob.conversationId).token;
    expect((await h.api('/v1/messages', { token: forged })).status).toBe(401);
    expect((await h.send(forged, 'hi bob')).status).toBe(401);
    expect((await openStream(h.url, forged)).status).toBe(401);
    // Trading a forged token for a session gives a brand-new visitor, not Bob.
    const traded = await h.session(forged);
    expect(traded.visitorId).not.toBe(bob.visitorId);
    expect(traded.resumed).toBe(false);

    const bobHistory = await h.api<{ messages: { author: string; body: { text: string } }[] }>('/v1/messages', { token: bob.token });
    expect(bobHistory.json.messages.filter((m) => m.author === 'visitor').map((m) => m.body.text)).toEqual(['bob private']);
    expect((await h.api('/v1/messages')).status).toBe(401);
  });

  it('limits CORS to the configured site origins', async () => {
    h = await startHarness();
    const preflight = (origin: string) =>
      fetch(`${h.url}/v1/messages`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
    const allowed = await preflight(SITE_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const denied = await preflight('https://evil.example.test');
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${h.url}/v1/sessions`, { method: 'POST', headers: { origin: 'https://evil.example.test', 'content-type': 'application/json' }, body: '{}' });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never puts platform keys or the relay secret in a response body or a log line', async () => {
    h = await startHarness();
    const secrets = [h.sim.flowApiKey, h.sim.partnerApiKey, h.config.uchat!.verificationKey, h.config.secret];
    const bodies: string[] = [];
    const { token } = await h.session();
    h.sim.faults.botUrl.push({ kind: 'status', status: 401 }, { kind: 'status', status: 503 });
    bodies.push((await h.send(token, 'hello')).text);
    await h.sim.waitForReceived(1, 5000);
    for (const path of ['/v1/messages', '/healthz', '/metrics', '/', '/embed.js']) bodies.push((await h.api(path, { token })).text);
    bodies.push(await (await fetch(`${h.url}/webhooks/uchat`, { method: 'POST', body: '{"sender_id":"x"}' })).text());
    expect(h.logs.some((line) => line.includes('outbox.'))).toBe(true);
    for (const secret of secrets) {
      for (const text of [...bodies, ...h.logs]) expect(text).not.toContain(secret);
    }
  });

  it('rate-limits a visitor who floods messages', async () => {
    h = await startHarness();
    const { token } = await h.session();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await h.send(token, `flood ${i}`)).status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(20);
    expect(statuses).toContain(429);
  });
});
