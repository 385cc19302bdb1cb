import type { Page } from '@playwright/test';
import { createWidget, EVENTS, expect, PARTS, startChatport, test, type PartName, type Widget } from '../server/testing/playwright.ts';

// The selector contract (server/testing/contract.ts, shown in docs/testing.md): every part drawn at least once, by
// both platforms, and found by its role, name and attributes; every documented event fired. A part renamed, re-roled
// or dropped fails here; a part added to the list without being drawn here fails too.

const recordEvents = (page: Page) =>
  page.addInitScript((names: string[]) => {
    const fired: string[] = ((window as unknown as { fired: string[] }).fired = []);
    for (const name of names) addEventListener(name, () => fired.push(name));
  }, Object.keys(EVENTS));

/** Working hours that are closed now: one minute, twelve hours away (UTC), so the away note shows without a fake clock. */
const closedNow = () => {
  const at = new Date(Date.now() + 12 * 3_600_000);
  const [h, m] = [at.getUTCHours(), at.getUTCMinutes()];
  const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][at.getUTCDay()]} ${clock(h * 60 + m)}-${clock(h * 60 + m + 1)} UTC`;
};

test('every part of the selector contract is drawn and found, on both platforms, and every event fires', async ({ page, widget, bot, relay }) => {
  test.setTimeout(120_000);
  const seen = new Set<PartName>();
  const find = async (w: Widget, ...names: PartName[]) => {
    for (const name of names) {
      await expect(w.part(name).first(), name).toBeAttached();
      seen.add(name);
    }
  };
  await recordEvents(page);

  // UChat: a greeting, a welcome with a prompt, the away note, the chat (names, times, days), bot buttons, a carousel,
  // media, typing, unread, a failed send, uploads.
  bot.on('hi').reply('Hello!', { buttons: ['Pricing', { title: 'Docs', url: 'https://example.com/docs' }] });
  bot.on('Pricing').reply(bot.carousel([{ title: 'Basic', buttons: ['Choose Basic'] }, { title: 'Pro' }, { title: 'Team' }]));
  bot.on('media').reply(bot.image()).reply(bot.audio()).reply(bot.video()).reply(bot.file());
  await page.goto(relay.pageUrl({ widget: { botName: 'Nora', welcomeTitle: 'Welcome', prompts: ['hi'], hours: closedNow(), greeting: 'Questions? Ask us.' } }));
  await find(widget, 'host', 'launcher', 'greetingRegion', 'greeting', 'greetingOpen', 'greetingDismiss');
  await widget.greeting().open();
  await find(widget, 'root', 'panel', 'closeButton', 'connection', 'log', 'composer', 'send', 'attach', 'welcome', 'prompt', 'away');
  await widget.prompt('hi').click();
  await expect(widget.replies('Hello!')).toHaveCount(1);
  await expect(widget.sent('hi')).toHaveAttribute('data-status', 'sent');
  await find(widget, 'message', 'bubble', 'text', 'action', 'sender', 'senderName', 'time', 'fullTime', 'delivery', 'day');
  await widget.button('Pricing').click();
  await find(widget, 'carousel', 'card', 'previous', 'next');
  await widget.send('media');
  await find(widget, 'image', 'audio', 'video', 'file');
  await widget.part('image').click();
  await find(widget, 'lightbox');
  await page.keyboard.press('Escape');

  bot.delay(1500);
  bot.on('slow').reply('Done thinking');
  await widget.send('slow');
  await find(widget, 'typing', 'dots', 'dot');
  await expect(widget.typing()).toBeVisible();
  await expect(widget.replies('Done thinking')).toHaveCount(1);
  await expect(widget.typing()).toBeHidden();

  await widget.close();
  await bot.say('While you were away');
  await find(widget, 'unread');
  await expect(widget.unread()).toHaveText('1');
  await widget.open();

  // A refusal the widget does not retry: the message fails at once, with Retry.
  await page.route('**/v1/messages', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":{"code":"invalid_request","message":"no"}}' })
      : route.continue(),
  );
  await widget.send('refused');
  await find(widget, 'retry');
  await page.unroute('**/v1/messages');

  await widget.upload([{ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) }]);
  await find(widget, 'uploadError');
  await page.route('**/v1/uploads?**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await widget.upload([{ name: 'slow.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%slow\n') }]);
  await find(widget, 'uploading');

  await page.evaluate(() => (window as unknown as { Chatport(command: string): void }).Chatport('opne'));
  await widget.close();
  await expect.poll(() => page.evaluate(() => [...new Set((window as unknown as { fired: string[] }).fired)].sort())).toEqual(Object.keys(EVENTS).sort());

  // Chatwoot, through the framework-neutral core: questions, a form, a survey, an email, articles, a deletion, a resolve.
  const chatwoot = await startChatport({ platform: 'chatwoot' });
  try {
    const cw = createWidget(page);
    const agent = chatwoot.bot;
    agent.on('hi').reply(agent.select('Pick one', ['Cards', 'Nothing']));
    agent.on('Cards').reply(
      agent.form('Tell us', [
        { name: 'name', label: 'Your name', required: true },
        { name: 'topic', label: 'Topic', type: 'select', options: ['Billing', 'Delivery'] },
      ]),
    );
    agent
      .on('survey')
      .reply(agent.csat('Rate us', { display: 'star' }))
      .reply(agent.email('Your email?'))
      .reply(agent.articles('Read', [{ title: 'Returns', url: 'https://example.com/returns' }]));
    await page.goto(chatwoot.pageUrl());
    await cw.send('hi');
    await find(cw, 'select', 'option');
    await cw.select('Cards');
    await find(cw, 'chosen', 'form', 'submit');
    await cw.form().fill({ 'Your name': 'Ada', Topic: 'Delivery' });
    await cw.form().submit();
    await find(cw, 'submitted');
    await cw.send('survey');
    await find(cw, 'csat', 'rating', 'star', 'email', 'emailInput', 'articles');
    await cw.rating().rate(4);
    await find(cw, 'feedback');
    await cw.rating().comment('Kind');
    await cw.rating().submit();
    await find(cw, 'rated');
    await cw.email().answer('ada@example.com');
    await find(cw, 'given');
    // The stand-in's demo agent deletes "a message that disappears" a moment after sending it.
    await cw.send('anything');
    await cw.select('A message that disappears');
    await find(cw, 'deleted');
    await chatwoot.bot.resolve();
    await find(cw, 'resolved');
  } finally {
    await chatwoot.stop();
  }

  expect(Object.keys(PARTS).filter((name) => !seen.has(name as PartName))).toEqual([]);
});
