import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createMediaLibrary } from '../server/standins/media/index.ts';
import { expect, pushTo, startChat, test, widget } from './fixtures.testing.ts';

/** The accessible name (or text) of the focused element, looking through shadow roots. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return (el?.getAttribute('aria-label') || el?.textContent || '').trim();
  });

/** Presses Tab (bounded) until the focused element is named `name`. */
const tabTo = async (page: Page, name: string | RegExp, { back = false, max = 80 } = {}) => {
  for (let i = 0; i < max; i++) {
    const current = await focusedName(page);
    if (typeof name === 'string' ? current === name : name.test(current)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached "${name}"`);
};

test('every kind works by keyboard alone', async ({ page, relay }) => {
  await page.goto(relay.url);
  const w = widget(page);
  await tabTo(page, 'Open chat');
  await page.keyboard.press('Enter');
  await expect(w.composer).toBeFocused();
  await page.keyboard.type('menu');
  await page.keyboard.press('Enter');

  await tabTo(page, 'Show cards', { back: true });
  await page.keyboard.press('Enter');
  const slides = page.getByRole('group', { name: '3 cards' }).locator('[aria-roledescription="slide"]');
  await expect(slides).toHaveCount(3);
  await tabTo(page, '1 of 3');
  await page.keyboard.press('ArrowRight');
  await expect(slides.nth(1)).toBeFocused();
  await page.keyboard.press('End');
  await expect(slides.nth(2)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(slides.nth(0)).toBeFocused();
  await tabTo(page, 'Pick Forest');
  await page.keyboard.press('Enter');
  await expect(w.botMessages.filter({ hasText: 'You picked the Forest card.' })).toHaveCount(1);

  await w.composer.focus();
  await page.keyboard.type('media');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-kind="file"]')).toHaveCount(1);
  await tabTo(page, 'View larger image', { back: true });
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-chatport="lightbox"]')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-chatport="lightbox"]')).toHaveCount(0);
  expect(await focusedName(page)).toBe('View larger image');
  await tabTo(page, /^Download /);
  // Escape closes the panel and gives the focus back to the launcher.
  await page.keyboard.press('Escape');
  await expect(w.panel).toBeHidden();
  await expect(w.launcher).toBeFocused();
});

const scan = async (page: Page) => {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map(({ id, impact, nodes }) => ({ id, impact, targets: nodes.map((n) => n.target.join(' ')) }));
};

for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['mobile', { width: 390, height: 844 }]] as const) {
  test(`axe finds no violations in a transcript holding every kind (${label})`, async ({ page, relay }) => {
    await page.setViewportSize(viewport);
    await page.goto(relay.url);
    const visitorId = await startChat(page, relay, 'menu');
    const w = widget(page);
    for (const text of ['cards', 'media']) {
      await w.composer.fill(text);
      await w.composer.press('Enter');
    }
    await expect(page.locator('[data-kind="file"]')).toHaveCount(1);
    await page.getByRole('button', { name: 'Pick Ocean' }).click();
    await pushTo(relay, visitorId, { content_type: 'quick_reply_bubbles', text: 'A kind this widget does not draw' });
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach a file' }).click();
    await (await chooser).setFiles([{ name: 'notes.pdf', mimeType: 'application/pdf', buffer: createMediaLibrary().get('guide.pdf')!.body }]);
    await expect(w.visitorMessages.and(page.locator('[data-kind="file"]'))).toHaveCount(1);
    await expect(w.botMessages.filter({ hasText: 'You picked the Ocean card.' })).toHaveCount(1);
    for (const kind of ['text', 'buttons', 'carousel', 'image', 'audio', 'video', 'file', 'postback', 'unsupported']) {
      await expect(page.locator(`[data-kind="${kind}"]`).first()).toBeVisible();
    }
    expect(await scan(page)).toEqual([]);

    await page.getByRole('button', { name: 'View larger image' }).click();
    await expect(page.locator('[data-chatport="lightbox"]')).toBeVisible();
    expect(await scan(page)).toEqual([]);
  });
}
