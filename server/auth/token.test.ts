import { describe, expect, it } from 'vitest';
import { bearer, createTokens } from './token.ts';

describe('session tokens', () => {
  const secret = 'a'.repeat(32);

  it('round-trips claims bound to one visitor and conversation', () => {
    const tokens = createTokens({ secret });
    const { token } = tokens.issue('v_1', 'c_1');
    expect(tokens.verify(token)).toMatchObject({ v: 'v_1', c: 'c_1' });
  });

  it('refuses a token signed with another secret or altered in any part', () => {
    const tokens = createTokens({ secret });
    const other = createTokens({ secret: 'b'.repeat(32) }).issue('v_1', 'c_1').token;
    expect(tokens.verify(other)).toBeUndefined();

    const { token } = tokens.issue('v_1', 'c_1');
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const forgedClaims = Buffer.from(JSON.stringify({ v: 'v_2', c: 'c_2', iat: 0, exp: 9e9 })).toString('base64url');
    expect(tokens.verify(`${version}.${forgedClaims}.${signature}`)).toBeUndefined();
    expect(tokens.verify(`${version}.${payload}.${signature.slice(0, -2)}`)).toBeUndefined();
    expect(tokens.verify(`${token}.x`)).toBeUndefined();
    expect(tokens.verify('')).toBeUndefined();
    expect(tokens.verify('v1..')).toBeUndefined();
  });

  it('expires, but an authentic expired token stays resumable within the resume window', () => {
    let now = 1_000_000_000_000;
    const tokens = createTokens({ secret, ttlSeconds: 60, resumeSeconds: 3600, now: () => now });
    const { token } = tokens.issue('v_1', 'c_1');
    now += 61_000;
    expect(tokens.verify(token)).toBeUndefined();
    expect(tokens.resumable(token)).toMatchObject({ v: 'v_1' });
    now += 3600_000;
    expect(tokens.resumable(token)).toBeUndefined();
  });

  it('reads bearer tokens from the Authorization header only', () => {
    expect(bearer('Bearer abc.def')).toBe('abc.def');
    expect(bearer('bearer  x')).toBe('x');
    expect(bearer('Basic abc')).toBeUndefined();
    expect(bearer(undefined)).toBeUndefined();
  });
});
