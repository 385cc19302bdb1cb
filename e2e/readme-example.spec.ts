// The README's "Testing your chat flows" example, as written there (server/testing/readme.test.ts keeps them equal).
import { test, expect } from '../server/testing/playwright.ts';

test.use({ chatport: { platform: 'uchat' } }); // or 'chatwoot'

test('pricing flow', async ({ page, widget, bot }) => {
  bot.on('hi').reply('Hello!', { buttons: ['Pricing', 'Support'] });
  bot.on('Pricing').reply(bot.carousel([{ title: 'Basic', buttons: ['Choose Basic'] }, { title: 'Pro' }]));
  await page.goto('/'); // the built-in test page, or your own (the `page` option)
  await widget.open();
  await widget.send('hi');
  await expect(widget.lastReply()).toContainText('Hello!');
  await widget.button('Pricing').click();
  await widget.carousel().next();
  await expect(widget.carousel().card('Pro')).toBeVisible();
  await expect.poll(() => bot.received()).toContainEqual(expect.objectContaining({ kind: 'postback', payload: 'Pricing' }));
});
