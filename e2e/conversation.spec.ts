import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, hostPage, pushTo, test, widget } from './fixtures.testing.ts';

// The conversation as a visitor meets it: the welcome and its prompts, names, groups and times, the greeting beside the
// closed launcher, the away note (with a faked clock), the unread count in a hidden tab's title; axe in light, dark
// and right to left.

const openLauncher = (page: Page) => page.locator('[data-chatport-host]').getByRole('button').first().click();

/** The visitor's UChat sender id, once their first message reached the simulator. */
const visitorOf = async (site: Awaited<ReturnType<typeof hostPage>>) => {
  await expect.poll(() => site.relay.simulator!.received.length).toBeGreaterThan(0);
  return (site.relay.simulator!.received[0]!.body as { sender: { id: string } }).sender.id;
};

test('a welcome with suggested prompts, which send their text; replies signed with the bot’s name, grouped, with their time', async ({ page }) => {
  const site = await hostPage({ attrs: 'data-welcome-title="Hi, we are Northwind" data-welcome="Ask about orders, sizes or returns." data-prompts="Track my order|Sizes|Returns" data-bot-name="Nora"' });
  try {
    await page.goto(site.url);
    await openLauncher(page);
    const w = widget(page);
    await expect(w.log.getByRole('heading', { name: 'Hi, we are Northwind' })).toBeVisible();
    await expect(w.log.getByText('Ask about orders, sizes or returns.')).toBeVisible();
    await w.composer.fill('half a thought');
    await w.log.getByRole('button', { name: 'Sizes' }).click();
    await expect(w.visitorMessages.filter({ hasText: 'Sizes' })).toHaveCount(1);
    await expect(w.composer).toHaveValue('half a thought');
    const reply = w.botMessages.filter({ hasText: 'You said: "Sizes"' });
    await expect(reply).toHaveCount(1);
    // Signed with the site's bot name and its initial; a day line and a time.
    await expect(reply.locator('[data-chatport="sender"]')).toHaveText('NNora');
    await expect(page.locator('[data-chatport="day"]')).toHaveText(['Today']);
    await expect(reply.locator('time[data-chatport="time"] [aria-hidden="true"]')).toHaveText('now');
    await expect(reply.locator('[data-chatport="full"]')).toHaveText(/\d{4}/);

    // Two quick replies form one group: one name, the state and time once, on the last.
    await w.composer.fill('menu');
    await w.composer.press('Enter');
    const group = w.botMessages.filter({ hasText: /Hello!|What would you like/ });
    await expect(group).toHaveCount(2);
    await expect(group.nth(1)).toHaveAttribute('data-cont', 'true');
    await expect(group.nth(1).locator('[data-chatport="sender"]')).toHaveCount(0);
    await expect(group.nth(0).locator('[data-chatport="time"] [aria-hidden="true"]')).toBeHidden();
    await expect(group.nth(1).locator('[data-chatport="time"] [aria-hidden="true"]')).toBeVisible();
    // Hovering the first shows its full time.
    await group.nth(0).hover();
    await expect(group.nth(0).locator('[data-chatport="full"]')).toBeVisible();
  } finally {
    await site.close();
  }
});

for (const motion of ['no-preference', 'reduce'] as const) {
  test(`typing is three dots in a bot bubble, said once to screen readers (${motion === 'reduce' ? 'still under reduced motion' : 'animated'})`, async ({ page }) => {
    await page.emulateMedia({ reducedMotion: motion });
    // The simulated bot takes its time: the relay shows it typing meanwhile.
    const site = await hostPage({ env: { SIMULATOR_REPLY_DELAY_MS: '4000' } });
    try {
      await page.goto(site.url);
      await openLauncher(page);
      const w = widget(page);
      await w.composer.fill('thanks');
      await w.composer.press('Enter');
      const region = page.locator('[data-chatport="typing"]');
      const dots = region.locator('[data-chatport="dots"]');
      await expect(dots).toBeVisible();
      await expect(dots.locator('i')).toHaveCount(3);
      await expect(dots).toHaveAttribute('aria-hidden', 'true');
      await expect(region).toHaveAttribute('aria-live', 'polite');
      await expect(region.locator('[data-chatport="sr-only"]')).toHaveText('Typing…');
      const animation = await dots.locator('i').first().evaluate((el) => getComputedStyle(el).animationName);
      expect(animation).toBe(motion === 'reduce' ? 'none' : 'chatport-dot');
      await expect(w.botMessages.filter({ hasText: 'You said' })).toHaveCount(1, { timeout: 15_000 });
      await expect(dots).toHaveCount(0);
    } finally {
      await site.close();
    }
  });
}

