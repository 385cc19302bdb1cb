import { afterEach, describe, expect, it } from 'vitest';
import type { SessionResponse } from '../../src/protocol/index.ts';
import { identityHash } from '../identity/index.ts';
import { startHarness, type Harness } from './harness.testing.ts';

const SECRET = 'identity-secret-'.padEnd(48, 'k');
const identity = (id: string, secret = SECRET) => ({ id, hash: identityHash(secret, id) });
const WRONG = 'another-secret-'.padEnd(48, 'x');

/** The nth address of 100.64.0.0/10, as distinct clients behind a proxy. */
const client = (n: number) => `100.64.${(n >> 8) & 255}.${n & 255}`;

describe('client addresses behind a reverse proxy', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  /** POST /v1/sessions as the proxy on loopback forwards it for `from` (no header: as the socket's own client). */
  const session = (body: unknown, from?: string) =>
    h.api<SessionResponse & { error?: { code: string; message: string } }>('/v1/sessions', { method: 'POST', body, headers: from ? { 'x-forwarded-for': from } : {} });

  /** New sessions from `from` until one is refused; the statuses seen (at most `max`). */
  const exhaust = async (from: string | undefined, max = 200) => {
    const statuses: number[] = [];
    while (statuses.length < max && statuses.at(-1) !== 429) statuses.push((await session({}, from)).status);
    return statuses;
  };

  it("gives each forwarded client its own allowance: one client's flood does not lock out another", async () => {
    h = await startHarness({ env: { TRUST_PROXY: 'loopback' } });
    const flood = await exhaust('198.51.100.7');
    expect(flood.length).toBeGreaterThan(40);
    expect(flood.at(-1)).toBe(429);
    expect((await session({}, '198.51.100.7')).status).toBe(429);
    const other = await session({}, '198.51.100.8');
    expect(other.status).toBe(200);
    expect(other.json.resumed).toBe(false);
  });

  it('gives 1,000 distinct forwarded clients a session each', async () => {
    h = await startHarness({ env: { TRUST_PROXY: 'loopback' } });
    const statuses: number[] = [];
    for (let batch = 0; batch < 1000; batch += 50) {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => session({}, `203.0.113.9, ${client(batch + i)}`)));
      statuses.push(...answers.map((answer) => answer.status));
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(1000);
  });

  it('lets a returning visitor back in after their address ran out of new sessions, charging them per visitor', async () => {
    h = await startHarness();
    const returning = await session({});
    const neighbour = await session({});
    expect(await exhaust(undefined)).toContain(429);
    const back = await session({ token: returning.json.token });
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ visitorId: returning.json.visitorId, resumed: true });
    // Resumes have an allowance of their own, per visitor: one visitor hammering it does not affect another.
    const resumes: number[] = [];
    while (resumes.length < 100 && resumes.at(-1) !== 429) resumes.push((await session({ token: returning.json.token })).status);
    expect(resumes.at(-1)).toBe(429);
    expect((await session({ token: neighbour.json.token })).status).toBe(200);
  });

  it("slows a failing identity's address and id, not correct identities from elsewhere", async () => {
    h = await startHarness({ env: { TRUST_PROXY: 'loopback', CHATPORT_IDENTITY_SECRET: SECRET } });
    const guesses: number[] = [];
    for (let i = 0; i < 10; i++) guesses.push((await session({ identity: identity('user-42', WRONG) }, '198.51.100.66')).status);
    expect(guesses).toEqual(Array(10).fill(401));
    // The guessing address is refused before its hash is checked, a right one included.
    expect((await session({ identity: identity('user-42') }, '198.51.100.66')).status).toBe(429);
    expect((await session({ identity: identity('user-7') }, '198.51.100.66')).status).toBe(429);
    // The customer, from their own address, and another customer get in.
    const customer = await session({ identity: identity('user-42') }, '198.51.100.1');
    expect(customer.status).toBe(200);
    expect((await session({ identity: identity('user-7') }, '198.51.100.2')).status).toBe(200);

    // Guessing one id from many addresses runs into that id's own allowance.
    let refusedId: { status: number; json: { error?: { message: string } } } | undefined;
    for (let n = 0; n < 10 && !refusedId; n++) {
      for (let i = 0; i < 10; i++) {
        const answer = await session({ identity: identity('user-99', WRONG) }, client(n));
        if (answer.status === 429) {
          refusedId = answer;
          break;
        }
      }
    }
    expect(refusedId?.json.error?.message).toBe('too many refused attempts for this identity; try again later');
    expect((await session({ identity: identity('user-99') }, '198.51.100.3')).status).toBe(429);
    expect((await session({ identity: identity('user-42') }, '198.51.100.3')).json.visitorId).toBe(customer.json.visitorId);
  });

  it('ignores a forged X-Forwarded-For when no proxy is trusted: the spoofer still hits its own limit', async () => {
    h = await startHarness();
    const statuses: number[] = [];
    for (let n = 0; n < 200 && statuses.at(-1) !== 429; n++) statuses.push((await session({}, client(n))).status);
    expect(statuses.at(-1)).toBe(429);
    expect((await session({}, '198.51.100.200')).status).toBe(429);
  });
});
