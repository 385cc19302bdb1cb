import { crc32, deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: length, type, data, CRC-32 over type + data. */
const chunk = (type: string, data: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
};

/** An 8-bit truecolour PNG (colour type 2, no filter on any row), each pixel from `pixel(x, y)`. */
export const encodePng = (width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer => {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height); // each row starts with filter byte 0
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const at = y * stride + 1 + x * 3;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth, colour type, compression, filter, interlace
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
};

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as unknown as Rgb;

/** Card art: a diagonal gradient between two colours with a pale "sun" disc, so cards tell apart at a glance. */
export const cardPng = (width: number, height: number, from: Rgb, to: Rgb): Buffer => {
  const cx = width * 0.7;
  const cy = height * 0.42;
  const radius = Math.min(width, height) * 0.22;
  const pale = mix(from, [255, 255, 255], 0.75);
  return encodePng(width, height, (x, y) => {
    if ((x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2) return pale;
    return mix(from, to, (x / width + y / height) / 2);
  });
};
