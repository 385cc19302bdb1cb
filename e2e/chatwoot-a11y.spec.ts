import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, type Widget } from './fixtures.testing.ts';

test.use({ chatport: { platform: 'chatwoot', replyDelayMs: 50 } });

const scan = async (page: Page) => {
  // WCAG rules (the customer page itself is a bare heading: best-practice rules about its landmarks are not ours).
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return violations.map(({ id, impact, nodes }) => ({ id, impact, targets: nodes.map((n) => n.target.join(' ')) }));
};

/** Says something so the demo agent offers its menu again, then picks `title` from it. */
const again = async (widget: Widget, title: string, text: string) => {
  await widget.send(text);
  await expect(widget.replies(`You said: ${text}`)).toHaveCount(1);
  await widget.select(title);
};

test('a select question and a form work by keyboard alone', async ({ page, widget }) => {
  await page.goto('/');
  await widget.send('hello');
  const menu = widget.part('select').last();
  await menu.getByRole('button', { name: 'Cards' }).focus();
  await page.keyboard.press('Tab');
  await expect(menu.getByRole('button', { name: 'A form' })).toBeFocused();
  await page.keyboard.press('Enter');
  const form = widget.form();
  await expect(form.locator).toBeVisible();
  await form.field(/Your name/).focus();
  await page.keyboard.type('Ada');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ada@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('AB-1234');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown'); // the topic select
  await page.keyboard.press('Tab');
  await page.keyboard.type('By keyboard');
  await page.keyboard.press('Tab');
  await expect(form.locator.getByRole('button', { name: 'Send request' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(widget.replies('Thank you! We got it.')).toHaveCount(1);
  await expect(form.locator.getByRole('button', { name: 'Send request' })).toHaveCount(0);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no violations in a transcript holding every Chatwoot kind (${scheme})`, async ({ page, widget, relay }) => {
    await page.emulateMedia({ colorScheme: scheme });
    // A customer page with the widget in the visitor's colour scheme.
    await page.goto(relay.pageUrl({ widget: { theme: 'auto' } }));
    await widget.send('hello');
    await widget.select('Cards');
    await expect(widget.carousel().locator).toBeVisible();
    await again(widget, 'A form', 'form please');
    await again(widget, 'Help articles', 'articles please');
    await again(widget, 'Rate us', 'rating please');
    await again(widget, 'Leave your email', 'email please');
    await again(widget, 'Pictures, sound, video and a file', 'media please');
    for (const kind of ['text', 'select', 'answer', 'carousel', 'form', 'articles', 'csat', 'email', 'image', 'audio', 'video', 'file']) {
      await expect(
        widget
          .messages()
          .and(page.locator(`[data-kind="${kind}"]`))
          .first(),
      ).toBeVisible();
    }
    expect(await scan(page)).toEqual([]);
    // Answered states too.
    const survey = widget.rating();
    await survey.rate(5);
    await survey.submit();
    await expect(survey.locator.locator('[data-chatport="rated"]')).toBeVisible();
    expect(await scan(page)).toEqual([]);
  });
}
