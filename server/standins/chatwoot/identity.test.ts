import { describe, expect, it } from 'vitest';
import { StandinError } from './http.ts';
import { checkIdentity } from './identity.ts';
import { identifierHash } from './signature.ts';

const status = (run: () => unknown) => {
  try {
    run();
    return 'passed';
  } catch (error) {
    return error instanceof StandinError ? error.status : 'other';
  }
};

describe('checkIdentity', () => {
  const options = { hmacToken: 'inbox-hmac-token', hmacMandatory: false };
  const good = { identifier: 'user-7', identifier_hash: identifierHash('inbox-hmac-token', 'user-7') };

  it('accepts a valid pair and reports it verified', () => {
    expect(checkIdentity(options, good)).toBe(true);
  });

  it('refuses a wrong hash, or a hash without identifier, with a 500 like upstream', () => {
    expect(status(() => checkIdentity(options, { ...good, identifier: 'user-8' }))).toBe(500);
    expect(status(() => checkIdentity(options, { identifier_hash: good.identifier_hash }))).toBe(500);
  });

  it('checks nothing without a hash unless the inbox makes it mandatory', () => {
    expect(checkIdentity(options, { identifier: 'user-7' })).toBe(false);
    expect(status(() => checkIdentity({ ...options, hmacMandatory: true }, { name: 'x' }))).toBe(500);
    expect(checkIdentity({ hmacToken: undefined, hmacMandatory: false }, { identifier_hash: 'junk' })).toBe(false);
  });
});
