import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../providers/uchat/signature.ts';
import { logLines, spawnChatport } from './process.testing.ts';

const KEY = 'verification-key-for-the-test';

describe('chatport serve at its open-file limit', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('holds streams up to a margin below the limit, refuses more with 503, and still takes webhooks and health checks', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chatport-fds-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const relay = spawnChatport(
      ['serve'],
      {
        UCHAT_BOT_URL: 'http://127.0.0.1:9/bot',
        UCHAT_API_KEY: 'flow-key-for-the-test',
        UCHAT_VERIFICATION_KEY: KEY,
        PUBLIC_URL: 'http://relay.example.test',
        CHATPORT_SECRET: 'fd-test-secret-'.padEnd(48, 's'),
        ALLOWED_ORIGINS: 'http://site.example.test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        STREAMS_PER_VISITOR: '1000',
        STREAMS_PER_ADDRESS: '1000',
      },
      { openFiles: 128 },
    );
    cleanups.push(async () => {
      relay.signal('SIGKILL');
      await relay.exited;
    });
    await relay.waitFor(/"event":"relay\.listening"/);
    const listening = logLines(relay.stderr()).find((line) => line.event === 'relay.listening')!;
    // 128 descriptors: 64 (a tenth, at least 64) stay free of streams.
    expect([listening['openFiles'], listening['maxStreams']]).toEqual([128, 64]);
    const url = `http://127.0.0.1:${listening['port']}`;

    const session = (await (await fetch(`${url}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
      token: string;
      visitorId: string;
    };
    const auth = { authorization: `Bearer ${session.token}` };
    const held: AbortController[] = [];
    cleanups.push(() => held.forEach((controller) => controller.abort()));
    const statuses: number[] = [];
    // Well past the cap, and past what 128 descriptors could hold.
    for (let i = 0; i < 140; i++) {
      const controller = new AbortController();
      const response = await fetch(`${url}/v1/stream`, { headers: auth, signal: controller.signal });
      statuses.push(response.status);
      if (response.status === 200) held.push(controller);
      else await response.body?.cancel();
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(64);
    expect(new Set(statuses.slice(64))).toEqual(new Set([503]));

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const push = JSON.stringify({ sender_id: session.visitorId, text: 'at the limit', type: 'text', message_type: 'outgoing', private: false });
    const pushed = await fetch(`${url}/webhooks/uchat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(KEY, push) },
      body: push,
    });
    expect(pushed.status).toBe(200);
    expect(((await pushed.json()) as { stored: number }).stored).toBe(1);
  });
});
