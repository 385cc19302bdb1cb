import { expect, test } from 'chatport/testing/playwright';

// Each test runs against both platforms (the projects in playwright.config.ts).

test('pricing flow: a greeting with buttons, a carousel, and the choice the platform received', async ({ page, widget, bot }) => {
  bot.on('hi').reply('Hello!', { buttons: ['Pricing', 'Support'] });
  bot.on('Pricing').reply(bot.carousel([{ title: 'Basic', buttons: ['Choose Basic'] }, { title: 'Pro' }]));
  await page.goto('/');
  await widget.open();
  await widget.send('hi');
  await expect(widget.lastReply()).toContainText('Hello!');
  await widget.button('Pricing').click();
  await widget.carousel().next();
  await expect(widget.carousel().card('Pro')).toBeVisible();
  // A UChat postback, a Chatwoot select answer: both carry the button's title.
  await expect.poll(() => bot.received()).toContainEqual(expect.objectContaining({ title: 'Pricing' }));
});

test('a proactive message while the panel is closed counts as unread', async ({ page, widget, bot }) => {
  bot.otherwise('silent');
  await page.goto('/');
  await widget.send('I will be back');
  await expect(widget.sent('I will be back')).toHaveAttribute('data-status', 'sent');
  await widget.close();
  await bot.say('Your order has shipped');
  await expect(widget.unread()).toHaveText('1');
  await widget.open();
  await expect(widget.lastReply()).toHaveText('Your order has shipped');
});

test('outage: the platform down, the streams cut, the relay restarted; nothing is lost', async ({ page, widget, bot, relay }) => {
  bot.on(/^order \d+$/).reply('Let me look that up.');
  await page.goto('/');
  await widget.send('order 1');
  await expect(widget.replies('Let me look that up.')).toHaveCount(1);

  bot.down();
  await widget.send('order 2');
  await expect(widget.sent('order 2')).toHaveAttribute('data-status', 'pending');
  bot.up();
  // `read` where the platform reports it (a Chatwoot agent who opened the conversation), else `sent`.
  await expect(widget.sent('order 2')).toHaveAttribute('data-status', /^(sent|read)$/, { timeout: 20_000 });

  relay.dropStreams();
  await relay.restart();
  await bot.say('Back online');
  await expect(widget.lastReply()).toHaveText('Back online', { timeout: 20_000 });
  await widget.send('order 3');
  await expect(widget.replies('Let me look that up.')).toHaveCount(3);
  expect(bot.received()).toEqual([
    { kind: 'text', text: 'order 1' },
    { kind: 'text', text: 'order 2' },
    { kind: 'text', text: 'order 3' },
  ]);
});
