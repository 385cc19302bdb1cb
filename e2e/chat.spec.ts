import { createWidget, embedPage, expect, insideOf, startHostSite, test } from './fixtures.testing.ts';

test.describe('a visitor chats with the simulator bot on a customer page', () => {
  test('opens the panel, sends with Enter, sees pending → sent and the bot answer', async ({ page, widget, bot, relay }) => {
    const bodies: Promise<string>[] = [];
    page.on('response', (response) => {
      if (!response.url().includes('/v1/stream')) bodies.push(response.text().catch(() => ''));
    });
    await page.goto('/');
    await expect(widget.launcher).toBeVisible();
    await widget.launcher.click();
    await expect(widget.panel).toBeVisible();
    await expect(widget.composer).toBeFocused();

    await widget.send('hello from playwright');
    await expect(widget.composer).toHaveValue('');
    const mine = widget.sent('hello from playwright');
    await expect(mine).toHaveCount(1);
    await expect(mine).toHaveAttribute('data-status', 'sent');
    await expect(widget.replies('hello from playwright')).toHaveCount(1);
    expect(bot.received()).toEqual([{ kind: 'text', text: 'hello from playwright' }]);

    // Nothing the browser received (page, loader, widget bundle, API answers) carries a platform key or the secret.
    const received = (await Promise.all(bodies)).join('\n');
    expect(received).toContain('hello from playwright');
    const { config, simulator } = insideOf(relay);
    for (const secret of [simulator!.flowApiKey, simulator!.partnerApiKey, config.uchat!.verificationKey, config.secret]) {
      expect(received).not.toContain(secret);
    }
  });

  test('Shift+Enter makes a new line instead of sending', async ({ page, widget, bot }) => {
    await page.goto('/');
    await widget.open();
    await widget.composer.pressSequentially('line one');
    await widget.composer.press('Shift+Enter');
    await widget.composer.pressSequentially('line two');
    await expect(widget.composer).toHaveValue('line one\nline two');
    expect(bot.received()).toHaveLength(0);
    await widget.composer.press('Enter');
    await expect(widget.sent()).toHaveCount(1);
    await expect.poll(() => bot.received()).toEqual([{ kind: 'text', text: 'line one\nline two' }]);
  });

  test('a reload shows the conversation history', async ({ page, widget }) => {
    await page.goto('/');
    await widget.send('remember this');
    await expect(widget.replies()).toHaveCount(1);
    await page.reload();
    await widget.open();
    await expect(widget.sent('remember this')).toHaveCount(1);
    await expect(widget.replies()).toHaveCount(1);
  });

  test('the widget is isolated from the host page CSS and requests nothing from third parties', async ({ page, widget, relay }) => {
    const hostile = relay.pageUrl({ head: '<style>* { color: rgb(255, 0, 0) !important; font-size: 40px !important } button, textarea, div { display: none !important }</style>' });
    const origins = new Set<string>();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    await page.goto(hostile);
    await expect(widget.launcher).toBeVisible();
    await widget.launcher.click();
    await expect(widget.composer).toBeVisible();
    expect(await widget.composer.evaluate((el) => getComputedStyle(el).display)).not.toBe('none');
    expect([...origins].sort()).toEqual([new URL(hostile).origin, new URL(relay.url).origin].sort());
  });
});

test.describe('embedding on another origin', () => {
  test('works on a site the relay allows and is refused on one it does not', async ({ page, browser, widget, bot, relay }) => {
    const other = await startHostSite(() => embedPage(relay.url, { title: 'Not allowed' }));
    try {
      await page.goto('/');
      await widget.send('cross-origin hello');
      await expect(widget.replies('cross-origin hello')).toHaveCount(1);

      const stranger = await browser.newPage();
      await stranger.goto(other.url);
      const sw = createWidget(stranger);
      await sw.send('should not arrive');
      await expect(sw.sent().first()).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
      expect(bot.received()).toEqual([{ kind: 'text', text: 'cross-origin hello' }]);
      await stranger.close();
    } finally {
      await other.close();
    }
  });
});
