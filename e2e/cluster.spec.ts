import { createPartnerClient } from '../server/providers/uchat/partner.ts';
import { textPush } from '../server/standins/uchat/demo-pushes.ts';
import { createSimulator } from '../server/standins/uchat/index.ts';
import { spawnRelay, startBalancer, type Balancer, type RelayProcess } from '../server/integration/cluster.testing.ts';
import { startPostgres } from '../server/integration/engines.testing.ts';
import { createWidget, embedPage, expect, startHostSite, test } from './fixtures.testing.ts';

const VERIFICATION_KEY = 'e2e-cluster-verification-key';

test('three relays on one Postgres: kill -9 of the relay holding the stream while the bot pushes 50 messages through the others — the widget reconnects elsewhere and shows all 50, none twice', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  try {
    const postgres = await startPostgres();
    cleanup.push(() => postgres.stop());
    const sim = await createSimulator({});
    cleanup.push(() => sim.close());
    let relayUrl = '';
    const site = await startHostSite(() => embedPage(relayUrl));
    cleanup.push(() => site.close());

    // The stream goes to the first relay while it lives; the bot's pushes take turns on the two others.
    const relays: RelayProcess[] = [];
    let turn = 0;
    let balancer: Balancer | undefined;
    balancer = await startBalancer([], {
      pin: (req) => {
        const first = relays[0]!.url;
        const alive = balancer!.backends.includes(first);
        if (req.url?.startsWith('/v1/stream')) return alive ? first : undefined;
        if (!req.url?.startsWith('/webhooks/')) return undefined;
        const others = balancer!.backends.filter((url) => url !== first);
        return others[turn++ % others.length];
      },
    });
    cleanup.push(() => balancer!.close());
    relayUrl = balancer.url;
    const env = {
      DATABASE_URL: postgres.url,
      PUBLIC_URL: balancer.url,
      ALLOWED_ORIGINS: site.url,
      UCHAT_BOT_URL: sim.botUrl,
      UCHAT_API_KEY: sim.flowApiKey,
      UCHAT_VERIFICATION_KEY: VERIFICATION_KEY,
    };
    relays.push(...(await Promise.all([1, 2, 3].map(() => spawnRelay(env)))));
    for (const relay of relays) cleanup.push(() => relay.kill());
    balancer.backends.push(...relays.map((relay) => relay.url));
    await createPartnerClient({ baseUrl: sim.url, workspaceId: sim.workspaceId, apiKey: sim.partnerApiKey }).set({
      webhookUrl: `${balancer.url}/webhooks/uchat`,
      verificationKey: VERIFICATION_KEY,
    });

    await page.goto(site.url);
    const widget = createWidget(page);
    await widget.send('good day');
    await expect(widget.replies()).toHaveCount(1);
    const request = sim.received[0]!.body as { sender: { id: string }; conversation_id: number };
    const to = { senderId: request.sender.id, convId: request.conversation_id };
    expect(balancer.routed.some(([line, backend]) => line.startsWith('GET /v1/stream') && backend === relays[0]!.url)).toBe(true);

    const texts = Array.from({ length: 50 }, (_, i) => `push ${i + 1}`);
    for (const [index, text] of texts.entries()) {
      if (index === 15) {
        await relays[0]!.kill();
        balancer.backends.splice(balancer.backends.indexOf(relays[0]!.url), 1);
      }
      expect((await sim.push(textPush(to, text))).status).toBe(200);
    }
    await expect(widget.replies(/^push \d+$/)).toHaveCount(50, { timeout: 30_000 });
    const shown = (await widget.replies().allInnerTexts()).flatMap((text) => /^push \d+$/.exec(text.trim()) ?? []);
    expect(shown).toEqual(texts);
    // The reconnect landed on another relay.
    const streamedBy = new Set(balancer.routed.filter(([line]) => line.startsWith('GET /v1/stream')).map(([, backend]) => backend));
    expect(streamedBy.size).toBeGreaterThanOrEqual(2);
  } finally {
    for (const step of cleanup.reverse()) await step();
  }
});
