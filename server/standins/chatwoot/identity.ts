import { timingSafeEqual } from 'node:crypto';
import { serverError } from './http.ts';
import { identifierHash } from './signature.ts';

export interface IdentityOptions {
  hmacToken: string | undefined;
  hmacMandatory: boolean;
}

/**
 * The pair is checked when a hash is sent or the inbox makes it mandatory; a mismatch is an unhandled exception
 * upstream, so the public API answers 500, not 401 (docs/platforms/chatwoot.md#identity). Answers whether a valid
 * pair was given.
 */
export const checkIdentity = ({ hmacToken, hmacMandatory }: IdentityOptions, fields: Record<string, unknown>): boolean => {
  const identifier = fields['identifier'];
  const hash = fields['identifier_hash'];
  if (!hmacToken || (hash === undefined && !hmacMandatory)) return false;
  if (typeof identifier !== 'string' || typeof hash !== 'string') throw serverError();
  const expected = Buffer.from(identifierHash(hmacToken, identifier));
  const given = Buffer.from(hash);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw serverError();
  return true;
};
