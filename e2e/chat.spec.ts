import { embedPage, expect, startDemoRelay, startHostSite, test, widget } from './fixtures.testing.ts';

test.describe('demo page: a visitor chats with the simulator bot', () => {
  test('opens the panel, sends with Enter, sees pending → sent and the bot answer', async ({ page, relay }) => {
    const bodies: Promise<string>[] = [];
    page.on('response', (response) => {
      if (!response.url().includes('/v1/stream')) bodies.push(response.text().catch(() => ''));
    });
    await page.goto(relay.url);
    const w = widget(page);
    await expect(w.launcher).toBeVisible();
    await w.launcher.click();
    await expect(w.panel).toBeVisible();
    await expect(w.composer).toBeFocused();

    await w.composer.fill('hello from playwright');
    await w.composer.press('Enter');
    await expect(w.composer).toHaveValue('');
    const mine = w.visitorMessages.filter({ hasText: 'hello from playwright' });
    await expect(mine).toHaveCount(1);
    await expect(mine).toHaveAttribute('data-status', 'sent');
    await expect(w.botMessages.filter({ hasText: 'hello from playwright' })).toHaveCount(1);
    expect(relay.simulator!.received.map((r) => (r.body as { content: string }).content)).toEqual(['hello from playwright']);

    // Nothing the browser received (page, loader, widget bundle, API answers) carries a platform key or the secret.
    const received = (await Promise.all(bodies)).join('\n');
    expect(received).toContain('hello from playwright');
    for (const secret of [relay.simulator!.flowApiKey, relay.simulator!.partnerApiKey, relay.config.uchat!.verificationKey, relay.config.secret]) {
      expect(received).not.toContain(secret);
    }
  });

  test('Shift+Enter makes a new line instead of sending', async ({ page, relay }) => {
    await page.goto(relay.url);
    const w = widget(page);
    await w.launcher.click();
    await w.composer.pressSequentially('line one');
    await w.composer.press('Shift+Enter');
    await w.composer.pressSequentially('line two');
    await expect(w.composer).toHaveValue('line one\nline two');
    expect(relay.simulator!.received).toHaveLength(0);
    await w.composer.press('Enter');
    await expect(w.visitorMessages).toHaveCount(1);
    await expect.poll(() => relay.simulator!.received.map((r) => (r.body as { content: string }).content)).toEqual(['line one\nline two']);
  });

  test('a reload shows the conversation history', async ({ page, relay }) => {
    await page.goto(relay.url);
    const w = widget(page);
    await w.launcher.click();
    await w.composer.fill('remember this');
    await w.composer.press('Enter');
    await expect(w.botMessages).toHaveCount(1);
    await page.reload();
    await widget(page).launcher.click();
    await expect(widget(page).visitorMessages.filter({ hasText: 'remember this' })).toHaveCount(1);
    await expect(widget(page).botMessages).toHaveCount(1);
  });

  test('the widget is isolated from the host page CSS and requests nothing from third parties', async ({ page, relay }) => {
    const hostile = await startHostSite(() =>
      embedPage(relay.url, { head: '<style>* { color: rgb(255, 0, 0) !important; font-size: 40px !important } button, textarea, div { display: none !important }</style>' }),
    );
    const origins = new Set<string>();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    try {
      await page.goto(hostile.url);
      const w = widget(page);
      await expect(w.launcher).toBeVisible();
      await w.launcher.click();
      await expect(w.composer).toBeVisible();
      expect(await w.composer.evaluate((el) => getComputedStyle(el).display)).not.toBe('none');
      expect([...origins].sort()).toEqual([hostile.url, new URL(relay.url).origin].sort());
    } finally {
      await hostile.close();
    }
  });
});

test.describe('embedding on another origin', () => {
  test('works on a site listed in ALLOWED_ORIGINS and is refused elsewhere', async ({ page, browser }) => {
    let relayUrl = '';
    const site = await startHostSite(() => embedPage(relayUrl, { title: 'Shop' }));
    const other = await startHostSite(() => embedPage(relayUrl, { title: 'Not allowed' }));
    const relay = await startDemoRelay({ ALLOWED_ORIGINS: site.url });
    relayUrl = relay.url;
    try {
      await page.goto(site.url);
      const w = widget(page);
      await w.launcher.click();
      await w.composer.fill('cross-origin hello');
      await w.composer.press('Enter');
      await expect(w.botMessages.filter({ hasText: 'cross-origin hello' })).toHaveCount(1);

      const stranger = await browser.newPage();
      await stranger.goto(other.url);
      const sw = widget(stranger);
      await sw.launcher.click();
      await sw.composer.fill('should not arrive');
      await sw.composer.press('Enter');
      await expect(sw.visitorMessages.first()).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
      expect(relay.simulator!.received.map((r) => (r.body as { content: string }).content)).toEqual(['cross-origin hello']);
      await stranger.close();
    } finally {
      await Promise.all([site.close(), other.close()]);
      await relay.close();
    }
  });
});
