import { describe, expect, it } from 'vitest';
import { fileSize, fileType } from './file-meta.ts';

describe('file type and size', () => {
  it('names the type by extension, else by a plain MIME subtype', () => {
    expect(fileType('Invoice 42.PDF')).toBe('PDF');
    expect(fileType(undefined, 'image/png')).toBe('PNG');
    expect(fileType('archive', 'application/x-zip')).toBe('ZIP');
    expect(fileType('x', 'image/svg+xml')).toBe('SVG');
    expect(fileType('x', 'application/vnd.ms-excel')).toBeUndefined();
    expect(fileType('no-extension')).toBeUndefined();
  });

  it('writes sizes in decimal units in the visitor’s language', () => {
    expect(fileSize(0, 'en')).toBe('0 bytes');
    expect(fileSize(12_345, 'en')).toBe('12 kB');
    expect(fileSize(1_234_567, 'en')).toBe('1.2 MB');
    expect(fileSize(1_234_567, 'de')).toBe('1,2 MB');
    expect(fileSize(3_500_000_000, 'en')).toBe('3.5 GB');
    expect(fileSize(undefined)).toBeUndefined();
    expect(fileSize(-1)).toBeUndefined();
  });
});