test('the visitor’s delivery state shows once per group, on its last message', async ({ page }) => {
  const site = await hostPage({ env: { SIMULATOR_REPLY_DELAY_MS: '3000' } });
  try {
    await page.goto(site.url);
    await openLauncher(page);
    const w = widget(page);
    for (const text of ['first line', 'second line']) {
      await w.composer.fill(text);
      await w.composer.press('Enter');
    }
    const [first, second] = [w.visitorMessages.filter({ hasText: 'first line' }), w.visitorMessages.filter({ hasText: 'second line' })];
    await expect(first).toHaveAttribute('data-status', 'sent');
    await expect(second).toHaveAttribute('data-status', 'sent');
    await expect(second).toHaveAttribute('data-cont', 'true');
    await expect(first.locator('[data-chatport="status"]')).toBeHidden();
    await expect(second.locator('[data-chatport="status"]')).toHaveText('Sent');
  } finally {
    await site.close();
  }
});

test('a greeting beside the closed launcher (Chatport greet and data-greeting): said politely, opens the chat, gone for the session once dismissed', async ({ page }) => {
  const site = await hostPage({ attrs: 'data-greeting="Questions about sizing? Ask us."' });
  try {
    await page.goto(site.url);
    const bubble = page.locator('[data-chatport="greeting"]');
    await expect(bubble).toContainText('Questions about sizing? Ask us.');
    await expect(page.locator('[data-chatport="greeting-region"]')).toHaveAttribute('aria-live', 'polite');
    await page.getByRole('button', { name: 'Questions about sizing? Ask us.' }).click();
    await expect(widget(page).panel).toBeVisible();
    await expect(bubble).toHaveCount(0);
    await page.getByRole('button', { name: /close chat/i }).first().click();

    await page.evaluate(() => window.Chatport!('greet', 'Still looking? We are here.', { delay: 200 }));
    await expect(bubble).toContainText('Still looking? We are here.');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(bubble).toHaveCount(0);
    // Not again in this visitor's session, whatever asks for it.
    await page.reload();
    await expect(page.locator('[data-chatport="root"]')).toHaveCount(1);
    await page.evaluate(() => window.Chatport!('greet', 'One more time?'));
    await page.waitForTimeout(500);
    await expect(bubble).toHaveCount(0);
  } finally {
    await site.close();
  }
});

test('a reply that arrives while the panel is closed shows as a preview with its sender', async ({ page }) => {
  const site = await hostPage({ attrs: 'data-bot-name="Nora"' });
  try {
    await page.goto(site.url);
    await openLauncher(page);
    const w = widget(page);
    await w.composer.fill('thanks');
    await w.composer.press('Enter');
    await expect(w.botMessages).toHaveCount(1);
    await page.getByRole('button', { name: /close chat/i }).first().click();
    await pushTo(site.relay, await visitorOf(site), { content_type: 'text', text: 'Your parcel ships today.' });
    const bubble = page.locator('[data-chatport="greeting"]');
    await expect(bubble).toContainText('Nora');
    await expect(bubble).toContainText('Your parcel ships today.');
    await expect(page.locator('[data-chatport="greeting-region"]')).toContainText('New message from Nora');
  } finally {
    await site.close();
  }
});

