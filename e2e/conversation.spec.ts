import AxeBuilder from '@axe-core/playwright';
import { createWidget, expect, test } from './fixtures.testing.ts';

// The conversation as a visitor meets it: the welcome and its prompts, names, groups and times, the greeting beside the
// closed launcher, the away note (with a faked clock), the unread count in a hidden tab's title; axe in light, dark
// and right to left.

test('a welcome with suggested prompts, which send their text; replies signed with the bot’s name, grouped, with their time', async ({ page, relay, widget: w }) => {
  await page.goto(
    relay.pageUrl({
      widget: { welcomeTitle: 'Hi, we are Northwind', welcome: 'Ask about orders, sizes or returns.', prompts: ['Track my order', 'Sizes', 'Returns'], botName: 'Nora' },
    }),
  );
  await w.open();
  await expect(w.welcome().getByRole('heading', { name: 'Hi, we are Northwind' })).toBeVisible();
  await expect(w.welcome().getByText('Ask about orders, sizes or returns.')).toBeVisible();
  await w.composer.fill('half a thought');
  await w.prompt('Sizes').click();
  await expect(w.sent('Sizes')).toHaveCount(1);
  await expect(w.composer).toHaveValue('half a thought');
  const reply = w.messages('You said: "Sizes"');
  await expect(reply).toHaveCount(1);
  await expect(reply).toHaveAttribute('data-author', 'bot');
  // Signed with the site's bot name and its initial; a day line and a time.
  await expect(w.sender(reply)).toHaveText('NNora');
  await expect(w.days()).toHaveText(['Today']);
  await expect(w.time(reply)).toHaveText('now');
  await expect(w.fullTime(reply)).toHaveText(/\d{4}/);

  // Two quick replies form one group: one name, the state and time once, on the last.
  await w.send('menu');
  const group = w.messages(/Hello!|What would you like/);
  await expect(group).toHaveCount(2);
  const [first, second] = [group.nth(0), group.nth(1)];
  await expect(second).toHaveAttribute('data-cont', 'true');
  await expect(w.sender(second)).toHaveCount(0);
  await expect(w.time(first)).toBeHidden();
  await expect(w.time(second)).toBeVisible();
  // Hovering the first shows its full time.
  await first.hover();
  await expect(w.fullTime(first)).toBeVisible();
});

for (const motion of ['no-preference', 'reduce'] as const) {
  test(`typing is three dots in a bot bubble, said once to screen readers (${motion === 'reduce' ? 'still under reduced motion' : 'animated'})`, async ({
    page,
    widget: w,
    bot,
  }) => {
    await page.emulateMedia({ reducedMotion: motion });
    // The bot takes its time: the relay shows it typing meanwhile.
    bot.delay(4000);
    await page.goto('/');
    await w.send('thanks');
    const dots = w.part('dots');
    await expect(dots).toBeVisible();
    await expect(w.part('dot')).toHaveCount(3);
    await expect(dots).toHaveAttribute('aria-hidden', 'true');
    await expect(w.part('typing')).toHaveAttribute('aria-live', 'polite');
    // Beside the hidden dots, the words once.
    await expect(w.typing()).toHaveText('Typing…');
    const animation = await w
      .part('dot')
      .first()
      .evaluate((el) => getComputedStyle(el).animationName);
    expect(animation).toBe(motion === 'reduce' ? 'none' : 'chatport-dot');
    await expect(w.replies('You said')).toHaveCount(1, { timeout: 15_000 });
    await expect(dots).toHaveCount(0);
  });
}

test('the visitor’s delivery state shows once per group, on its last message', async ({ page, widget: w, bot }) => {
  bot.delay(3000);
  await page.goto('/');
  for (const text of ['first line', 'second line']) await w.send(text);
  const [first, second] = [w.sent('first line'), w.sent('second line')];
  await expect(first).toHaveAttribute('data-status', 'sent');
  await expect(second).toHaveAttribute('data-status', 'sent');
  await expect(second).toHaveAttribute('data-cont', 'true');
  await expect(w.delivery(first)).toBeHidden();
  await expect(w.delivery(second)).toHaveText('Sent');
});

