import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './signature.ts';

// RFC 4231 HMAC-SHA-256 test cases 1-4, 6 and 7 (case 5 is a truncated output).
const rfc4231 = [
  { key: Buffer.alloc(20, 0x0b), data: Buffer.from('Hi There'), mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' },
  { key: Buffer.from('Jefe'), data: Buffer.from('what do ya want for nothing?'), mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' },
  { key: Buffer.alloc(20, 0xaa), data: Buffer.alloc(50, 0xdd), mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe' },
  {
    key: Buffer.from(Array.from({ length: 25 }, (_, i) => i + 1)),
    data: Buffer.alloc(50, 0xcd),
    mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  },
  {
    key: Buffer.alloc(131, 0xaa),
    data: Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First'),
    mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  },
  {
    key: Buffer.alloc(131, 0xaa),
    data: Buffer.from('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'),
    mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

describe('signBody / verifySignature', () => {
  it.each(rfc4231)('matches RFC 4231 vector $mac', ({ key, data, mac }) => {
    expect(signBody(key, data)).toBe(`sha256=${mac}`);
    expect(verifySignature(key, data, `sha256=${mac}`)).toBe(true);
    expect(verifySignature(key, data, `sha256=${mac.toUpperCase()}`)).toBe(true);
  });

  // What PHP's json_encode sends: `/` as `\/`, é as `\u00e9`.
  const php = Buffer.from('{"sender_id":"v1","conv_id":7,"text":"caf\\u00e9 at https:\\/\\/example.com\\/menu","type":"text"}');

  it('verifies PHP-escaped JSON over the bytes as received, not over a re-serialisation', () => {
    const header = signBody('VERIFICATION_TOKEN', php);
    expect(verifySignature('VERIFICATION_TOKEN', php, header)).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(php.toString('utf8'))));
    expect(reserialised.equals(php)).toBe(false);
    expect(verifySignature('VERIFICATION_TOKEN', reserialised, header)).toBe(false);
  });

  it('refuses a body with one byte changed, or the wrong key', () => {
    const header = signBody('k', php);
    const tampered = Buffer.from(php);
    tampered[10] = (tampered[10] ?? 0) ^ 1;
    expect(verifySignature('k', tampered, header)).toBe(false);
    expect(verifySignature('other', php, header)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['no prefix', signBody('k', 'x').slice('sha256='.length)],
    ['other algorithm', signBody('k', 'x').replace('sha256=', 'sha1=')],
    ['too short', signBody('k', 'x').slice(0, -2)],
    ['too long', `${signBody('k', 'x')}00`],
    ['not hex', `sha256=${'z'.repeat(64)}`],
    ['repeated header', [signBody('k', 'x'), signBody('k', 'x')]],
  ])('refuses a %s header', (_, header) => {
    expect(verifySignature('k', Buffer.from('x'), header)).toBe(false);
  });
});
