import { createWidget, expect, test } from './fixtures.testing.ts';

test('the launcher counts unread replies while the panel is closed, in its name and a badge', async ({ page, widget: w, bot }) => {
  await page.goto('/');
  await w.send('hello');
  await expect(w.replies().first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(w.panel).toBeHidden();
  for (const text of ['first while closed', 'second while closed']) await bot.say(text);
  await expect(w.launcher).toHaveAccessibleName('Open chat, 2 unread messages');
  await expect(w.unread()).toHaveText('2');
  await w.launcher.click();
  await expect(w.replies('second while closed')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(w.launcher).toHaveAccessibleName('Open chat');
  await expect(w.unread()).toHaveCount(0);
});

test('options on the script tag: left position, title, and the page language', async ({ page, relay }) => {
  const w = createWidget(page, { locale: 'de' });
  await page.goto(relay.pageUrl({ lang: 'de', widget: { position: 'left', title: 'Hilfe von Northwind' } }));
  await expect(w.launcher).toHaveAccessibleName('Chat öffnen');
  const box = (await w.launcher.boundingBox())!;
  expect(box.x + box.width / 2).toBeLessThan(page.viewportSize()!.width / 2);
  await w.launcher.click();
  await expect(w.panel).toHaveAccessibleName('Hilfe von Northwind');
  await expect(w.panel).toBeVisible();
  const panel = (await w.panel.boundingBox())!;
  expect(panel.x).toBeLessThan(page.viewportSize()!.width / 2);
});

test('with reduced motion the panel appears without animation or transitions', async ({ page, widget: w }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await w.open();
  const motion = await w.panel.evaluate((el) => {
    const style = getComputedStyle(el);
    return { animation: style.animationName, duration: style.transitionDuration };
  });
  expect(motion.animation).toBe('none');
  expect(Number.parseFloat(motion.duration)).toBe(0);
});

test('the widget does not restyle the host page', async ({ page, widget: w }) => {
  await page.goto('/');
  const probe = () =>
    page.evaluate(() => {
      const heading = getComputedStyle(document.querySelector('h1')!);
      const body = getComputedStyle(document.body);
      return [heading.fontSize, heading.color, heading.fontFamily, body.backgroundColor, body.margin, document.styleSheets.length, document.adoptedStyleSheets.length];
    });
  const before = await probe();
  await w.open();
  await expect(w.composer).toBeVisible();
  expect(await probe()).toEqual(before);
});

test('a send the relay keeps failing is marked failed with a Retry that sends it once', async ({ page, widget: w, bot }) => {
  await page.goto('/');
  await w.send('hello');
  await expect(w.replies().first()).toBeVisible();
  await page.route('**/v1/messages', (route) => (route.request().method() === 'POST' ? route.fulfill({ status: 503, body: '{}' }) : route.continue()));
  await w.send('try me again');
  const mine = w.sent('try me again');
  await expect(mine).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await page.unroute('**/v1/messages');
  await mine.getByRole('button', { name: 'Retry' }).click();
  await expect(mine).toHaveAttribute('data-status', 'sent');
  await expect(w.replies('You said: "try me again"')).toHaveCount(1);
  expect(bot.received().filter((m) => m.kind === 'text' && m.text === 'try me again')).toHaveLength(1);
});
