import { identityHash } from '../server/identity/index.ts';
import { expect, startDemoRelay, startHostSite, test, widget, type StartedRelay } from './fixtures.testing.ts';

const SECRET = 'e2e-identity-secret-'.padEnd(48, 'i');

/** A customer page that identifies its signed-in user, as the site's server would render it. */
const identifiedPage = (relayUrl: string, user: { id: string; name: string; email: string }) => {
  const identity = JSON.stringify({ ...user, hash: identityHash(SECRET, user.id) });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>
<script>window.Chatport=window.Chatport||function(){(window.Chatport.q=window.Chatport.q||[]).push(arguments)};Chatport('identify', ${identity});</script>
<script src="${relayUrl}/embed.js" async></script></body></html>`;
};

test.describe('identified visitors', () => {
  let relay: StartedRelay | undefined;
  let site: Awaited<ReturnType<typeof startHostSite>> | undefined;
  test.afterEach(async () => {
    await relay?.close();
    await site?.close();
    relay = site = undefined;
  });

  test('the same user on two devices gets one conversation, with its history, live on both', async ({ browser }) => {
    let relayUrl = '';
    site = await startHostSite(() => identifiedPage(relayUrl, { id: 'customer-1001', name: 'Ada Lovelace', email: 'ada@example.com' }));
    relay = await startDemoRelay({ CHATPORT_IDENTITY_SECRET: SECRET, ALLOWED_ORIGINS: site.url });
    relayUrl = relay.url;

    const laptop = await browser.newContext();
    const phone = await browser.newContext();
    const onLaptop = await laptop.newPage();
    await onLaptop.goto(site.url);
    const a = widget(onLaptop);
    await a.launcher.click();
    await a.composer.fill('hello from the laptop');
    await a.composer.press('Enter');
    await expect(a.botMessages.filter({ hasText: 'hello from the laptop' })).toHaveCount(1);
    const sent = relay.simulator!.received[0]!.body;
    expect(sent.sender).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });

    // Another browser, nothing shared with the first but the user's identity.
    const onPhone = await phone.newPage();
    await onPhone.goto(site.url);
    const b = widget(onPhone);
    await b.launcher.click();
    await expect(b.visitorMessages.filter({ hasText: 'hello from the laptop' })).toHaveCount(1);
    await expect(b.botMessages.filter({ hasText: 'hello from the laptop' })).toHaveCount(1);

    await b.composer.fill('and now from the phone');
    await b.composer.press('Enter');
    await expect(a.visitorMessages.filter({ hasText: 'and now from the phone' })).toHaveCount(1);
    await expect(a.botMessages.filter({ hasText: 'and now from the phone' })).toHaveCount(1);
    await expect.poll(() => relay!.simulator!.received.map((r) => r.body.sender.id)).toEqual([sent.sender.id, sent.sender.id]);
    await Promise.all([laptop.close(), phone.close()]);
  });

  test('the relay refuses a forged identity and one it was not configured for', async ({ request }) => {
    relay = await startDemoRelay({ CHATPORT_IDENTITY_SECRET: SECRET });
    const forged = await request.post(`${relay.url}/v1/sessions`, { data: { identity: { id: 'customer-1001', hash: identityHash('x'.repeat(40), 'customer-1001') } } });
    expect(forged.status()).toBe(401);
    expect((await forged.json()).error.code).toBe('identity_refused');
    await relay.close();
    relay = await startDemoRelay();
    const disabled = await request.post(`${relay.url}/v1/sessions`, { data: { identity: { id: 'customer-1001', hash: identityHash(SECRET, 'customer-1001') } } });
    expect(disabled.status()).toBe(400);
    expect((await disabled.json()).error.message).toContain('CHATPORT_IDENTITY_SECRET is not set');
  });
});

test.describe('several tabs', () => {
  test('both tabs of one browser show a message sent from either', async ({ context, relay }) => {
    const one = await context.newPage();
    await one.goto(relay.url);
    const a = widget(one);
    await a.launcher.click();
    await a.composer.fill('first, from tab one');
    await a.composer.press('Enter');
    await expect(a.botMessages.filter({ hasText: 'first, from tab one' })).toHaveCount(1);

    const two = await context.newPage();
    await two.goto(relay.url);
    const b = widget(two);
    await b.launcher.click();
    await expect(b.visitorMessages.filter({ hasText: 'first, from tab one' })).toHaveCount(1);
    await b.composer.fill('second, from tab two');
    await b.composer.press('Enter');

    for (const w of [a, b]) {
      await expect(w.visitorMessages.filter({ hasText: 'second, from tab two' })).toHaveCount(1);
      await expect(w.botMessages.filter({ hasText: 'second, from tab two' })).toHaveCount(1);
    }
    await one.bringToFront();
    await a.composer.fill('third, from tab one again');
    await a.composer.press('Enter');
    await expect(b.visitorMessages.filter({ hasText: 'third, from tab one again' })).toHaveCount(1);
    await expect(a.visitorMessages).toHaveCount(3);
    await expect(b.visitorMessages).toHaveCount(3);
  });
});

test.describe('typing', () => {
  test('the widget shows the bot typing while the simulator prepares its answer, and hides it with the answer', async ({ page }) => {
    const relay = await startDemoRelay({ SIMULATOR_REPLY_DELAY_MS: '1500' });
    try {
      await page.goto(relay.url);
      const w = widget(page);
      await w.launcher.click();
      await w.composer.fill('take your time');
      await w.composer.press('Enter');
      const typing = page.locator('[data-chatport="typing"]');
      await expect(typing).toHaveText(/\S/);
      await expect(w.botMessages.filter({ hasText: 'take your time' })).toHaveCount(0);
      await expect(w.botMessages.filter({ hasText: 'take your time' })).toHaveCount(1);
      await expect(typing).toHaveText('');
    } finally {
      await relay.close();
    }
  });
});
