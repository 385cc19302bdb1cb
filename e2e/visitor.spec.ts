import { expect, hostPage, pushTo, startChat, test, widget } from './fixtures.testing.ts';

test('the launcher counts unread replies while the panel is closed, in its name and a badge', async ({ page, relay }) => {
  await page.goto(relay.url);
  const visitorId = await startChat(page, relay);
  const w = widget(page);
  await page.keyboard.press('Escape');
  await expect(w.panel).toBeHidden();
  for (const text of ['first while closed', 'second while closed']) await pushTo(relay, visitorId, { type: 'text', text });
  const launcher = page.getByRole('button', { name: 'Open chat, 2 unread messages' });
  await expect(launcher).toBeVisible();
  await expect(page.locator('[data-chatport="unread"]')).toHaveText('2');
  await launcher.click();
  await expect(w.botMessages.filter({ hasText: 'second while closed' })).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible();
  await expect(page.locator('[data-chatport="unread"]')).toHaveCount(0);
});

test('options on the script tag: left position, title, and the page language', async ({ page }) => {
  const site = await hostPage({ lang: 'de', attrs: 'data-position="left" data-title="Hilfe von Northwind"' });
  try {
    await page.goto(site.url);
    const launcher = page.getByRole('button', { name: 'Chat öffnen' });
    await expect(launcher).toBeVisible();
    const box = (await launcher.boundingBox())!;
    expect(box.x + box.width / 2).toBeLessThan(page.viewportSize()!.width / 2);
    await launcher.click();
    await expect(page.getByRole('dialog', { name: 'Hilfe von Northwind' })).toBeVisible();
    const panel = (await page.locator('[data-chatport="panel"]').boundingBox())!;
    expect(panel.x).toBeLessThan(page.viewportSize()!.width / 2);
  } finally {
    await site.close();
  }
});

test('with reduced motion the panel appears without animation or transitions', async ({ page, relay }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(relay.url);
  await widget(page).launcher.click();
  const motion = await page.locator('[data-chatport="panel"]').evaluate((el) => {
    const style = getComputedStyle(el);
    return { animation: style.animationName, duration: style.transitionDuration };
  });
  expect(motion.animation).toBe('none');
  expect(Number.parseFloat(motion.duration)).toBe(0);
});

test('the widget does not restyle the host page', async ({ page, relay }) => {
  await page.goto(relay.url);
  const probe = () =>
    page.evaluate(() => {
      const heading = getComputedStyle(document.querySelector('h1')!);
      const body = getComputedStyle(document.body);
      return [heading.fontSize, heading.color, heading.fontFamily, body.backgroundColor, body.margin, document.styleSheets.length, document.adoptedStyleSheets.length];
    });
  const before = await probe();
  await widget(page).launcher.click();
  await expect(widget(page).composer).toBeVisible();
  expect(await probe()).toEqual(before);
});

test('a send the relay keeps failing is marked failed with a Retry that sends it once', async ({ page, relay }) => {
  await page.goto(relay.url);
  await startChat(page, relay);
  const w = widget(page);
  await page.route('**/v1/messages', (route) => (route.request().method() === 'POST' ? route.fulfill({ status: 503, body: '{}' }) : route.continue()));
  await w.composer.fill('try me again');
  await w.composer.press('Enter');
  const mine = w.visitorMessages.filter({ hasText: 'try me again' });
  await expect(mine).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await page.unroute('**/v1/messages');
  await mine.getByRole('button', { name: 'Retry' }).click();
  await expect(mine).toHaveAttribute('data-status', 'sent');
  await expect(w.botMessages.filter({ hasText: 'You said: "try me again"' })).toHaveCount(1);
  expect(relay.simulator!.received.filter((r) => (r.body as { content: string }).content === 'try me again')).toHaveLength(1);
});
