import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identifierHash, signatureHeaders } from './signature.ts';

const hex = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

describe('signatureHeaders', () => {
  const body = '{"event":"message_created","id":1}';

  it('upstream signs "<timestamp>.<body>" and adds timestamp and delivery headers', () => {
    const headers = signatureHeaders({ mode: 'upstream', key: 'sekret', body, nowMs: 1_786_000_000_500, deliveryId: 'd-1' });
    expect(headers).toEqual({
      'x-chatwoot-timestamp': '1786000000',
      'x-chatwoot-signature': `sha256=${hex('sekret', `1786000000.${body}`)}`,
      'x-chatwoot-delivery': 'd-1',
    });
  });

  it('body mode signs the body alone, without a timestamp', () => {
    expect(signatureHeaders({ mode: 'body', key: 'sekret', body })).toEqual({ 'x-chatwoot-signature': `sha256=${hex('sekret', body)}` });
  });

  it('off, or no key, sends no headers', () => {
    expect(signatureHeaders({ mode: 'off', key: 'sekret', body })).toEqual({});
    expect(signatureHeaders({ mode: 'upstream', key: undefined, body })).toEqual({});
  });
});

describe('identifierHash', () => {
  it('is the lowercase hex HMAC of the identifier', () => {
    expect(identifierHash('token', 'user-42')).toBe(hex('token', 'user-42'));
    expect(identifierHash('token', 'user-42')).toMatch(/^[0-9a-f]{64}$/);
  });
});
