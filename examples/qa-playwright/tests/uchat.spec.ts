import { expect, test } from 'chatport/testing/playwright';

test("a postback reaches bot_url in UChat's shape, after the platform refused it twice", async ({ page, widget, bot }) => {
  bot.on('hi').reply('Pick a plan', { buttons: [{ title: 'Pro plan', payload: 'PLAN_PRO' }] });
  bot.on('PLAN_PRO').reply('Pro it is.');
  await page.goto('/');
  await widget.send('hi');
  bot.fail(2, 503);
  await widget.button('Pro plan').click();
  await expect(widget.lastReply()).toHaveText('Pro it is.', { timeout: 20_000 });
  expect(bot.received().at(-1)).toEqual({ kind: 'postback', title: 'Pro plan', payload: 'PLAN_PRO' });
});
