import { describe, expect, it } from 'vitest';
import { UPLOAD_TYPES } from '../../src/protocol/index.ts';
import { hasSignature, sniffMatches } from './sniff.ts';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF');
const GIF = bytes('GIF89a', [1, 0, 1, 0]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');
const WAV = bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ');
const WEBM = bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]);
const MP4 = bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]);
const MP3 = bytes('ID3', [4, 0, 0, 0, 0, 0, 0]);
const MP3_FRAME = bytes([0xff, 0xfb, 0x90, 0x64]);
const OGG = bytes('OggS', [0, 2]);
const PDF = bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
const SCRIPT = bytes('<script>alert(document.cookie)</script>');

describe('sniffMatches', () => {
  it('accepts each image type with its real signature', () => {
    expect(sniffMatches('image/png', PNG)).toBe(true);
    expect(sniffMatches('image/jpeg', JPEG)).toBe(true);
    expect(sniffMatches('image/gif', GIF)).toBe(true);
    expect(sniffMatches('image/gif', bytes('GIF87a'))).toBe(true);
    expect(sniffMatches('image/webp', WEBP)).toBe(true);
  });

  it('refuses a script, an empty head and another image type declared as an image', () => {
    for (const type of ['image/png', 'image/jpeg', 'image/gif', 'image/webp']) {
      expect(sniffMatches(type, SCRIPT)).toBe(false);
      expect(sniffMatches(type, Buffer.alloc(0))).toBe(false);
    }
    expect(sniffMatches('image/png', JPEG)).toBe(false);
    expect(sniffMatches('image/webp', WAV)).toBe(false);
    expect(sniffMatches('image/png', PNG.subarray(0, 7))).toBe(false);
  });

  it('checks audio, video and PDF by their container signatures', () => {
    expect(sniffMatches('audio/wav', WAV)).toBe(true);
    expect(sniffMatches('audio/x-wav', WAV)).toBe(true);
    expect(sniffMatches('audio/wav', WEBP)).toBe(false);
    expect(sniffMatches('video/webm', WEBM)).toBe(true);
    expect(sniffMatches('audio/webm', WEBM)).toBe(true);
    expect(sniffMatches('video/mp4', MP4)).toBe(true);
    expect(sniffMatches('video/quicktime', MP4)).toBe(true);
    expect(sniffMatches('audio/mpeg', MP3)).toBe(true);
    expect(sniffMatches('audio/mpeg', MP3_FRAME)).toBe(true);
    expect(sniffMatches('audio/ogg', OGG)).toBe(true);
    expect(sniffMatches('application/pdf', PDF)).toBe(true);
    expect(sniffMatches('application/pdf', Buffer.concat([Buffer.alloc(100, 0x20), PDF]))).toBe(true);
    for (const type of ['video/webm', 'video/mp4', 'audio/mpeg', 'audio/ogg', 'audio/aac', 'application/pdf']) expect(sniffMatches(type, SCRIPT)).toBe(false);
  });

  it('does not check types without a reliable signature', () => {
    expect(hasSignature('text/plain')).toBe(false);
    expect(sniffMatches('text/plain', SCRIPT)).toBe(true);
    expect(sniffMatches('text/csv', bytes('a,b\n1,2\n'))).toBe(true);
  });

  it('checks every accepted image, audio and video type', () => {
    for (const [type, kind] of Object.entries(UPLOAD_TYPES)) if (kind !== 'file') expect(hasSignature(type)).toBe(true);
  });
});
