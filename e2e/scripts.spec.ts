import type { Locator } from '@playwright/test';
import { createWidget, expect, test } from './fixtures.testing.ts';

// Messages, names and previews are isolated from the widget's own direction: English in an Arabic widget reads
// left to right (`You said: "hello"`, not `:You said` / `""hello`), Hebrew in an English widget right to left.

/** The direction the browser resolved for each element (with dir="auto" it follows the text's first strong letter). */
const directions = (texts: Locator) => texts.evaluateAll((els) => els.map((el) => [el.textContent?.trim(), getComputedStyle(el).direction]));

test('English bot text in an Arabic widget runs left to right inside its right-to-left panel', async ({ page, relay }) => {
  const w = createWidget(page, { locale: 'ar' });
  await page.goto(relay.pageUrl({ lang: 'ar' }));
  await w.open();
  await expect(w.composer).toHaveAccessibleName('رسالة');
  await w.send('thanks a lot');
  const reply = w.text(w.replies('You said'));
  await expect(reply).toHaveText('You said: "thanks a lot"');
  await expect(w.part('root')).toHaveAttribute('dir', 'rtl');
  expect(await directions(w.text(w.replies()))).toEqual([['You said: "thanks a lot"', 'ltr']]);
  // The visitor's own English words too.
  expect(await directions(w.text(w.sent()))).toEqual([['thanks a lot', 'ltr']]);
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
});

test('Hebrew in an English widget runs right to left, the composer too', async ({ page, widget: w }) => {
  await page.goto('/');
  await w.open();
  await w.composer.fill('שלום, מה שלומך?');
  expect(await w.composer.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await w.composer.press('Enter');
  await expect(w.replies('You said')).toHaveCount(1);
  expect(await directions(w.text(w.sent()))).toEqual([['שלום, מה שלומך?', 'rtl']]);
  // The bot's English reply quoting it stays left to right.
  expect(await directions(w.text(w.replies()))).toEqual([['You said: "שלום, מה שלומך?"', 'ltr']]);
});

test('names and previews are isolated too: an Arabic bot name in an English widget keeps its shape', async ({ page, relay, widget: w }) => {
  await page.goto(relay.pageUrl({ widget: { botName: 'نورا' } }));
  await w.send('thanks a lot');
  const reply = w.messages('You said');
  await expect(reply).toHaveAttribute('data-author', 'bot');
  await expect(w.senderName(reply)).toHaveText('نورا');
  expect(await w.senderName(reply).evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  expect(await w.text(reply).evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
});
