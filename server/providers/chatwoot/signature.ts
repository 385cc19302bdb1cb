import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * - `upstream` (v4.13+): `X-Chatwoot-Signature: sha256=<hex>` over `"<X-Chatwoot-Timestamp>.<raw body>"`, ±300 s;
 * - `body`: the same header over the raw body only, as some forks sign;
 * - `off`: nothing checked (only when chosen explicitly).
 */
export type SignatureMode = 'upstream' | 'body' | 'off';

// node lower-cases header names.
export const SIGNATURE_HEADER = 'x-chatwoot-signature';
export const TIMESTAMP_HEADER = 'x-chatwoot-timestamp';
export const MAX_SKEW_SECONDS = 300;

const hmac = (key: string | Buffer, ...parts: (string | Buffer)[]): Buffer => {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
};

/** The header value Chatwoot sends: `sha256=` + hex HMAC-SHA256; with a timestamp, over `"<ts>.<body>"`. */
export const signWebhook = (secret: string | Buffer, rawBody: Buffer | string, timestamp?: number | string): string =>
  `sha256=${(timestamp === undefined ? hmac(secret, rawBody) : hmac(secret, `${timestamp}.`, rawBody)).toString('hex')}`;

/** docs/platforms/chatwoot.md#identity: identifier_hash = lowercase hex HMAC-SHA256(key = the inbox's hmac_token, message = identifier). Server side only. */
export const identifierHash = (hmacToken: string, identifier: string): string => hmac(hmacToken, identifier).toString('hex');

const FORMAT = /^(?:sha256=)?([0-9a-f]{64})$/i;

const single = (value: string | string[] | undefined): string | undefined => (typeof value === 'string' ? value.trim() : undefined);

export interface VerifyOptions {
  mode: SignatureMode;
  secret?: string;
  headers: IncomingHttpHeaders;
  /** The bytes exactly as received: a re-serialised body would not match. */
  body: Buffer;
  /** Epoch milliseconds. */
  now?: number;
  maxSkewSeconds?: number;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Checks one webhook delivery per the configured mode. Constant-time; never throws. */
export const verifyWebhook = ({ mode, secret, headers, body, now = Date.now(), maxSkewSeconds = MAX_SKEW_SECONDS }: VerifyOptions): VerifyResult => {
  if (mode === 'off') return { ok: true };
  if (!secret) return { ok: false, reason: 'no webhook secret is configured (CHATWOOT_WEBHOOK_SECRET)' };
  const header = single(headers[SIGNATURE_HEADER]);
  if (header === undefined) return { ok: false, reason: 'missing X-Chatwoot-Signature header' };
  const match = FORMAT.exec(header);
  if (!match?.[1]) return { ok: false, reason: 'X-Chatwoot-Signature is not sha256=<64 hex digits>' };
  const given = Buffer.from(match[1], 'hex');
  let expected: Buffer;
  if (mode === 'upstream') {
    const timestamp = single(headers[TIMESTAMP_HEADER]);
    if (timestamp === undefined) return { ok: false, reason: 'missing X-Chatwoot-Timestamp header' };
    if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Chatwoot-Timestamp is not unix seconds' };
    if (Math.abs(now / 1000 - Number(timestamp)) > maxSkewSeconds) {
      return { ok: false, reason: `X-Chatwoot-Timestamp is more than ${maxSkewSeconds} s away from now (replay, or a clock out of sync)` };
    }
    expected = hmac(secret, `${timestamp}.`, body);
  } else {
    expected = hmac(secret, body);
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'X-Chatwoot-Signature does not match the body (check CHATWOOT_WEBHOOK_SECRET and the signature mode)' };
  }
  return { ok: true };
};
