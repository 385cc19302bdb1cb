import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Claims {
  /** visitor id */
  v: string;
  /** conversation id */
  c: string;
  /** issued at, epoch seconds */
  iat: number;
  /** expires at, epoch seconds */
  exp: number;
}

export interface TokenOptions {
  secret: string;
  ttlSeconds?: number;
  /** How long after issue an expired token may still be traded for a new one (POST /v1/sessions). */
  resumeSeconds?: number;
  now?: () => number;
}

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/**
 * Session tokens: `v1.<claims>.<hmac>`, HMAC-SHA256 with the relay's secret, bound to one visitor and conversation.
 * Stateless, so any relay instance sharing the secret accepts them.
 */
export const createTokens = ({ secret, ttlSeconds = 12 * 3600, resumeSeconds = 180 * 86400, now = Date.now }: TokenOptions) => {
  const mac = (payload: string) => createHmac('sha256', secret).update(`chatport-session.${payload}`).digest();
  const seconds = () => Math.floor(now() / 1000);

  const issue = (visitorId: string, conversationId: string): { token: string; claims: Claims } => {
    const iat = seconds();
    const claims: Claims = { v: visitorId, c: conversationId, iat, exp: iat + ttlSeconds };
    const payload = b64(JSON.stringify(claims));
    return { token: `v1.${payload}.${b64(mac(payload))}`, claims };
  };

  /** The claims of an authentic token, whatever its age; undefined for anything forged or malformed. */
  const authentic = (token: string): Claims | undefined => {
    const [version, payload, signature, extra] = token.split('.');
    if (version !== 'v1' || !payload || !signature || extra !== undefined || token.length > 2000) return undefined;
    const given = Buffer.from(signature, 'base64url');
    const expected = mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
      const valid = typeof claims.v === 'string' && typeof claims.c === 'string' && Number.isFinite(claims.iat) && Number.isFinite(claims.exp);
      return valid ? claims : undefined;
    } catch {
      return undefined;
    }
  };

  /** Claims of a valid, unexpired token. */
  const verify = (token: string): Claims | undefined => {
    const claims = authentic(token);
    return claims && claims.exp > seconds() ? claims : undefined;
  };

  /** Claims of a token that may be renewed: authentic and issued within the resume window. */
  const resumable = (token: string): Claims | undefined => {
    const claims = authentic(token);
    return claims && claims.iat + resumeSeconds > seconds() ? claims : undefined;
  };

  return { issue, verify, resumable };
};

export type Tokens = ReturnType<typeof createTokens>;

/** The bearer token of a request; tokens travel in the Authorization header, never in URLs. */
export const bearer = (header: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
};
