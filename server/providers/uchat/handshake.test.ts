import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../types.ts';
import { answerHandshake, readHandshake } from './handshake.ts';

const request = (body: string, contentType?: string, query = ''): RawRequest => ({
  method: 'POST',
  url: new URL(`http://relay.test/webhooks/uchat${query}`),
  headers: contentType ? { 'content-type': contentType } : {},
  body: Buffer.from(body),
});

const expected = { mode: 'subscribe', verifyToken: 'VERIFICATION_TOKEN', challenge: '205c40409f9bcdeb9e00614b442c5fdd' };
const boundary = '----chatport42';
const multipartBody = [
  ['hub_mode', 'subscribe'],
  ['hub_verify_token', 'VERIFICATION_TOKEN'],
  ['hub_challenge', '205c40409f9bcdeb9e00614b442c5fdd'],
]
  .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
  .join('')
  .concat(`--${boundary}--\r\n`);

describe('readHandshake', () => {
  it.each([
    ['form-urlencoded', request('hub_mode=subscribe&hub_verify_token=VERIFICATION_TOKEN&hub_challenge=205c40409f9bcdeb9e00614b442c5fdd', 'application/x-www-form-urlencoded')],
    ['JSON', request(JSON.stringify({ hub_mode: 'subscribe', hub_verify_token: 'VERIFICATION_TOKEN', hub_challenge: '205c40409f9bcdeb9e00614b442c5fdd' }), 'application/json')],
    ['query string', request('', undefined, '?hub_mode=subscribe&hub_verify_token=VERIFICATION_TOKEN&hub_challenge=205c40409f9bcdeb9e00614b442c5fdd')],
    ["Meta's dotted spelling", request('', undefined, '?hub.mode=subscribe&hub.verify_token=VERIFICATION_TOKEN&hub.challenge=205c40409f9bcdeb9e00614b442c5fdd')],
    [
      'dotted names in a form body',
      request('hub.mode=subscribe&hub.verify_token=VERIFICATION_TOKEN&hub.challenge=205c40409f9bcdeb9e00614b442c5fdd', 'application/x-www-form-urlencoded'),
    ],
    ['multipart form', request(multipartBody, `multipart/form-data; boundary=${boundary}`)],
    ['a form body without a content type', request('hub_mode=subscribe&hub_verify_token=VERIFICATION_TOKEN&hub_challenge=205c40409f9bcdeb9e00614b442c5fdd')],
    // Pushes skip the body lookup unless `hub` can appear in them: an escaped spelling still counts.
    [
      'JSON with escaped names',
      request('{"\\u0068ub_mode":"subscribe","\\u0068ub_verify_token":"VERIFICATION_TOKEN","\\u0068ub_challenge":"205c40409f9bcdeb9e00614b442c5fdd"}', 'application/json'),
    ],
    [
      'a form with percent-encoded names',
      request('%68ub_mode=subscribe&%68ub_verify_token=VERIFICATION_TOKEN&%68ub_challenge=205c40409f9bcdeb9e00614b442c5fdd', 'application/x-www-form-urlencoded'),
    ],
  ])('reads the parameters from %s', (_, req) => {
    expect(readHandshake(req)).toEqual(expected);
  });

  it('finds nothing in an ordinary push', () => {
    expect(readHandshake(request('{"sender_id":"v1","conv_id":1,"text":"hi","type":"text"}', 'application/json'))).toBeUndefined();
    expect(readHandshake(request('not json at all {', 'application/json'))).toBeUndefined();
    expect(readHandshake(request(''))).toBeUndefined();
  });

  it('reports a partial handshake so it can be refused', () => {
    expect(readHandshake(request('hub_challenge=abc', 'application/x-www-form-urlencoded'))).toEqual({ challenge: 'abc' });
  });
});

describe('answerHandshake', () => {
  it('echoes exactly the challenge as text/plain for the right token', () => {
    expect(answerHandshake(expected, 'VERIFICATION_TOKEN')).toEqual({
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      body: '205c40409f9bcdeb9e00614b442c5fdd',
    });
  });

  it('answers 403 for a wrong or missing token, without echoing anything', () => {
    for (const verifyToken of ['WRONG', 'VERIFICATION_TOKE', 'VERIFICATION_TOKENX', '', undefined]) {
      const reply = answerHandshake({ ...expected, verifyToken }, 'VERIFICATION_TOKEN');
      expect(reply.status).toBe(403);
      expect(reply.body).not.toContain(expected.challenge);
      expect(reply.body).not.toContain('VERIFICATION_TOKEN');
    }
  });

  it('answers 400 when the mode is not subscribe', () => {
    expect(answerHandshake({ ...expected, mode: 'unsubscribe' }, 'VERIFICATION_TOKEN').status).toBe(400);
    expect(answerHandshake({ ...expected, mode: undefined }, 'VERIFICATION_TOKEN').status).toBe(400);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'a'.repeat(257)],
    ['markup-bearing newline', 'abc\n<script>'],
    ['non-ASCII', 'caf\u00e9'],
    ['control character', 'abc\u0000'],
  ])('answers 400 for a %s challenge instead of echoing it', (_, challenge) => {
    const reply = answerHandshake({ ...expected, challenge }, 'VERIFICATION_TOKEN');
    expect(reply.status).toBe(400);
  });

  it('accepts a challenge at the length cap', () => {
    expect(answerHandshake({ ...expected, challenge: 'a'.repeat(256) }, 'VERIFICATION_TOKEN').body).toBe('a'.repeat(256));
  });
});
