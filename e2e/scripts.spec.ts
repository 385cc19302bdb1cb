import { expect, hostPage, test, widget } from './fixtures.testing.ts';

// Messages, names and previews are isolated from the widget's own direction: English in an Arabic widget reads
// left to right (`You said: "hello"`, not `:You said` / `""hello`), Hebrew in an English widget right to left.

/** The direction the browser resolved for each element (with dir="auto" it follows the text's first strong letter). */
const directions = (page: import('@playwright/test').Page, selector: string) =>
  page.locator(selector).evaluateAll((els) => els.map((el) => [el.textContent?.trim(), getComputedStyle(el).direction]));

test('English bot text in an Arabic widget runs left to right inside its right-to-left panel', async ({ page }) => {
  const site = await hostPage({ lang: 'ar' });
  try {
    await page.goto(site.url);
    await page.locator('[data-chatport-host]').getByRole('button').first().click();
    const w = widget(page);
    await page.getByRole('textbox', { name: 'رسالة' }).fill('thanks a lot');
    await page.getByRole('textbox', { name: 'رسالة' }).press('Enter');
    const reply = w.botMessages.filter({ hasText: 'You said' }).locator('[data-chatport="text"]');
    await expect(reply).toHaveText('You said: "thanks a lot"');
    await expect(page.locator('[data-chatport="root"]')).toHaveAttribute('dir', 'rtl');
    expect(await directions(page, '[data-author="bot"] [data-chatport="text"]')).toEqual([['You said: "thanks a lot"', 'ltr']]);
    // The visitor's own English words too.
    expect(await directions(page, '[data-author="visitor"] [data-chatport="text"]')).toEqual([['thanks a lot', 'ltr']]);
    // Drawn in that order: the colon comes after "You said", the closing quote last.
    const order = await reply.evaluate((el) => {
      const text = el.firstChild!;
      const at = (i: number) => {
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getBoundingClientRect().left;
      };
      const s = text.textContent!;
      return [at(0), at(s.indexOf(':')), at(s.length - 1)];
    });
    expect(order[0]).toBeLessThan(order[1]!);
    expect(order[1]).toBeLessThan(order[2]!);
  } finally {
    await site.close();
  }
});

test('Hebrew in an English widget runs right to left, the composer too', async ({ page, relay }) => {
  await page.goto(relay.url);
  const w = widget(page);
  await w.launcher.click();
  await w.composer.fill('שלום, מה שלומך?');
  expect(await w.composer.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await w.composer.press('Enter');
  await expect(w.botMessages.filter({ hasText: 'You said' })).toHaveCount(1);
  expect(await directions(page, '[data-author="visitor"] [data-chatport="text"]')).toEqual([['שלום, מה שלומך?', 'rtl']]);
  // The bot's English reply quoting it stays left to right.
  expect(await directions(page, '[data-author="bot"] [data-chatport="text"]')).toEqual([['You said: "שלום, מה שלומך?"', 'ltr']]);
});

test('names and previews are isolated too: an Arabic bot name in an English widget keeps its shape', async ({ page }) => {
  const site = await hostPage({ attrs: 'data-bot-name="نورا"' });
  try {
    await page.goto(site.url);
    await page.locator('[data-chatport-host]').getByRole('button').first().click();
    const w = widget(page);
    await w.composer.fill('thanks a lot');
    await w.composer.press('Enter');
    const reply = w.botMessages.filter({ hasText: 'You said' });
    await expect(reply.locator('[data-chatport="sender"] bdi')).toHaveText('نورا');
    expect(await reply.locator('[data-chatport="sender"] bdi').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await reply.locator('[data-chatport="text"]').evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  } finally {
    await site.close();
  }
});
