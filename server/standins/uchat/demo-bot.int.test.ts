import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Message } from '../../../src/protocol/index.ts';
import { loadConfig } from '../../config/index.ts';
import { silentLogger } from '../../log.ts';
import { startRelayFromConfig } from '../../start.ts';
import { startHarness, type Harness } from '../../integration/harness.testing.ts';
import { openStream } from '../../integration/sse-client.testing.ts';
import { createSimulator } from './index.ts';

describe('demo bot through the real relay', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** Sends `text` as the visitor and waits for `count` bot messages on the visitor's stream. */
  const botAnswers = async (harness: Harness, text: string, count: number) => {
    const { token } = await harness.session();
    const stream = await openStream(harness.url, token);
    expect((await harness.send(token, text)).status).toBe(201);
    const bot = () =>
      stream
        .messages()
        .filter((m) => m.author === 'bot')
        .map((m) => Message.parse(m));
    await stream.waitFor(() => (bot().length >= count ? true : undefined));
    await stream.close();
    return bot();
  };

  it('typing "cards" brings a horizontal carousel and a square card, with images the simulator serves', async () => {
    h = await startHarness();
    const [carousel, square] = await botAnswers(h, 'cards', 2);
    expect(carousel?.body.kind).toBe('carousel');
    if (carousel?.body.kind !== 'carousel' || square?.body.kind !== 'carousel') throw new Error('expected two carousels');
    expect(carousel.body.ratio).toBe('horizontal');
    expect(carousel.body.items.map((item) => item.title)).toEqual(['Sunrise', 'Forest', 'Ocean']);
    const [first] = carousel.body.items;
    expect(first).toMatchObject({
      imageUrl: `${h.sim.url}/media/card-sunrise.png`,
      itemUrl: `${h.sim.url}/media/about.html#card-sunrise`,
      defaultAction: { type: 'url', url: `${h.sim.url}/media/about.html#card-sunrise` },
      buttons: [
        { type: 'postback', title: 'Pick Sunrise', payload: 'PICK_SUNRISE' },
        { type: 'url', title: 'Open', url: `${h.sim.url}/media/about.html#card-sunrise` },
      ],
    });
    expect(square.body.ratio).toBe('square');
    expect(square.body.items).toHaveLength(1);
    const image = await fetch(first!.imageUrl!);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
  });

  it('typing "media" brings an image, an audio clip, a video and a file, each fetchable', async () => {
    h = await startHarness();
    const answers = await botAnswers(h, 'media', 4);
    expect(answers.map((m) => m.body.kind)).toEqual(['image', 'audio', 'video', 'file']);
    for (const { body } of answers) {
      if (!('url' in body)) throw new Error(`expected a url on ${body.kind}`);
      expect(body.url.startsWith(`${h.sim.url}/media/`)).toBe(true);
      expect((await fetch(body.url, { method: 'HEAD' })).status).toBe(200);
    }
  });

  it("the demo page's policy lets the widget show the simulator's media", async () => {
    const sim = await createSimulator();
    const dir = mkdtempSync(join(tmpdir(), 'chatport-demo-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', CHATPORT_STORE: 'memory', DATA_DIR: dir, CHATPORT_SECRET: 'x'.repeat(48) });
    const demoPage = fileURLToPath(new URL('../../../index.html', import.meta.url));
    const started = await startRelayFromConfig({ config, logger: silentLogger, platforms: { uchat: { standIn: sim } }, demoPage });
    try {
      const csp = (await fetch(`${started.relay.url}/`)).headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`img-src 'self' ${sim.url} `);
      expect(csp).toContain(`media-src 'self' ${sim.url} `);
      expect(csp).toContain("default-src 'none'");
    } finally {
      await started.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
