import { describe, expect, it } from 'vitest';
import { createIdentityCheck, identityHash } from './index.ts';

const secret = 'identity-secret-0123456789abcdef0123';
// printf '%s' 'user-42' | openssl dgst -sha256 -hmac 'identity-secret-0123456789abcdef0123'
const KNOWN = 'cbb82d4bc2785b948e26ac562f64ac030f006b4e3003a28b1e840a22d296ea93';

describe('identity hashes', () => {
  it('computes the hex HMAC-SHA256 of the id with the secret (known vector)', () => {
    expect(identityHash(secret, 'user-42')).toBe(KNOWN);
  });

  it('accepts the right hash in either case and refuses anything else', () => {
    const check = createIdentityCheck({ secret });
    expect(check.verify('user-42', KNOWN)).toBe(true);
    expect(check.verify('user-42', KNOWN.toUpperCase())).toBe(true);
    expect(check.verify('user-43', KNOWN)).toBe(false);
    expect(check.verify('user-42', KNOWN.slice(0, 63) + (KNOWN.endsWith('3') ? '4' : '3'))).toBe(false);
    expect(check.verify('user-42', KNOWN.slice(0, 62))).toBe(false);
    expect(check.verify('user-42', 'z'.repeat(64))).toBe(false);
    expect(createIdentityCheck({ secret: secret + 'x' }).verify('user-42', KNOWN)).toBe(false);
  });

  it('hashes the id as UTF-8', () => {
    expect(createIdentityCheck({ secret }).verify('Zoë 🙂', identityHash(secret, 'Zoë 🙂'))).toBe(true);
    expect(identityHash(secret, 'Zoë')).not.toBe(identityHash(secret, 'Zoe'));
  });
});
