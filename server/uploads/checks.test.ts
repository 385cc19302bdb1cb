import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/errors.ts';
import { acceptType, formatMb, tooLarge } from './checks.ts';

describe('acceptType', () => {
  it('stores the type without parameters, in lower case, with its kind', () => {
    expect(acceptType('image/PNG')).toEqual({ mime: 'image/png', kind: 'image' });
    expect(acceptType('text/plain; charset=utf-8')).toEqual({ mime: 'text/plain', kind: 'file' });
    expect(acceptType(' video/webm;codecs="vp9,opus"')).toEqual({ mime: 'video/webm', kind: 'video' });
  });

  it('refuses with 415, naming the type and listing the accepted ones by kind', () => {
    for (const [type, named] of [
      ['text/html', '"text/html"'],
      [undefined, 'no Content-Type'],
      ['', 'no Content-Type'],
      ['image/svg+xml; x=1', '"image/svg+xml"'],
    ] as const) {
      let error: unknown;
      try {
        acceptType(type);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(HttpError);
      const { status, code, message } = error as HttpError;
      expect([status, code]).toEqual([415, 'unsupported_type']);
      expect(message).toContain(named);
      expect(message).toMatch(/image: image\/png, image\/jpeg, image\/gif, image\/webp; audio: .*audio\/wav.*; video: .*video\/webm.*; file: application\/pdf/);
    }
  });
});

describe('size messages', () => {
  it('says the limit in MB and in bytes', () => {
    expect(formatMb(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatMb(512 * 1024)).toBe('0.5 MB');
    expect(formatMb(2_500_000)).toBe('2.38 MB');
    expect(tooLarge(5 * 1024 * 1024)).toMatchObject({ status: 413, message: 'the file is larger than the upload limit of 5 MB (5242880 bytes)' });
  });
});
