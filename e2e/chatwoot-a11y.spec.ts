import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { agentMessages, CHATWOOT_DEMO, expect, pick, startChatwootChat, test, widget } from './chatwoot-fixtures.testing.ts';
import { hostPage } from './fixtures.testing.ts';

const scan = async (page: Page) => {
  // WCAG rules (the customer page itself is a bare heading: best-practice rules about its landmarks are not ours).
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return violations.map(({ id, impact, nodes }) => ({ id, impact, targets: nodes.map((n) => n.target.join(' ')) }));
};

/** Says something so the demo agent offers its menu again, then picks `title` from it. */
const again = async (page: Page, title: string, text: string) => {
  const w = widget(page);
  await w.composer.fill(text);
  await w.composer.press('Enter');
  await expect(agentMessages(page).filter({ hasText: `You said: ${text}` })).toHaveCount(1);
  await pick(page, title);
};

test('a select question and a form work by keyboard alone', async ({ page, chatwoot }) => {
  await startChatwootChat(page, chatwoot);
  const menu = page.locator('[data-kind="select"]').last();
  await menu.getByRole('button', { name: 'Cards' }).focus();
  await page.keyboard.press('Tab');
  await expect(menu.getByRole('button', { name: 'A form' })).toBeFocused();
  await page.keyboard.press('Enter');
  const form = page.locator('[data-kind="form"]');
  await expect(form).toBeVisible();
  await form.getByRole('textbox', { name: /Your name/ }).focus();
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
  await expect(form.getByRole('button', { name: 'Send request' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(agentMessages(page).filter({ hasText: 'Thank you! We got it.' })).toHaveCount(1);
  await expect(form.getByRole('button', { name: 'Send request' })).toHaveCount(0);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no violations in a transcript holding every Chatwoot kind (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    // A customer page with the widget in the visitor's colour scheme.
    const site = await hostPage({ attrs: 'data-theme="auto"', env: CHATWOOT_DEMO });
    try {
      await startChatwootChat(page, site.relay, 'hello', site.url);
      await pick(page, 'Cards');
      await expect(page.getByRole('group', { name: '3 cards' })).toBeVisible();
      await again(page, 'A form', 'form please');
      await again(page, 'Help articles', 'articles please');
      await again(page, 'Rate us', 'rating please');
      await again(page, 'Leave your email', 'email please');
      await again(page, 'Pictures, sound, video and a file', 'media please');
      for (const kind of ['text', 'select', 'answer', 'carousel', 'form', 'articles', 'csat', 'email', 'image', 'audio', 'video', 'file']) {
        await expect(page.locator(`[data-kind="${kind}"]`).first()).toBeVisible();
      }
      expect(await scan(page)).toEqual([]);
      // Answered states too.
      const csat = page.locator('[data-kind="csat"]');
      await csat.getByRole('radio').nth(4).click();
      await csat.getByRole('button', { name: /submit/i }).click();
      await expect(csat.locator('[data-chatport="rated"]')).toBeVisible();
      expect(await scan(page)).toEqual([]);
    } finally {
      await site.close();
    }
  });
}
