import { createHash, timingSafeEqual } from 'node:crypto';
import type { RawReply, RawRequest } from '../types.ts';

/** The three verification parameters; each field is present when the request carried it. */
export interface HandshakeParams {
  mode?: string;
  verifyToken?: string;
  challenge?: string;
}

const NAMES = {
  mode: ['hub_mode', 'hub.mode'],
  verifyToken: ['hub_verify_token', 'hub.verify_token'],
  challenge: ['hub_challenge', 'hub.challenge'],
} as const;

/** The challenge is echoed back verbatim, so only a short run of printable ASCII is accepted. */
export const MAX_CHALLENGE = 256;
const PRINTABLE = /^[\x20-\x7e]+$/;

type Lookup = (name: string) => unknown;

/**
 * UChat says the parameters come "via POST" but not how they are encoded (docs/platforms/uchat.md#handshake):
 * accept the query string, a form-urlencoded body, a multipart form body or a JSON body, with `_` or Meta's `.`
 * spelling.
 * Returns undefined when no hub parameter is present (the request is an ordinary push).
 */
export const readHandshake = (request: RawRequest): HandshakeParams | undefined => {
  const sources: Lookup[] = [(name) => request.url.searchParams.get(name) ?? undefined];
  // Most requests are pushes: a body that cannot name a hub parameter is not parsed here (parsePush parses it once).
  const body = mayNameHub(request.body) ? bodyLookup(request) : undefined;
  if (body) sources.push(body);
  const params: HandshakeParams = {};
  let found = false;
  for (const field of Object.keys(NAMES) as (keyof HandshakeParams)[]) {
    for (const lookup of sources) {
      const value = NAMES[field].map(lookup).find((v) => v !== undefined && v !== null);
      if (value === undefined) continue;
      found = true;
      params[field] = typeof value === 'string' ? value : JSON.stringify(value);
      break;
    }
  }
  return found ? params : undefined;
};

/** Whether the raw body can hold a hub parameter's name: `hub` itself, or an escape (`\u…`, `%…`) that may spell it. */
const mayNameHub = (body: Buffer): boolean => body.includes('hub') || body.includes('\\u') || body.includes('%');

const bodyLookup = ({ headers, body }: RawRequest): Lookup | undefined => {
  if (body.length === 0) return undefined;
  const type = String(headers['content-type'] ?? '').toLowerCase();
  const text = body.toString('utf8');
  if (type.includes('multipart/form-data')) return multipart(text, type);
  if (type.includes('json') || (!type.includes('form') && text.trimStart().startsWith('{'))) {
    try {
      const value: unknown = JSON.parse(text);
      if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
      return (name) => (Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined);
    } catch {
      return undefined;
    }
  }
  const form = new URLSearchParams(text);
  return (name) => form.get(name) ?? undefined;
};

/** Just enough multipart to read three small text fields. */
const multipart = (text: string, type: string): Lookup | undefined => {
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (!boundary) return undefined;
  const fields = new Map<string, string>();
  for (const part of text.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, split))?.[1];
    if (name !== undefined) fields.set(name, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return (name) => fields.get(name);
};

// Hashing both sides first gives equal lengths, so the comparison leaks neither content nor length.
const sameSecret = (given: string, expected: string): boolean => timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

const text = (status: number, body: string): RawReply => ({ status, contentType: 'text/plain; charset=utf-8', body });

/** 200 with exactly the challenge when the token matches; 403 for a wrong token; 400 for anything malformed. */
export const answerHandshake = (params: HandshakeParams, verificationKey: string): RawReply => {
  if (params.verifyToken === undefined || !sameSecret(params.verifyToken, verificationKey)) {
    return text(403, 'hub_verify_token does not match the verification key');
  }
  if (params.mode !== 'subscribe') return text(400, 'hub_mode must be "subscribe"');
  const challenge = params.challenge;
  if (challenge === undefined || challenge.length === 0) return text(400, 'hub_challenge is missing');
  if (challenge.length > MAX_CHALLENGE || !PRINTABLE.test(challenge)) {
    return text(400, `hub_challenge must be 1-${MAX_CHALLENGE} printable ASCII characters`);
  }
  return text(200, challenge);
};