test('a greeting beside the closed launcher (Chatport greet and data-greeting): said politely, opens the chat, gone for the session once dismissed', async ({
  page,
  relay,
  widget: w,
}) => {
  await page.goto(relay.pageUrl({ widget: { greeting: 'Questions about sizing? Ask us.' } }));
  const greeting = w.greeting();
  await expect(greeting.locator).toContainText('Questions about sizing? Ask us.');
  await expect(greeting.region).toHaveAttribute('aria-live', 'polite');
  await expect(w.part('greetingOpen')).toHaveAccessibleName('Questions about sizing? Ask us.');
  await greeting.open();
  await expect(w.panel).toBeVisible();
  await expect(greeting.locator).toHaveCount(0);
  await w.close();

  await page.evaluate(() => window.Chatport!('greet', 'Still looking? We are here.', { delay: 200 }));
  await expect(greeting.locator).toContainText('Still looking? We are here.');
  await greeting.dismiss();
  await expect(greeting.locator).toHaveCount(0);
  // Not again in this visitor's session, whatever asks for it.
  await page.reload();
  await expect(w.part('root')).toHaveCount(1);
  await page.evaluate(() => window.Chatport!('greet', 'One more time?'));
  await page.waitForTimeout(500);
  await expect(greeting.locator).toHaveCount(0);
});

test('a reply that arrives while the panel is closed shows as a preview with its sender', async ({ page, relay, widget: w, bot }) => {
  await page.goto(relay.pageUrl({ widget: { botName: 'Nora' } }));
  await w.send('thanks');
  await expect(w.replies()).toHaveCount(1);
  await w.close();
  await bot.say('Your parcel ships today.');
  const greeting = w.greeting();
  await expect(greeting.locator).toContainText('Nora');
  await expect(greeting.locator).toContainText('Your parcel ships today.');
  await expect(greeting.region).toContainText('New message from Nora');
});

test.describe('away hours', () => {
  test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

  test('outside the site’s hours a note says when someone is back, in the visitor’s time; sending still works; it goes at opening time', async ({ page, relay, widget: w }) => {
    // Tuesday 3 June 2025, 19:30 in Berlin (13:30 in New York); the next opening is Wednesday 09:00 Berlin, 03:00 New York.
    await page.clock.install({ time: new Date('2025-06-03T17:30:00Z') });
    await page.goto(relay.pageUrl({ widget: { hours: 'Mon-Fri 09:00-17:00 Europe/Berlin' } }));
    await w.open();
    const note = w.away();
    await expect(note).toHaveText("We're away right now and back Wednesday 3:00 AM. Leave a message and we'll get back to you.");
    await w.send('thanks');
    await expect(w.replies('You said')).toHaveCount(1);
    // Wednesday, 09:01 in Berlin: open, no note.
    await page.clock.fastForward('13:31:00');
    await expect(note).toHaveCount(0);
  });
});

test('while the tab is hidden, replies count up in its title, and the title comes back with the visitor', async ({ page, widget: w, bot }) => {
  await page.goto('/');
  await w.send('thanks');
  await expect(w.replies()).toHaveCount(1);
  const title = await page.title();
  // Headless Chromium keeps every tab visible: the page is told it is hidden (and shown again) as a browser would.
  const setHidden = (hidden: boolean) =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (value ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await bot.say('First news');
  await bot.say('Second news');
  await expect.poll(() => page.title()).toBe(`(2) ${title}`);
  await setHidden(false);
  await expect.poll(() => page.title()).toBe(title);
  // Muted by the site: nothing counts.
  await page.evaluate(() => window.Chatport!('mute'));
  await setHidden(true);
  await bot.say('Third news');
  await expect(w.replies('Third news')).toHaveCount(1);
  expect(await page.title()).toBe(title);
});

for (const [label, lang, theme] of [
  ['light', 'en', 'light'],
  ['dark', 'en', 'dark'],
  ['right-to-left', 'ar', 'light'],
] as const) {
  test(`axe finds no violations in the conversation’s new parts (${label})`, async ({ page, relay }) => {
    // A Tuesday noon (UTC): outside the one-minute hours below, so the away note shows.
    await page.clock.install({ time: new Date('2025-06-03T12:00:00Z') });
    const w = createWidget(page, { locale: lang });
    await page.goto(
      relay.pageUrl({
        lang,
        widget: { theme, color: '#ffd400', botName: 'Nora', welcomeTitle: 'Welcome', prompts: ['Pricing', 'Support'], hours: 'Mon-Fri 00:00-00:01 UTC', greeting: 'Hello there' },
      }),
    );
    await expect(w.greeting().locator).toBeVisible();
    const scan = async () =>
      (await new AxeBuilder({ page }).include('[data-chatport-host]').analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(await scan()).toEqual([]);
    await w.open();
    await expect(w.welcome().getByRole('heading', { name: 'Welcome' })).toBeVisible();
    await expect(w.away()).toBeVisible();
    expect(await scan()).toEqual([]);
    await w.prompt('Pricing').click();
    await expect(w.replies('You said')).toHaveCount(1);
    await w.send('menu');
    await expect(w.messages().and(w.host.locator('[data-kind="buttons"]'))).toHaveCount(1);
    expect(await scan()).toEqual([]);
  });
}
