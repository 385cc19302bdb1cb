import { expect, test } from 'chatport/testing/playwright';

test('a form and a rating, answered in the widget, reach Chatwoot as submitted values', async ({ page, widget, bot }) => {
  bot.on('help').reply(
    bot.form('Tell us about it', [
      { name: 'order', label: 'Order number', required: true },
      { name: 'topic', label: 'Topic', type: 'select', options: ['Billing', 'Delivery'] },
    ]),
  );
  bot.on((message) => message.kind === 'answer' && message.type === 'form').reply(bot.csat('How did we do?', { display: 'star' }));
  await page.goto('/');
  await widget.send('help');
  await widget.form().fill({ 'Order number': 'AB-1234', Topic: 'Delivery' });
  await widget.form().submit();
  await widget.rating().rate(5);
  await widget.rating().submit();
  await expect
    .poll(() => bot.received().slice(1))
    .toEqual([
      { kind: 'answer', type: 'form', values: { order: 'AB-1234', topic: 'Delivery' } },
      { kind: 'answer', type: 'csat', rating: 5 },
    ]);
});
