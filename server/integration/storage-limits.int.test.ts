import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiskStats } from '../disk/index.ts';
import { signBody } from '../providers/uchat/signature.ts';
import { startHarness, type Harness } from './harness.testing.ts';
import { PDF, PNG } from '../uploads/fixtures.testing.ts';
import { chunked, upload } from './upload-client.testing.ts';

const onDisk = (h: Harness): string[] => {
  try {
    return readdirSync(join(h.dir, 'uploads'));
  } catch {
    return [];
  }
};

/** A PDF of exactly `size` bytes. */
const pdf = (size: number) => Buffer.concat([PDF, Buffer.alloc(size - PDF.length, 0x20)]);

const MIB = 1024 * 1024;
/** A 100 GiB disk with `freeMib` free, as fs.statfs reports it. */
const disk = (freeMib: number) => async (): Promise<DiskStats> => ({ bsize: 4096, bavail: (freeMib * MIB) / 4096, blocks: (100 * 1024 * MIB) / 4096 });

describe('upload quotas', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("refuses a visitor's file past UPLOAD_QUOTA_VISITOR_BYTES with 413, declared or streamed, and stores nothing", async () => {
    h = await startHarness({ store: 'sqlite', env: { UPLOAD_QUOTA_VISITOR_BYTES: '2000' } });
    const { token, visitorId } = await h.session();
    const first = await upload(h, token, pdf(1500), 'application/pdf', 'first.pdf');
    expect(first.status).toBe(201);

    const declared = await upload(h, token, pdf(600), 'application/pdf', 'second.pdf');
    expect(declared.status).toBe(413);
    expect(declared.json.error).toEqual({
      code: 'quota_exceeded',
      message: 'this file would take your files past the per-visitor quota of 0.00191 MB (2000 bytes); nothing was stored',
    });
    const streamed = await upload(h, token, chunked(PDF, Buffer.alloc(300), Buffer.alloc(300)), 'application/pdf', 'third.pdf');
    expect(streamed.status).toBe(413);
    expect(streamed.json.error.code).toBe('quota_exceeded');
    expect(onDisk(h)).toEqual([first.json.id]);
    expect(await h.started.relay.context.store.uploadUsage(visitorId)).toEqual({ visitorBytes: 1500, totalBytes: 1500 });

    // What is left still fits, and another visitor has a quota of their own.
    expect((await upload(h, token, pdf(500), 'application/pdf', 'fits.pdf')).status).toBe(201);
    const other = await h.session();
    expect((await upload(h, other.token, pdf(1500), 'application/pdf', 'theirs.pdf')).status).toBe(201);
  });

  it('refuses any file past UPLOAD_QUOTA_TOTAL_BYTES with 413 naming the total quota, and stores nothing', async () => {
    h = await startHarness({ store: 'sqlite', env: { UPLOAD_QUOTA_TOTAL_BYTES: '3000' } });
    for (let i = 0; i < 2; i++) expect((await upload(h, (await h.session()).token, pdf(1500), 'application/pdf')).status).toBe(201);
    const late = await upload(h, (await h.session()).token, pdf(300), 'application/pdf', 'late.pdf');
    expect(late.status).toBe(413);
    expect(late.json.error.code).toBe('quota_exceeded');
    expect(late.json.error.message).toContain("the relay's storage quota for all visitors' files");
    expect(onDisk(h)).toHaveLength(2);
  });

  it('limits files per client address across sessions with 429, leaving other addresses alone', async () => {
    h = await startHarness({ env: { TRUST_PROXY: 'loopback' } });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const sessions = await Promise.all(
      [0, 1, 2, 3].map(async () => (await h.api<{ token: string }>('/v1/sessions', { method: 'POST', body: {}, headers: from('198.51.100.9') })).json.token),
    );
    const statuses: number[] = [];
    for (let i = 0; i < 30 && statuses.at(-1) !== 429; i++) {
      const response = await fetch(`${h.url}/v1/uploads?name=a.png`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sessions[i % 4]}`, 'content-type': 'image/png', ...from('198.51.100.9') },
        body: PNG,
      });
      statuses.push(response.status);
      if (response.status === 429)
        expect(((await response.json()) as { error: { message: string } }).error.message).toBe('too many files from this address; wait a moment and try again');
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    const elsewhere = (await h.api<{ token: string }>('/v1/sessions', { method: 'POST', body: {}, headers: from('198.51.100.10') })).json.token;
    const other = await fetch(`${h.url}/v1/uploads?name=a.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${elsewhere}`, 'content-type': 'image/png', ...from('198.51.100.10') },
      body: PNG,
    });
    expect(other.status).toBe(201);
  });
});

describe('free disk space', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const push = async (visitorId: string, text: string) => {
    const conversation = await h.started.relay.context.store.getConversation((await h.started.relay.context.store.getVisitor(visitorId))!.conversationId);
    const body = JSON.stringify({ sender_id: visitorId, conv_id: conversation!.number, text, type: 'text', message_type: 'outgoing', private: false });
    return fetch(`${h.url}/webhooks/uchat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(h.config.uchat!.verificationKey, body) },
      body,
    });
  };

  it('refuses uploads with 507 below DISK_FREE_MIN_UPLOADS while messages still flow, and says so once in the log', async () => {
    h = await startHarness({ store: 'sqlite', relayOptions: { statfs: disk(500) } });
    const { token, visitorId } = await h.session();
    const refused = await upload(h, token, PNG, 'image/png', 'a.png');
    expect(refused.status).toBe(507);
    expect(refused.json.error).toEqual({ code: 'insufficient_storage', message: 'the relay is low on disk space and cannot take files right now; text messages still work' });
    expect(onDisk(h)).toEqual([]);
    expect((await upload(h, token, PNG, 'image/png', 'b.png')).status).toBe(507);
    expect((await h.send(token, 'still here')).status).toBe(201);
    expect((await push(visitorId, 'bot still here')).status).toBe(200);
    expect(h.logs.filter((line) => line.includes('"disk.low"'))).toHaveLength(1);
  });

  it('below DISK_FREE_MIN_MESSAGES refuses visitor sends and new visitors with 507 and platform pushes with 503 and Retry-After', async () => {
    h = await startHarness({ store: 'sqlite', relayOptions: { statfs: disk(10) } });
    // A visitor from before the disk filled up.
    const { store, tokens } = h.started.relay.context;
    const { visitor } = await store.createVisitor();
    const { token } = tokens.issue(visitor.id, visitor.conversationId);
    const visitorId = visitor.id;
    const sent = await h.send(token, 'lost?');
    expect(sent.status).toBe(507);
    expect(sent.json).toEqual({ error: { code: 'insufficient_storage', message: 'the relay is out of disk space and cannot store messages right now; try again later' } });
    const pushed = await push(visitorId, 'from the bot');
    expect(pushed.status).toBe(503);
    expect(pushed.headers.get('retry-after')).toBe('60');
    expect((await h.api('/v1/sessions', { method: 'POST', body: {} })).status).toBe(507);
    // A returning visitor writes nothing, so gets back in; nothing was stored.
    expect((await h.session(token)).resumed).toBe(true);
    expect((await h.api<{ messages: unknown[] }>('/v1/messages', { token })).json.messages).toEqual([]);
    expect(h.logs.filter((line) => line.includes('"disk.full"'))).toHaveLength(1);
  });
});
