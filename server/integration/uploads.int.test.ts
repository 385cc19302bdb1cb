import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UploadResponse } from '../../src/protocol/index.ts';
import { startHarness, type Harness } from './harness.testing.ts';
import { PDF, PNG, WAV, WEBM } from '../uploads/fixtures.testing.ts';
import { sendUpload, upload } from './upload-client.testing.ts';

const CASES = [
  { kind: 'image', mime: 'image/png', name: 'photo.png', bytes: PNG, disposition: "inline; filename*=UTF-8''photo.png" },
  { kind: 'audio', mime: 'audio/wav', name: 'voice note.wav', bytes: WAV, disposition: "inline; filename*=UTF-8''voice%20note.wav" },
  { kind: 'video', mime: 'video/webm', name: 'clip.webm', bytes: WEBM, disposition: "inline; filename*=UTF-8''clip.webm" },
  { kind: 'file', mime: 'application/pdf', name: 'Résumé.pdf', bytes: PDF, disposition: "attachment; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf" },
] as const;

describe('visitor uploads ⇄ relay ⇄ UChat (simulator)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('uploads one file of each kind, sends it to bot_url as the contract attachment, and serves the same bytes back', async () => {
    h = await startHarness();
    const { token, visitorId, conversationId } = await h.session();
    const conversation = await h.started.relay.context.store.getConversation(conversationId);
    for (const [index, item] of CASES.entries()) {
      const stored = await upload(h, token, item.bytes, item.mime, item.name);
      expect(stored.status).toBe(201);
      const response = UploadResponse.parse(stored.json);
      expect(response).toEqual({
        id: expect.stringMatching(/^u_[A-Za-z0-9_-]{22}$/),
        url: expect.any(String),
        name: item.name,
        size: item.bytes.length,
        mime: item.mime,
        kind: item.kind,
      });
      expect(response.url).toMatch(new RegExp(`^${h.url}/files/[A-Za-z0-9_-]{32}/${encodeURIComponent(item.name).replace(/[.()]/g, '\\$&')}$`));

      const sent = await sendUpload(h, token, response.id);
      expect(sent.status).toBe(201);
      expect(sent.json.message).toMatchObject({ author: 'visitor', body: { kind: item.kind, url: response.url, name: item.name, size: item.bytes.length, mime: item.mime } });

      const received = await h.sim.waitForReceived(index + 1, 5000);
      expect(received[index]?.body).toEqual({
        content: '',
        message_type: 'incoming',
        sender: { id: visitorId, name: expect.any(String), email: '', phone_number: '', type: 'contact' },
        conversation_id: conversation!.number,
        event: 'message_created',
        attachments: [{ file_type: item.kind, data_url: response.url }],
      });

      // What the platform gets when it fetches data_url: no session, the exact bytes, safe headers.
      const file = await fetch(response.url);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(item.bytes)).toBe(true);
      expect(file.headers.get('content-type')).toBe(item.mime);
      expect(file.headers.get('content-length')).toBe(String(item.bytes.length));
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(file.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(file.headers.get('content-disposition')).toBe(item.disposition);
      expect(file.headers.get('accept-ranges')).toBe('bytes');
    }
    // The token is the file's only protection: it reaches no log line.
    const tokens = h.sim.received.map(({ body }) => ('attachments' in body ? new URL(body.attachments[0]!.data_url).pathname.split('/')[2]! : ''));
    expect(tokens).toHaveLength(4);
    for (const secret of tokens) expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    for (const secret of tokens) expect(h.logs.join('\n')).not.toContain(secret);
    expect(h.logs.some((line) => line.includes('"upload.stored"'))).toBe(true);
  });

  it("refuses to send another visitor's upload exactly as it refuses a made-up id, and sends nothing", async () => {
    h = await startHarness();
    const alice = await h.session();
    const mallory = await h.session();
    const stored = await upload(h, alice.token, PNG, 'image/png', 'private.png');
    expect(stored.status).toBe(201);
    const stolen = await sendUpload(h, mallory.token, stored.json.id, 'steal-attempt-1');
    const madeUp = await sendUpload(h, mallory.token, 'u_AAAAAAAAAAAAAAAAAAAAAA', 'steal-attempt-2');
    expect(stolen.status).toBe(400);
    expect(stolen.json).toEqual({ error: { code: 'unknown_upload', message: 'no such upload' } });
    expect(stolen.text).toBe(madeUp.text);
    expect(stolen.text).not.toContain(stored.json.url);
    expect((await h.api<{ messages: unknown[] }>('/v1/messages', { token: mallory.token })).json.messages).toEqual([]);
    // The owner still can; it is the only thing the platform receives.
    expect((await sendUpload(h, alice.token, stored.json.id)).status).toBe(201);
    await h.sim.waitForReceived(1, 5000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.sim.received.map((request) => request.body.sender.id)).toEqual([alice.visitorId]);
  });

  it('stores a retried attachment send once', async () => {
    h = await startHarness();
    const { token } = await h.session();
    const stored = await upload(h, token, PDF, 'application/pdf', 'terms.pdf');
    const first = await sendUpload(h, token, stored.json.id, 'same-attachment-1');
    const again = await sendUpload(h, token, stored.json.id, 'same-attachment-1');
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json).toMatchObject({ duplicate: true, message: { id: first.json.message.id } });
    await h.sim.waitForReceived(1, 5000);
    expect(h.sim.received).toHaveLength(1);
  });

  it('keeps uploads across a relay restart with the sqlite store (bytes on disk, index in the database)', async () => {
    h = await startHarness({ store: 'sqlite' });
    const { token } = await h.session();
    const stored = await upload(h, token, WEBM, 'video/webm', 'before restart.webm');
    expect(stored.status).toBe(201);
    const path = new URL(stored.json.url).pathname;
    await h.close({ all: false });
    expect(readdirSync(join(h.dir, 'uploads'))).toEqual([stored.json.id]);
    expect(existsSync(join(h.dir, 'chatport.db'))).toBe(true);

    const again = await startHarness({ store: 'sqlite', dataDir: h.dir, simulator: h.sim });
    const first = h;
    h = again;
    try {
      const file = await fetch(`${again.url}${path}`);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(WEBM)).toBe(true);
      const { token: renewed } = await again.session(token);
      const sent = await sendUpload(again, renewed, stored.json.id);
      expect(sent.status).toBe(201);
      expect(sent.json.message.body).toMatchObject({ kind: 'video', name: 'before restart.webm', size: WEBM.length, url: `${again.url}${path}` });
      await again.sim.waitForReceived(1, 5000);
    } finally {
      await again.close({ all: false });
      await first.close({ all: true });
      h = undefined as unknown as Harness;
    }
  });
});
