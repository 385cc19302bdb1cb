import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../uchat/index.ts';
import { PNG_SIGNATURE } from './png.ts';

describe('simulator /media/', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  const get = async (name: string, init: RequestInit = {}) => {
    sim ??= await createSimulator();
    return fetch(`${sim.url}/media/${name}`, init);
  };

  it.each([
    ['card-sunrise.png', 'image/png'],
    ['card-square.png', 'image/png'],
    ['picture.png', 'image/png'],
    ['tone.wav', 'audio/wav'],
    ['clip.webm', 'video/webm'],
    ['guide.pdf', 'application/pdf'],
    ['about.html', 'text/html; charset=utf-8'],
  ])('serves %s as %s, embeddable from another origin and never sniffed', async (name, type) => {
    const response = await get(name);
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(body.length).toBeGreaterThan(100);
  });

  it('serves files that are what they say', async () => {
    const bytes = async (name: string) => Buffer.from(await (await get(name)).arrayBuffer());
    expect((await bytes('card-ocean.png')).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect((await bytes('tone.wav')).toString('latin1', 0, 12)).toMatch(/^RIFF.{4}WAVE$/s);
    const webm = await bytes('clip.webm');
    expect(webm.readUInt32BE(0)).toBe(0x1a45dfa3); // EBML header
    expect(webm.includes('webm')).toBe(true);
    expect(webm.includes('V_VP8')).toBe(true);
    expect(webm.length).toBeLessThan(30_000);
    expect((await bytes('guide.pdf')).toString('latin1', 0, 5)).toBe('%PDF-');
  });

  it('answers byte ranges with 206 and an unsatisfiable one with 416', async () => {
    const full = Buffer.from(await (await get('clip.webm')).arrayBuffer());
    const part = await get('clip.webm', { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${full.length}`);
    expect(part.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(full.subarray(100, 200));
    const tail = await get('tone.wav', { headers: { range: 'bytes=-44' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer())).toHaveLength(44);
    const beyond = await get('tone.wav', { headers: { range: 'bytes=999999-' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */16044');
  });

  it('answers HEAD without a body, refuses other methods, and 404s unknown names', async () => {
    const head = await get('guide.pdf', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
    expect(await head.text()).toBe('');
    expect((await get('guide.pdf', { method: 'POST' })).status).toBe(405);
    expect((await get('nothing.png')).status).toBe(404);
    expect((await get('..%2Fhttp.ts')).status).toBe(404);
    expect((await get('constructor')).status).toBe(404);
  });
});
