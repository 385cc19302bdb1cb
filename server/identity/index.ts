import { createHmac, timingSafeEqual } from 'node:crypto';

/** hex HMAC-SHA256(secret, id): what the site's server computes and the widget passes along as `identity.hash`. */
export const identityHash = (secret: string, id: string): string => createHmac('sha256', secret).update(id, 'utf8').digest('hex');

export interface IdentityCheck {
  /** true when `hash` is the identity hash of `id`; constant time in the hash's content, case-insensitive hex. */
  verify(id: string, hash: string): boolean;
}

/** Checks identity hashes with CHATPORT_IDENTITY_SECRET; the secret stays inside this closure. */
export const createIdentityCheck = ({ secret }: { secret: string }): IdentityCheck => ({
  verify(id, hash) {
    if (!/^[0-9a-fA-F]{64}$/.test(hash)) return false;
    const expected = createHmac('sha256', secret).update(id, 'utf8').digest();
    return timingSafeEqual(expected, Buffer.from(hash, 'hex'));
  },
});
