import { describe, expect, it } from 'vitest';
import { isHttpUrl } from './url.ts';

describe('isHttpUrl', () => {
  it('accepts absolute http(s) URLs, whatever their case', () => {
    for (const url of ['https://x.test/', 'http://x.test/a?b=c#d', 'HTTPS://X.TEST/a.png']) expect(isHttpUrl(url), url).toBe(true);
  });

  it('refuses other schemes, relative and broken URLs, and non-strings', () => {
    for (const value of [
      'javascript:alert(1)',
      'data:text/html,hi',
      'ftp://x.test/',
      '//x.test/a',
      '/a.png',
      'https//x.test',
      '',
      undefined,
      null,
      5,
      { toString: () => 'https://x.test/' },
    ]) {
      expect(isHttpUrl(value), String(value)).toBe(false);
    }
  });
});
