import { createHmac, randomUUID } from 'node:crypto';

/**
 * How callbacks are signed (docs/platforms/chatwoot.md#signatures): `upstream` = Chatwoot ≥ 4.13 (HMAC of
 * "<ts>.<body>" with the inbox secret, plus timestamp and delivery headers), `body` = the fork scheme (HMAC of the
 * body only), `off` = servers older than 4.13, which send no signature headers at all.
 */
export type SignatureMode = 'upstream' | 'body' | 'off';

export interface SignOptions {
  mode: SignatureMode;
  /** No key, no headers: upstream signs only when the inbox has a secret. */
  key: string | undefined;
  body: string;
  nowMs?: number;
  deliveryId?: string;
}

const hmacHex = (key: string, message: string) => createHmac('sha256', key).update(message).digest('hex');

export const signatureHeaders = ({ mode, key, body, nowMs = Date.now(), deliveryId = randomUUID() }: SignOptions): Record<string, string> => {
  if (mode === 'off' || !key) return {};
  if (mode === 'body') return { 'x-chatwoot-signature': `sha256=${hmacHex(key, body)}` };
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'x-chatwoot-timestamp': timestamp,
    'x-chatwoot-signature': `sha256=${hmacHex(key, `${timestamp}.${body}`)}`,
    'x-chatwoot-delivery': deliveryId,
  };
};

/** identifier_hash (docs/platforms/chatwoot.md#identity): lowercase hex HMAC-SHA256(hmac_token, identifier). */
export const identifierHash = (hmacToken: string, identifier: string): string => hmacHex(hmacToken, identifier);
