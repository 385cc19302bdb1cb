import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SITE_ORIGIN, startHarness, type Harness } from './harness.testing.ts';
import { PDF, PNG, SCRIPT } from '../uploads/fixtures.testing.ts';
import { chunked, sendUpload, upload } from './upload-client.testing.ts';

const onDisk = (h: Harness): string[] => {
  try {
    return readdirSync(join(h.dir, 'uploads'));
  } catch {
    return [];
  }
};

describe('upload limits and checks', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('refuses a file over UPLOAD_MAX_BYTES with 413 naming the limit in MB, declared or streamed, and keeps nothing', async () => {
    h = await startHarness({ store: 'sqlite', env: { UPLOAD_MAX_BYTES: '1000' } });
    const { token } = await h.session();
    const fits = await upload(h, token, Buffer.concat([PDF, Buffer.alloc(1000 - PDF.length, 0x20)]), 'application/pdf', 'exactly.pdf');
    expect(fits.status).toBe(201);
    expect(fits.json.size).toBe(1000);

    const declared = await upload(h, token, Buffer.concat([PDF, Buffer.alloc(4000)]), 'application/pdf', 'big.pdf');
    expect(declared.status).toBe(413);
    expect(declared.json.error.code).toBe('upload_too_large');
    expect(declared.json.error.message).toBe('the file is larger than the upload limit of 0.000954 MB (1000 bytes)');

    // No Content-Length: the limit is found while streaming, and the answer still arrives.
    const streamed = await upload(h, token, chunked(PDF, Buffer.alloc(600), Buffer.alloc(600), Buffer.alloc(600)), 'application/pdf', 'stream.pdf');
    expect(streamed.status).toBe(413);
    expect(streamed.json.error.message).toContain('MB');
    expect(onDisk(h)).toEqual([fits.json.id]);
    expect(h.logs.filter((line) => line.includes('"upload.stored"'))).toHaveLength(1);

    // The connection is still usable after a refusal.
    expect((await h.api('/v1/messages', { token })).status).toBe(200);
  });

  it('names the default limit as 10 MB', async () => {
    h = await startHarness();
    const { token } = await h.session();
    const big = await upload(h, token, Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]), 'image/png', 'huge.png');
    expect(big.status).toBe(413);
    expect(big.json.error.message).toBe('the file is larger than the upload limit of 10 MB (10485760 bytes)');
  });

  it('refuses types that are not accepted with 415, naming the type and listing what is accepted by kind', async () => {
    h = await startHarness({ store: 'sqlite' });
    const { token } = await h.session();
    const html = await upload(h, token, Buffer.from('<html><script>alert(1)</script></html>'), 'text/html', 'page.html');
    expect(html.status).toBe(415);
    expect(html.json.error.code).toBe('unsupported_type');
    expect(html.json.error.message).toContain('"text/html"');
    for (const listed of ['image: image/png', 'audio: audio/mpeg', 'video: video/mp4', 'file: application/pdf']) expect(html.json.error.message).toContain(listed);
    const svg = await upload(h, token, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml', 'x.svg');
    expect(svg.status).toBe(415);
    const none = await upload(h, token, PNG, undefined, 'untyped');
    expect(none.status).toBe(415);
    expect(none.json.error.message).toContain('no Content-Type');
    expect(onDisk(h)).toEqual([]);
  });

  it('refuses a script declared as image/png (content sniffing), and an empty file', async () => {
    h = await startHarness({ store: 'sqlite' });
    const { token } = await h.session();
    const fake = await upload(h, token, SCRIPT, 'image/png', 'innocent.png');
    expect(fake.status).toBe(415);
    expect(fake.json.error).toEqual({ code: 'type_mismatch', message: "the file's content does not match its declared type image/png" });
    const pdfAsJpeg = await upload(h, token, PDF, 'image/jpeg', 'doc.jpg');
    expect(pdfAsJpeg.status).toBe(415);
    const empty = await upload(h, token, new Uint8Array(0), 'text/plain', 'empty.txt');
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toBe('empty_upload');
    expect(onDisk(h)).toEqual([]);
    // The same bytes with their true type are fine.
    expect((await upload(h, token, SCRIPT, 'text/plain', 'script.txt')).status).toBe(201);
  });

  it('needs a session, sanitises the name, and limits uploads per visitor', async () => {
    h = await startHarness({ env: { TRUST_PROXY: 'loopback' } });
    expect((await upload(h, undefined, PNG, 'image/png')).status).toBe(401);
    expect((await upload(h, 'v1.forged.token', PNG, 'image/png')).status).toBe(401);
    const { token } = await h.session();
    const odd = await upload(h, token, PNG, 'image/png', '../../etc/\u0000evil\u202Egnp.png');
    expect(odd.status).toBe(201);
    expect(odd.json.name).toBe('evilgnp.png');
    expect(odd.json.url.endsWith('/evilgnp.png')).toBe(true);
    const nameless = await fetch(`${h.url}/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' }, body: PNG });
    expect(((await nameless.json()) as { name: string }).name).toBe('file');

    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await upload(h, token, PNG, 'image/png', `burst-${i}.png`)).status);
    expect(statuses.filter((status) => status === 201).length).toBeLessThan(25);
    expect(statuses.at(-1)).toBe(429);
    // Another visitor, from another address (files are also counted per address), is not held back.
    const other = (await h.session()).token;
    const theirs = await fetch(`${h.url}/v1/uploads?name=a.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other}`, 'content-type': 'image/png', 'x-forwarded-for': '198.51.100.20' },
      body: PNG,
    });
    expect(theirs.status).toBe(201);
  });

  it('answers a site origin preflight for uploads, and an attachment send with a bad id is refused', async () => {
    h = await startHarness();
    const preflight = await fetch(`${h.url}/v1/uploads?name=a.png`, {
      method: 'OPTIONS',
      headers: { origin: SITE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    const { token } = await h.session();
    const bad = await sendUpload(h, token, 'u_does-not-exist');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('unknown_upload');
  });
});
