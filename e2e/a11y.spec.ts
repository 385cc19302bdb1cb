import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createMediaLibrary } from '../server/standins/media/index.ts';
import { expect, test } from './fixtures.testing.ts';

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

test('every kind works by keyboard alone', async ({ page, widget }) => {
  await page.goto('/');
  await tabTo(page, 'Open chat');
  await page.keyboard.press('Enter');
  await expect(widget.composer).toBeFocused();
  await page.keyboard.type('menu');
  await page.keyboard.press('Enter');

  await tabTo(page, 'Show cards', { back: true });
  await page.keyboard.press('Enter');
  const slides = widget.carousel().cards;
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
  await expect(widget.replies('You picked the Forest card.')).toHaveCount(1);

  await widget.composer.focus();
  await page.keyboard.type('media');
  await page.keyboard.press('Enter');
  await expect(widget.part('file')).toHaveCount(1);
  await tabTo(page, 'View larger image', { back: true });
  await page.keyboard.press('Enter');
  await expect(widget.part('lightbox')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(widget.part('lightbox')).toHaveCount(0);
  expect(await focusedName(page)).toBe('View larger image');
  await tabTo(page, /^Download /);
  // Escape closes the panel and gives the focus back to the launcher.
  await page.keyboard.press('Escape');
  await expect(widget.panel).toBeHidden();
  await expect(widget.launcher).toBeFocused();
});

const scan = async (page: Page) => {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map(({ id, impact, nodes }) => ({ id, impact, targets: nodes.map((n) => n.target.join(' ')) }));
};

for (const [label, viewport] of [
  ['desktop', { width: 1280, height: 800 }],
  ['mobile', { width: 390, height: 844 }],
] as const) {
  test(`axe finds no violations in a transcript holding every kind (${label})`, async ({ page, widget, bot }) => {
    await page.setViewportSize(viewport);
    await page.goto('/');
    for (const text of ['menu', 'cards', 'media']) await widget.send(text);
    await expect(widget.part('file')).toHaveCount(1);
    await widget.button('Pick Ocean').click();
    await bot.say(bot.raw({ content_type: 'quick_reply_bubbles', text: 'A kind this widget does not draw' }));
    await widget.upload([{ name: 'notes.pdf', mimeType: 'application/pdf', buffer: createMediaLibrary().get('guide.pdf')!.body }]);
    await expect(widget.sent().and(page.locator('[data-kind="file"]'))).toHaveCount(1);
    await expect(widget.replies('You picked the Ocean card.')).toHaveCount(1);
    for (const kind of ['text', 'buttons', 'carousel', 'image', 'audio', 'video', 'file', 'postback', 'unsupported']) {
      await expect(
        widget
          .messages()
          .and(page.locator(`[data-kind="${kind}"]`))
          .first(),
      ).toBeVisible();
    }
    expect(await scan(page)).toEqual([]);

    await widget.part('image').first().click();
    await expect(widget.part('lightbox')).toBeVisible();
    expect(await scan(page)).toEqual([]);
  });
}
