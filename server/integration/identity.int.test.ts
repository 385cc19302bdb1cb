import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryResponse, SessionResponse } from '../../src/protocol/index.ts';
import { identityHash } from '../identity/index.ts';
import { startHarness, type Harness } from './harness.testing.ts';

const SECRET = 'identity-secret-'.padEnd(48, 'k');
const identity = (id: string, fields: { name?: string; email?: string } = {}, secret = SECRET) => ({ id, ...fields, hash: identityHash(secret, id) });

describe('identified visitors', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const identify = (body: unknown) => h.api<SessionResponse & { error?: { code: string; message: string } }>('/v1/sessions', { method: 'POST', body });
  const history = async (token: string) =>
    (await h.api<HistoryResponse>('/v1/messages?limit=50', { token })).json.messages.map((m) => (m.body.kind === 'text' ? m.body.text : m.body.kind));

  it('gives the same id on two devices one visitor and one conversation, with its history', async () => {
    h = await startHarness({ env: { CHATPORT_IDENTITY_SECRET: SECRET } });
    const laptop = await identify({ identity: identity('user-42') });
    expect(laptop.status).toBe(200);
    expect(laptop.json.resumed).toBe(false);
    expect((await h.send(laptop.json.token, 'from the laptop')).status).toBe(201);
    await h.sim.waitForReceived(1);

    const phone = await identify({ identity: identity('user-42') });
    expect(phone.status).toBe(200);
    expect(phone.json).toMatchObject({ visitorId: laptop.json.visitorId, conversationId: laptop.json.conversationId, resumed: true });
    await expect.poll(() => history(phone.json.token)).toEqual(['from the laptop', 'You said: "from the laptop"']);

    const other = await identify({ identity: identity('user-43') });
    expect(other.json.conversationId).not.toBe(laptop.json.conversationId);
    expect(await history(other.json.token)).toEqual([]);
  });

  it('refuses a wrong hash with 401 and nothing that helps guessing', async () => {
    h = await startHarness({ env: { CHATPORT_IDENTITY_SECRET: SECRET } });
    const forged = await identify({ identity: identity('user-42', {}, 'another-secret-'.padEnd(48, 'x')) });
    expect(forged.status).toBe(401);
    expect(forged.json.error).toEqual({ code: 'identity_refused', message: 'the identity could not be verified' });
    expect(forged.text).not.toContain(identityHash(SECRET, 'user-42'));
    const malformed = await identify({ identity: { id: 'user-42', hash: 'nope' } });
    expect(malformed.status).toBe(400);
  });

  it('slows down an address that keeps guessing, even for a right hash afterwards', async () => {
    h = await startHarness({ env: { CHATPORT_IDENTITY_SECRET: SECRET } });
    const wrong = identity('user-42', {}, 'another-secret-'.padEnd(48, 'x'));
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await identify({ identity: wrong })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    expect((await identify({ identity: identity('user-42') })).status).toBe(429);
    // Anonymous sessions from the same address are not affected.
    expect((await identify({})).status).toBe(200);
  });

  it('refuses an identity with a clear reason when no identity secret is set', async () => {
    h = await startHarness();
    const response = await identify({ identity: identity('user-42') });
    expect(response.status).toBe(400);
    expect(response.json.error?.code).toBe('identity_disabled');
    expect(response.json.error?.message).toContain('CHATPORT_IDENTITY_SECRET is not set');
  });

  it("moves an anonymous visitor's token to the identified conversation without merging, and keeps others out", async () => {
    h = await startHarness({ env: { CHATPORT_IDENTITY_SECRET: SECRET } });
    const owner = await identify({ identity: identity('user-42') });
    await h.send(owner.json.token, 'private words');
    const stranger = await h.session();
    await h.send(stranger.token, 'anonymous words');

    // An anonymous token plus an identity: the identified conversation, the anonymous one left as it was.
    const upgraded = await identify({ token: stranger.token, identity: identity('user-42') });
    expect(upgraded.json.conversationId).toBe(owner.json.conversationId);
    expect(await history(upgraded.json.token)).not.toContain('anonymous words');
    expect(await history(stranger.token)).toEqual(expect.arrayContaining(['anonymous words']));
    expect(await history(stranger.token)).not.toContain('private words');

    // Another visitor's token never reads the identified conversation, by history, stream or resume.
    const other = await h.session();
    expect(await history(other.token)).toEqual([]);
    const resumed = await h.session(other.token);
    expect(resumed.conversationId).toBe(other.conversationId);
    const forged = await identify({ token: other.token, identity: identity('user-42', {}, 'another-secret-'.padEnd(48, 'x')) });
    expect(forged.status).toBe(401);
  });

  it("forwards the visitor's name and email to bot_url, updated when they change", async () => {
    h = await startHarness({ env: { CHATPORT_IDENTITY_SECRET: SECRET } });
    const first = await identify({ identity: identity('user-42', { name: 'Ada Lovelace', email: 'ada@example.com' }) });
    await h.send(first.json.token, 'one');
    const [request] = await h.sim.waitForReceived(1);
    expect(request!.body.sender).toMatchObject({ id: first.json.visitorId, name: 'Ada Lovelace', email: 'ada@example.com' });

    const renamed = await identify({ identity: identity('user-42', { name: 'Ada King', email: 'ada@king.example' }) });
    await h.send(renamed.json.token, 'two');
    const requests = await h.sim.waitForReceived(2);
    expect(requests[1]!.body.sender).toMatchObject({ id: first.json.visitorId, name: 'Ada King', email: 'ada@king.example' });
  });

  it('never shows the identity secret in a response or a log line', async () => {
    h = await startHarness({ env: { CHATPORT_IDENTITY_SECRET: SECRET } });
    const texts: string[] = [];
    const ok = await identify({ identity: identity('user-42', { name: 'Ada' }) });
    texts.push(ok.text, (await identify({ identity: identity('user-42', {}, 'x'.repeat(40)) })).text);
    await h.send(ok.json.token, 'hello');
    await h.sim.waitForReceived(1);
    texts.push((await h.api('/metrics')).text, (await h.api('/healthz')).text);
    expect(h.logs.some((line) => line.includes('"identifiedVisitors":true'))).toBe(true);
    expect(h.logs.some((line) => line.includes('session.identity_refused'))).toBe(true);
    for (const text of [...texts, ...h.logs]) expect(text).not.toContain(SECRET);
    expect(JSON.stringify(h.sim.received)).not.toContain(SECRET);
  });
});
