import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnChatport } from '../server/cli/process.testing.ts';
import { spawnRelay, type RelayProcess } from '../server/integration/cluster.testing.ts';
import { startPostgres } from '../server/integration/engines.testing.ts';
import { createPartnerClient } from '../server/providers/uchat/partner.ts';
import { createMediaLibrary } from '../server/standins/media/index.ts';
import { createSimulator } from '../server/standins/uchat/index.ts';
import { createWidget, embedPage, expect, startHostSite, test } from './fixtures.testing.ts';

const VERIFICATION_KEY = 'e2e-copy-verification-key';
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

test('moving a relay from SQLite to Postgres with store copy: the widget shows the same history, the queued messages are delivered, the uploaded picture still loads', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  try {
    const sim = await createSimulator({});
    cleanup.push(() => sim.close());
    const port = await freePort();
    const relayUrl = `http://127.0.0.1:${port}`;
    const site = await startHostSite(() => embedPage(relayUrl));
    cleanup.push(() => site.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'chatport-e2e-copy-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // The same relay settings before and after the move: only where it keeps its data changes.
    const env = {
      PORT: String(port),
      PUBLIC_URL: relayUrl,
      ALLOWED_ORIGINS: site.url,
      DATA_DIR: dataDir,
      UCHAT_BOT_URL: sim.botUrl,
      UCHAT_API_KEY: sim.flowApiKey,
      UCHAT_VERIFICATION_KEY: VERIFICATION_KEY,
    };
    const start = async (extra: Record<string, string> = {}) => {
      const relay: RelayProcess = await spawnRelay({ ...env, ...extra });
      cleanup.push(() => relay.kill());
      return relay;
    };

    const sqlite = await start();
    await createPartnerClient({ baseUrl: sim.url, workspaceId: sim.workspaceId, apiKey: sim.partnerApiKey }).set({
      webhookUrl: `${relayUrl}/webhooks/uchat`,
      verificationKey: VERIFICATION_KEY,
    });
    await page.goto(site.url);
    const widget = createWidget(page);
    await widget.send('before the move');
    await expect(widget.replies()).toHaveCount(1);
    const picture = createMediaLibrary().get('picture.png')!;
    await widget.upload({ name: 'picture.png', mimeType: picture.type, buffer: picture.body });
    await expect(widget.replies()).toHaveCount(2);
    // The platform goes away: what the visitor sends now waits in the outbox.
    sim.faults.botUrl.push(...Array.from({ length: 1000 }, () => ({ kind: 'status' as const, status: 503 })));
    for (const text of ['queued 1', 'queued 2']) await widget.send(text);
    await expect(widget.sent()).toHaveCount(4);
    const received = sim.received.length;
    await sqlite.stop();

    const postgres = await startPostgres();
    cleanup.push(() => postgres.stop());
    const copy = spawnChatport(['store', 'copy', '--from', dataDir, '--to', postgres.url], {});
    expect(await copy.exited, copy.stderr()).toBe(0);
    sim.faults.botUrl.length = 0;
    await start({ DATABASE_URL: postgres.url });

    await page.reload();
    await widget.open();
    await expect(widget.sent()).toHaveCount(4);
    await expect(widget.replies().nth(0)).toContainText('You said: "before the move"');
    await expect(widget.replies().nth(1)).toContainText('Thanks, I received your image.');
    await expect(widget.sent().nth(0)).toContainText('before the move');
    await expect(widget.sent().nth(2)).toContainText('queued 1');
    await expect(widget.sent().nth(3)).toContainText('queued 2');
    await expect.poll(() => sim.received.slice(received).map((request) => (request.body as { content?: string }).content), { timeout: 15_000 }).toEqual(['queued 1', 'queued 2']);
    // The bot answers the queued messages, on the relay that now runs on Postgres.
    await expect(widget.replies()).toHaveCount(4, { timeout: 15_000 });
    await expect(widget.replies().nth(3)).toContainText('You said: "queued 2"');
    const image = widget.sent().locator('img').first();
    await expect(image).toBeVisible();
    expect(await image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0)).toBe(true);
    const src = await image.getAttribute('src');
    const response = await page.request.get(src!);
    expect(response.status()).toBe(200);
    expect(Buffer.compare(await response.body(), picture.body)).toBe(0);
  } finally {
    for (const step of cleanup.reverse()) await step();
  }
});
