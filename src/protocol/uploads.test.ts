import { describe, expect, it } from 'vitest';
import { uploadKind } from './uploads.ts';

describe('uploadKind', () => {
  it('maps accepted content types to what they are drawn as', () => {
    expect(uploadKind('image/png')).toBe('image');
    expect(uploadKind('Audio/MPEG')).toBe('audio');
    expect(uploadKind('video/webm; codecs=vp8')).toBe('video');
    expect(uploadKind('application/pdf')).toBe('file');
  });

  it('refuses types that can carry script or are unknown', () => {
    for (const type of ['image/svg+xml', 'text/html', 'application/javascript', 'application/octet-stream', '', 'constructor', '__proto__']) {
      expect(uploadKind(type)).toBeUndefined();
    }
  });
});
