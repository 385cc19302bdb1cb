import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header UChat signs every webhook push with (node lower-cases header names). */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

const hmac = (key: string | Buffer, rawBody: Buffer | string): Buffer => createHmac('sha256', key).update(rawBody).digest();

/** `sha256=<hex>` of HMAC-SHA256(key, body), as UChat's PHP sample computes it (docs/platforms/uchat.md#signatures). */
export const signBody = (key: string | Buffer, rawBody: Buffer | string): string => `sha256=${hmac(key, rawBody).toString('hex')}`;

const FORMAT = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks the header against the bytes exactly as received (PHP escapes `/` and non-ASCII, so a re-serialised body
 * would not match). Constant time; only a well-formed `sha256=` + 64 hex header can pass.
 */
export const verifySignature = (key: string | Buffer, rawBody: Buffer, header: string | string[] | undefined): boolean => {
  if (typeof header !== 'string') return false;
  const match = FORMAT.exec(header.trim());
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'hex');
  const expected = hmac(key, rawBody);
  return given.length === expected.length && timingSafeEqual(given, expected);
};
