import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.testing.ts';
import { PDF, WEBM } from '../uploads/fixtures.testing.ts';
import { upload } from './upload-client.testing.ts';

describe('GET /files/<token>/<name>', () => {
  let h: Harness;
  let video: { url: string; token: string };
  beforeAll(async () => {
    h = await startHarness();
    const { token } = await h.session();
    const stored = await upload(h, token, WEBM, 'video/webm', 'clip.webm');
    video = { url: stored.json.url, token: new URL(stored.json.url).pathname.split('/')[2]! };
  });
  afterAll(async () => h?.close());

  const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => fetch(url, { method, headers });

  it('serves one byte range with 206 for media seeking', async () => {
    const part = await get(video.url, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${WEBM.length}`);
    expect(part.headers.get('content-length')).toBe('100');
    expect(part.headers.get('content-type')).toBe('video/webm');
    expect(Buffer.from(await part.arrayBuffer()).equals(WEBM.subarray(100, 200))).toBe(true);

    const tail = await get(video.url, { range: 'bytes=-10' });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(WEBM.subarray(WEBM.length - 10))).toBe(true);
    const open = await get(video.url, { range: `bytes=${WEBM.length - 5}-` });
    expect(open.headers.get('content-range')).toBe(`bytes ${WEBM.length - 5}-${WEBM.length - 1}/${WEBM.length}`);
    expect((await open.arrayBuffer()).byteLength).toBe(5);
  });

  it('answers an unsatisfiable range with 416 and the real size', async () => {
    const beyond = await get(video.url, { range: `bytes=${WEBM.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${WEBM.length}`);
    expect(beyond.headers.get('cache-control')).toBe('no-store');
    expect(await beyond.text()).toBe('');
  });

  it('sends the whole file for several ranges, and for an If-Range that no longer matches', async () => {
    const several = await get(video.url, { range: 'bytes=0-1,5-6' });
    expect(several.status).toBe(200);
    expect((await several.arrayBuffer()).byteLength).toBe(WEBM.length);
    const stale = await get(video.url, { range: 'bytes=0-9', 'if-range': '"some-older-etag"' });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
    const etag = (await get(video.url, {}, 'HEAD')).headers.get('etag')!;
    const fresh = await get(video.url, { range: 'bytes=0-9', 'if-range': etag });
    expect(fresh.status).toBe(206);
    await fresh.arrayBuffer();
  });

  it('answers HEAD with the headers and no body', async () => {
    const head = await get(video.url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(WEBM.length));
    expect(head.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''clip.webm");
    expect(head.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(await head.text()).toBe('');
  });

  it('finds a file by its token alone, and nothing without the right token', async () => {
    const renamed = await get(video.url.replace(/clip\.webm$/, 'other-name.bin'));
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('content-type')).toBe('video/webm');
    await renamed.arrayBuffer();
    const flipped = video.token.slice(0, -1) + (video.token.endsWith('A') ? 'B' : 'A');
    for (const path of [`/files/${flipped}/clip.webm`, '/files/short/clip.webm', `/files/${video.token}`, `/files/${video.token}/a/b`, '/files/../v1/messages/x']) {
      const missing = await get(`${h.url}${path}`);
      expect(missing.status, path).toBe(404);
      expect(await missing.text()).not.toContain(video.token);
    }
    expect((await fetch(video.url, { method: 'POST' })).status).toBe(405);
  });

  it('serves a document as a download and never logs the address', async () => {
    const { token } = await h.session();
    const doc = await upload(h, token, PDF, 'application/pdf', 'contract "final";v2.pdf');
    const file = await get(doc.json.url);
    expect(file.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''contract%20%22final%22%3Bv2.pdf");
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    const secret = new URL(doc.json.url).pathname.split('/')[2]!;
    expect(h.logs.join('\n')).not.toContain(secret);
    expect(h.logs.join('\n')).not.toContain(video.token);
  });
});
