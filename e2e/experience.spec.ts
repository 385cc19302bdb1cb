import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, hostPage, test, widget } from './fixtures.testing.ts';

const root = (page: Page) => page.locator('[data-chatport="root"]');

test('an Arabic page gets a mirrored panel (dir=rtl) in Arabic', async ({ page, relay }) => {
  const site = await hostPage({ lang: 'ar' });
  try {
    await page.goto(site.url);
    await page.locator('[data-chatport-host]').getByRole('button').first().click();
    await expect(root(page)).toHaveAttribute('dir', 'rtl');
    await expect(root(page)).toHaveAttribute('lang', 'ar');
    await expect(page.getByRole('textbox', { name: 'رسالة' })).toBeFocused();
    await expect(page.getByRole('button', { name: 'إرسال' })).toBeVisible();
    // Mirrored: the panel sits at the left edge, the launcher too.
    const box = (await page.getByRole('dialog').boundingBox())!;
    expect(box.x).toBeLessThan(page.viewportSize()!.width / 2);
  } finally {
    await site.close();
  }
});

test('a whole conversation by keyboard alone', async ({ page, relay }) => {
  await page.goto(relay.url);
  const w = widget(page);
  for (let i = 0; i < 40 && !(await w.launcher.evaluate((el) => el.matches(':focus')).catch(() => false)); i++) await page.keyboard.press('Tab');
  await expect(w.launcher).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(w.composer).toBeFocused();
  await page.keyboard.type('hello');
  await page.keyboard.press('Enter');
  await expect(w.botMessages.first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(w.panel).toHaveCount(0);
  await expect(page.getByRole('button', { name: /open chat/i })).toBeFocused();
});

test('on a 390×844 phone the open panel fills the screen', async ({ page, relay }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(relay.url);
  await widget(page).launcher.click();
  // Measured once the opening animation has settled.
  await expect.poll(async () => Object.values((await widget(page).panel.boundingBox())!).map(Math.round)).toEqual([0, 0, 390, 844]);
});

for (const [name, size] of [['desktop', { width: 1280, height: 800 }], ['mobile', { width: 390, height: 844 }]] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`axe finds no violations with the panel open (${name}, ${scheme})`, async ({ page, relay }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      const site = await hostPage({ attrs: 'data-theme="auto"' });
      try {
        await page.goto(site.url);
        await page.locator('[data-chatport-host]').getByRole('button').first().click();
        const w = widget(page);
        await w.composer.fill('hello');
        await w.composer.press('Enter');
        await expect(w.botMessages.first()).toBeVisible();
        await expect(root(page)).toHaveAttribute('data-theme', 'auto');
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      } finally {
        await site.close();
      }
    });
  }
}

test('a custom colour gets readable text on it (computed contrast ≥ 4.5)', async ({ page, relay }) => {
  for (const color of ['#ffd400', '#0b3d91']) {
    const site = await hostPage({ attrs: `data-color="${color}"` });
    try {
      await page.goto(site.url);
      await page.locator('[data-chatport-host]').getByRole('button').first().click();
      const ratio = await page.locator('[data-chatport="send"]').evaluate((el) => {
        const rgb = (c: string) => c.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number);
        const lum = (c: number[]) => {
          const [r, g, b] = c.map((v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const style = getComputedStyle(el);
        const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x) as [number, number];
        return (a + 0.05) / (b + 0.05);
      });
      expect(ratio, color).toBeGreaterThanOrEqual(4.5);
    } finally {
      await site.close();
    }
  }
});

test('a message written offline is queued, then delivered on reconnect', async ({ page, context, relay }) => {
  await page.goto(relay.url);
  const w = widget(page);
  await w.launcher.click();
  await w.composer.fill('hello');
  await w.composer.press('Enter');
  await expect(w.botMessages.first()).toBeVisible();
  await context.setOffline(true);
  await expect(page.locator('[data-chatport="connection"]')).toHaveAttribute('data-state', 'offline');
  await w.composer.fill('sent while offline');
  await w.composer.press('Enter');
  const mine = w.visitorMessages.filter({ hasText: 'sent while offline' });
  await expect(mine).toHaveAttribute('data-status', 'pending');
  await expect(mine).toContainText('Waiting for connection');
  // Longer than all the tries would take if they counted: still queued, not failed.
  await page.waitForTimeout(3000);
  await expect(mine).toHaveAttribute('data-status', 'pending');
  await context.setOffline(false);
  await expect(mine).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  const texts = relay.simulator!.received.map((r) => JSON.stringify(r.body));
  expect(texts.filter((t) => t.includes('sent while offline'))).toHaveLength(1);
});
