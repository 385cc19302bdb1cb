import { describe, expect, it } from 'vitest';
import { phpJson } from './php-json.ts';

describe('phpJson', () => {
  it('escapes slashes and non-ASCII like PHP json_encode', () => {
    expect(phpJson({ text: 'café 👋 https://x.test/a', n: 1 })).toBe('{"text":"caf\\u00e9 \\ud83d\\udc4b https:\\/\\/x.test\\/a","n":1}');
  });

  it('round-trips through JSON.parse unchanged', () => {
    const value = { text: 'Ünïcödé ✓ 日本語 / \\ "quoted" \n', list: [null, true, 1.5] };
    expect(JSON.parse(phpJson(value))).toEqual(value);
    expect(phpJson(value)).toMatch(/^[\x20-\x7e]*$/);
  });
});
