import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identifierHash, signWebhook, verifyWebhook, type SignatureMode } from './signature.ts';

const SECRET = 'whsec_test_secret';
const BODY = Buffer.from('{"event":"message_created","id":4479}');
const TS = 1786000000;
const NOW = TS * 1000;
// printf '%s' '1786000000.{"event":"message_created","id":4479}' | openssl dgst -sha256 -hmac 'whsec_test_secret'
const OPENSSL_UPSTREAM = '0bd48469390b8889a92831fbeefb624fa50b293e786687d84d8ca2f8676561a8';
// printf '%s' 'user-42' | openssl dgst -sha256 -hmac 'hmac-token-xyz'
const OPENSSL_IDENTIFIER = '5a4598d3e1657b4aec3d939b454037202c4c1d8ec117eeaa87347d6f9d16404c';

const nodeHmac = (message: string | Buffer, key = SECRET) => createHmac('sha256', key).update(message).digest('hex');
const verify = (mode: SignatureMode, headers: Record<string, string>, { body = BODY, now = NOW, secret = SECRET as string | undefined } = {}) =>
  verifyWebhook({ mode, secret, headers, body, now });

describe('signWebhook / identifierHash', () => {
  it('matches openssl for "<timestamp>.<body>"', () => {
    expect(signWebhook(SECRET, BODY, TS)).toBe(`sha256=${OPENSSL_UPSTREAM}`);
  });
  it('signs the body alone without a timestamp', () => {
    expect(signWebhook(SECRET, BODY)).toBe(`sha256=${nodeHmac(BODY)}`);
    expect(signWebhook(SECRET, BODY)).not.toBe(`sha256=${OPENSSL_UPSTREAM}`);
  });
  it('computes identifier_hash as lowercase hex HMAC-SHA256 of the identifier (openssl vector)', () => {
    expect(identifierHash('hmac-token-xyz', 'user-42')).toBe(OPENSSL_IDENTIFIER);
  });
});

describe('verifyWebhook', () => {
  const upstream = { 'x-chatwoot-signature': `sha256=${OPENSSL_UPSTREAM}`, 'x-chatwoot-timestamp': String(TS) };

  it('upstream: accepts the exact signature within 300 s either way', () => {
    expect(verify('upstream', upstream)).toEqual({ ok: true });
    expect(verify('upstream', upstream, { now: NOW + 300_000 })).toEqual({ ok: true });
    expect(verify('upstream', upstream, { now: NOW - 300_000 })).toEqual({ ok: true });
  });

  it('upstream: refuses a stale or future timestamp (replay window)', () => {
    expect(verify('upstream', upstream, { now: NOW + 301_000 })).toMatchObject({ ok: false, reason: expect.stringContaining('300 s') });
    expect(verify('upstream', upstream, { now: NOW - 301_000 })).toMatchObject({ ok: false });
  });

  it('upstream: refuses a changed body, a changed timestamp, a wrong secret, and missing headers', () => {
    expect(verify('upstream', upstream, { body: Buffer.from('{"event":"message_created","id":4478}') })).toMatchObject({ ok: false });
    expect(verify('upstream', { ...upstream, 'x-chatwoot-timestamp': String(TS + 1) })).toMatchObject({ ok: false });
    expect(verify('upstream', upstream, { secret: 'other' })).toMatchObject({ ok: false });
    expect(verify('upstream', { 'x-chatwoot-signature': upstream['x-chatwoot-signature'] })).toMatchObject({ ok: false, reason: expect.stringContaining('Timestamp') });
    expect(verify('upstream', { 'x-chatwoot-timestamp': String(TS) })).toMatchObject({ ok: false, reason: expect.stringContaining('Signature') });
    expect(verify('upstream', { ...upstream, 'x-chatwoot-timestamp': '1786000000.5' })).toMatchObject({ ok: false });
    expect(verify('upstream', { ...upstream, 'x-chatwoot-signature': 'sha256=zz' })).toMatchObject({ ok: false });
  });

  it('upstream: refuses a body-only signature (a fork scheme) and body mode refuses the upstream one', () => {
    const bodyOnly = { 'x-chatwoot-signature': `sha256=${nodeHmac(BODY)}`, 'x-chatwoot-timestamp': String(TS) };
    expect(verify('upstream', bodyOnly)).toMatchObject({ ok: false });
    expect(verify('body', upstream)).toMatchObject({ ok: false });
  });

  it('body: accepts HMAC over the raw body with or without the sha256= prefix, whatever the clock', () => {
    expect(verify('body', { 'x-chatwoot-signature': `sha256=${nodeHmac(BODY)}` }, { now: 0 })).toEqual({ ok: true });
    expect(verify('body', { 'x-chatwoot-signature': nodeHmac(BODY).toUpperCase() })).toEqual({ ok: true });
    expect(verify('body', { 'x-chatwoot-signature': `sha256=${nodeHmac(BODY)}` }, { body: Buffer.from('{}') })).toMatchObject({ ok: false });
  });

  it('off: accepts anything; any other mode without a secret refuses', () => {
    expect(verify('off', {}, { secret: undefined })).toEqual({ ok: true });
    expect(verifyWebhook({ mode: 'upstream', headers: upstream, body: BODY, now: NOW })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('CHATWOOT_WEBHOOK_SECRET'),
    });
    expect(verify('body', upstream, { secret: '' })).toMatchObject({ ok: false });
  });

  it('never puts the secret in a reason', () => {
    const results = [verify('upstream', upstream, { secret: 'other' }), verify('body', upstream), verify('upstream', {}, { now: 0 })];
    for (const result of results) expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});
