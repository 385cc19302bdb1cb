import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cardPng, encodePng, PNG_SIGNATURE } from './png.ts';

/** Splits a PNG into chunks, checking each CRC as a decoder would. */
const chunks = (png: Buffer) => {
  const found: { type: string; data: Buffer; crcOk: boolean }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    found.push({ type, data, crcOk: png.readUInt32BE(at + 8 + length) === crc32(png.subarray(at + 4, at + 8 + length)) });
    at += 12 + length;
  }
  return found;
};

describe('encodePng', () => {
  it.each([
    [382, 200],
    [200, 200],
  ])('writes a valid %ix%i truecolour PNG', (width, height) => {
    const png = cardPng(width, height, [10, 20, 30], [200, 100, 50]);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(parts.every((c) => c.crcOk)).toBe(true);
    const ihdr = parts[0]!.data;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ...ihdr.subarray(8)]).toEqual([width, height, 8, 2, 0, 0, 0]);
    expect(inflateSync(parts[1]!.data)).toHaveLength(height * (width * 3 + 1));
    expect(png.length).toBeLessThan(20_000);
  });

  it('stores each pixel where it belongs', () => {
    const png = encodePng(3, 2, (x, y) => [x * 10, y * 100, 7]);
    const raw = inflateSync(chunks(png)[1]!.data);
    expect([...raw]).toEqual([0, 0, 0, 7, 10, 0, 7, 20, 0, 7, 0, 0, 100, 7, 10, 100, 7, 20, 100, 7]);
  });

  it('draws different cards for different colours, the same card for the same ones', () => {
    expect(cardPng(40, 20, [1, 2, 3], [4, 5, 6])).toEqual(cardPng(40, 20, [1, 2, 3], [4, 5, 6]));
    expect(cardPng(40, 20, [1, 2, 3], [4, 5, 6])).not.toEqual(cardPng(40, 20, [9, 2, 3], [4, 5, 6]));
  });
});
