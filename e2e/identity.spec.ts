import { identityHash } from '../server/identity/index.ts';
import { createWidget, expect, startChatport, test } from './fixtures.testing.ts';

test.describe('identified visitors', () => {
  test('the same user on two devices gets one conversation, with its history, live on both', async ({ browser, bot, relay }) => {
    // The test page identifies its signed-in user as a site's server would render it (hash made with the relay's secret).
    const site = relay.pageUrl({ title: 'Shop', identify: { id: 'customer-1001', name: 'Ada Lovelace', email: 'ada@example.com' } });
    const laptop = await browser.newContext();
    const phone = await browser.newContext();
    const a = createWidget(await laptop.newPage());
    await a.page.goto(site);
    await a.send('hello from the laptop');
    await expect(a.replies('hello from the laptop')).toHaveCount(1);
    const [first] = bot.received();
    expect((first!.raw as { body: { sender: unknown } }).body.sender).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });

    // Another browser, nothing shared with the first but the user's identity.
    const b = createWidget(await phone.newPage());
    await b.page.goto(site);
    await b.open();
    await expect(b.sent('hello from the laptop')).toHaveCount(1);
    await expect(b.replies('hello from the laptop')).toHaveCount(1);

    await b.send('and now from the phone');
    await expect(a.sent('and now from the phone')).toHaveCount(1);
    await expect(a.replies('and now from the phone')).toHaveCount(1);
    await expect.poll(() => bot.received().map((message) => message.conversation)).toEqual([first!.conversation, first!.conversation]);
    await Promise.all([laptop.close(), phone.close()]);
  });

  test('the relay refuses a forged identity and one it was not configured for', async ({ request, relay }) => {
    const forged = await request.post(`${relay.url}/v1/sessions`, { data: { identity: { id: 'customer-1001', hash: identityHash('x'.repeat(40), 'customer-1001') } } });
    expect(forged.status()).toBe(401);
    expect((await forged.json()).error.code).toBe('identity_refused');
    // A relay without CHATPORT_IDENTITY_SECRET, from the kit's core.
    const plain = await startChatport({ identitySecret: false });
    try {
      const disabled = await request.post(`${plain.url}/v1/sessions`, { data: { identity: { id: 'customer-1001', hash: identityHash('y'.repeat(40), 'customer-1001') } } });
      expect(disabled.status()).toBe(400);
      expect((await disabled.json()).error.message).toContain('CHATPORT_IDENTITY_SECRET is not set');
    } finally {
      await plain.stop();
    }
  });
});

test.describe('several tabs', () => {
  test('both tabs of one browser show a message sent from either', async ({ context }) => {
    const a = createWidget(await context.newPage());
    await a.page.goto('/');
    await a.send('first, from tab one');
    await expect(a.replies('first, from tab one')).toHaveCount(1);

    const b = createWidget(await context.newPage());
    await b.page.goto('/');
    await b.open();
    await expect(b.sent('first, from tab one')).toHaveCount(1);
    await b.send('second, from tab two');

    for (const w of [a, b]) {
      await expect(w.sent('second, from tab two')).toHaveCount(1);
      await expect(w.replies('second, from tab two')).toHaveCount(1);
    }
    await a.page.bringToFront();
    await a.send('third, from tab one again');
    await expect(b.sent('third, from tab one again')).toHaveCount(1);
    await expect(a.sent()).toHaveCount(3);
    await expect(b.sent()).toHaveCount(3);
  });
});

test.describe('typing', () => {
  test('the widget shows the bot typing while the simulator prepares its answer, and hides it with the answer', async ({ page, widget, bot }) => {
    bot.delay(1500);
    await page.goto('/');
    await widget.send('take your time');
    await expect(widget.typing()).toBeVisible();
    await expect(widget.typing()).toHaveText(/\S/);
    await expect(widget.replies('take your time')).toHaveCount(0);
    await expect(widget.replies('take your time')).toHaveCount(1);
    await expect(widget.typing()).toBeHidden();
  });
});
