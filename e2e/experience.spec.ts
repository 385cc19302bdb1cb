import AxeBuilder from '@axe-core/playwright';
import { createWidget, expect, test, type Widget } from './fixtures.testing.ts';

const root = (w: Widget) => w.part('root');

test('an Arabic page gets a mirrored panel (dir=rtl) in Arabic', async ({ page, relay }) => {
  const w = createWidget(page, { locale: 'ar' });
  await page.goto(relay.pageUrl({ lang: 'ar' }));
  await w.open();
  await expect(root(w)).toHaveAttribute('dir', 'rtl');
  await expect(root(w)).toHaveAttribute('lang', 'ar');
  await expect(w.composer).toHaveAccessibleName('رسالة');
  await expect(w.composer).toBeFocused();
  await expect(w.sendButton).toHaveText('إرسال');
  // Mirrored: the panel sits at the left edge, the launcher too.
  const box = (await w.panel.boundingBox())!;
  expect(box.x).toBeLessThan(page.viewportSize()!.width / 2);
});

test('a whole conversation by keyboard alone', async ({ page, widget: w }) => {
  await page.goto('/');
  for (let i = 0; i < 40 && !(await w.launcher.evaluate((el) => el.matches(':focus')).catch(() => false)); i++) await page.keyboard.press('Tab');
  await expect(w.launcher).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(w.composer).toBeFocused();
  await page.keyboard.type('hello');
  await page.keyboard.press('Enter');
  await expect(w.replies().first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(w.panel).toHaveCount(0);
  await expect(w.launcher).toHaveAccessibleName('Open chat');
  await expect(w.launcher).toBeFocused();
});

test('on a 390×844 phone the open panel fills the screen', async ({ page, widget: w }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await w.open();
  // Measured once the opening animation has settled.
  await expect.poll(async () => Object.values((await w.panel.boundingBox())!).map(Math.round)).toEqual([0, 0, 390, 844]);
});

for (const [name, size] of [
  ['desktop', { width: 1280, height: 800 }],
  ['mobile', { width: 390, height: 844 }],
] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`axe finds no violations with the panel open (${name}, ${scheme})`, async ({ page, widget: w, relay }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(relay.pageUrl({ widget: { theme: 'auto' } }));
      await w.send('hello');
      await expect(w.replies().first()).toBeVisible();
      await expect(root(w)).toHaveAttribute('data-theme', 'auto');
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
}

test('a custom colour gets readable text on it (computed contrast ≥ 4.5)', async ({ page, widget: w, relay }) => {
  for (const color of ['#ffd400', '#0b3d91']) {
    await page.goto(relay.pageUrl({ widget: { color } }));
    await w.open();
    const ratio = await w.sendButton.evaluate((el) => {
      const rgb = (c: string) =>
        c
          .match(/\d+(\.\d+)?/g)!
          .slice(0, 3)
          .map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const style = getComputedStyle(el);
      const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x) as [number, number];
      return (a + 0.05) / (b + 0.05);
    });
    expect(ratio, color).toBeGreaterThanOrEqual(4.5);
  }
});

test('a message written offline is queued, then delivered on reconnect', async ({ page, context, widget: w, bot }) => {
  await page.goto('/');
  await w.send('hello');
  await expect(w.replies().first()).toBeVisible();
  await context.setOffline(true);
  await expect(w.connection()).toHaveAttribute('data-state', 'offline');
  await w.send('sent while offline');
  const mine = w.sent('sent while offline');
  await expect(mine).toHaveAttribute('data-status', 'pending');
  await expect(mine).toContainText('Waiting for connection');
  // Longer than all the tries would take if they counted: still queued, not failed.
  await page.waitForTimeout(3000);
  await expect(mine).toHaveAttribute('data-status', 'pending');
  await context.setOffline(false);
  await expect(mine).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  expect(bot.received().filter((m) => m.kind === 'text' && m.text === 'sent while offline')).toHaveLength(1);
});