test.describe('away hours', () => {
  test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

  test('outside the site’s hours a note says when someone is back, in the visitor’s time; sending still works; it goes at opening time', async ({ page }) => {
    // Tuesday 3 June 2025, 19:30 in Berlin (13:30 in New York); the next opening is Wednesday 09:00 Berlin, 03:00 New York.
    await page.clock.install({ time: new Date('2025-06-03T17:30:00Z') });
    const site = await hostPage({ attrs: 'data-hours="Mon-Fri 09:00-17:00 Europe/Berlin"' });
    try {
      await page.goto(site.url);
      await openLauncher(page);
      const note = page.locator('[data-chatport="away"]');
      await expect(note).toHaveText("We're away right now and back Wednesday 3:00 AM. Leave a message and we'll get back to you.");
      const w = widget(page);
      await w.composer.fill('thanks');
      await w.composer.press('Enter');
      await expect(w.botMessages.filter({ hasText: 'You said' })).toHaveCount(1);
      // Wednesday, 09:01 in Berlin: open, no note.
      await page.clock.fastForward('13:31:00');
      await expect(note).toHaveCount(0);
    } finally {
      await site.close();
    }
  });
});

test('while the tab is hidden, replies count up in its title, and the title comes back with the visitor', async ({ page }) => {
  const site = await hostPage();
  try {
    await page.goto(site.url);
    await openLauncher(page);
    const w = widget(page);
    await w.composer.fill('thanks');
    await w.composer.press('Enter');
    await expect(w.botMessages).toHaveCount(1);
    const title = await page.title();
    // Headless Chromium keeps every tab visible: the page is told it is hidden (and shown again) as a browser would.
    const setHidden = (hidden: boolean) =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (value ? 'hidden' : 'visible') });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    const visitorId = await visitorOf(site);
    await pushTo(site.relay, visitorId, { content_type: 'text', text: 'First news' });
    await pushTo(site.relay, visitorId, { content_type: 'text', text: 'Second news' });
    await expect.poll(() => page.title()).toBe(`(2) ${title}`);
    await setHidden(false);
    await expect.poll(() => page.title()).toBe(title);
    // Muted by the site: nothing counts.
    await page.evaluate(() => window.Chatport!('mute'));
    await setHidden(true);
    await pushTo(site.relay, visitorId, { content_type: 'text', text: 'Third news' });
    await expect(w.botMessages.filter({ hasText: 'Third news' })).toHaveCount(1);
    expect(await page.title()).toBe(title);
  } finally {
    await site.close();
  }
});

for (const [label, lang, theme] of [['light', 'en', 'light'], ['dark', 'en', 'dark'], ['right-to-left', 'ar', 'light']] as const) {
  test(`axe finds no violations in the conversation’s new parts (${label})`, async ({ page }) => {
    // A Tuesday noon (UTC): outside the one-minute hours below, so the away note shows.
    await page.clock.install({ time: new Date('2025-06-03T12:00:00Z') });
    const site = await hostPage({
      lang,
      attrs: `data-theme="${theme}" data-color="#ffd400" data-bot-name="Nora" data-welcome-title="Welcome" data-prompts="Pricing|Support" data-hours="Mon-Fri 00:00-00:01 UTC" data-greeting="Hello there"`,
    });
    try {
      await page.goto(site.url);
      await expect(page.locator('[data-chatport="greeting"]')).toBeVisible();
      const scan = async () => (await new AxeBuilder({ page }).include('[data-chatport-host]').analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(await scan()).toEqual([]);
      await openLauncher(page);
      const w = widget(page);
      await expect(w.log.getByRole('heading', { name: 'Welcome' })).toBeVisible();
      await expect(page.locator('[data-chatport="away"]')).toBeVisible();
      expect(await scan()).toEqual([]);
      await w.log.getByRole('button', { name: 'Pricing' }).click();
      await expect(w.botMessages.filter({ hasText: 'You said' })).toHaveCount(1);
      const composer = page.locator('[data-chatport="composer"] textarea');
      await composer.fill('menu');
      await composer.press('Enter');
      await expect(page.locator('[data-kind="buttons"]')).toHaveCount(1);
      expect(await scan()).toEqual([]);
    } finally {
      await site.close();
    }
  });
}
