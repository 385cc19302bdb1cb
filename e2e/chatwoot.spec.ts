import type { Page } from '@playwright/test';
import { expect, test, type Widget } from './fixtures.testing.ts';

// A Chatwoot API inbox (the kit's stand-in) behind the same widget; its demo agent answers every message with a menu
// of every Chatwoot message type.
test.use({ chatport: { platform: 'chatwoot', replyDelayMs: 50 } });

/** Opens the chat, says `text` and waits for the demo agent's menu. */
const startChat = async (page: Page, widget: Widget, text = 'hello') => {
  await page.goto('/');
  await widget.send(text);
  await expect(widget.part('select').last()).toBeVisible();
};

test.describe('a Chatwoot API inbox through the same widget', () => {
  test('text both ways, then a select question answered once and shown as answered', async ({ page, widget, bot }) => {
    await startChat(page, widget, 'hello there');
    await expect(widget.replies('You said: hello there')).toHaveCount(1);
    // The visitor's message reached the inbox through the public API: contact, conversation, message.
    expect(bot.received()).toEqual([{ kind: 'text', text: 'hello there' }]);

    const menu = widget.part('select').last();
    await widget.select('Help articles');
    await expect(widget.sent('Help articles')).toHaveCount(1);
    await expect.poll(() => bot.received().at(-1)).toEqual({ kind: 'answer', type: 'select', title: 'Help articles', value: 'articles' });
    expect((bot.received().at(-1)!.raw as { body: unknown }).body).toEqual({ submitted_values: [{ title: 'Help articles', value: 'articles' }] });
    // Chatwoot's message_updated comes back: the question shows the choice instead of the options.
    await expect(menu.locator('[data-chatport="chosen"]')).toHaveText('Help articles');
    await expect(menu.getByRole('button', { name: 'Cards' })).toHaveCount(0);

    const link = widget.link(/Shipping times/);
    await expect(link).toHaveAttribute('href', 'https://example.com/help/shipping');
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  test('a form with required, email and pattern checks, submitted once', async ({ page, widget, bot }) => {
    await startChat(page, widget);
    await widget.select('A form');
    const form = widget.form();
    await expect(form.locator).toBeVisible();
    await form.submit();
    // Nothing is sent while a required field is empty; the field says why.
    await expect(form.field(/Your name/)).toHaveAttribute('aria-invalid', 'true');
    await form.fill({ 'Your name': 'Ada', Email: 'not-an-email', 'Order number': '12' });
    await form.submit();
    await expect(form.locator.getByText('Two capital letters, a dash and four digits')).toBeVisible();
    await expect(form.field('Email')).toHaveAttribute('aria-invalid', 'true');
    await form.fill({ Email: 'ada@example.com', 'Order number': 'AB-1234', Topic: 'delivery', Details: 'Late parcel' });
    await form.submit();
    await expect
      .poll(() => bot.received().at(-1))
      .toEqual({ kind: 'answer', type: 'form', values: { name: 'Ada', email: 'ada@example.com', order: 'AB-1234', topic: 'delivery', details: 'Late parcel' } });
    expect((bot.received().at(-1)!.raw as { body: { submitted_values: unknown } }).body.submitted_values).toEqual([
      { name: 'name', value: 'Ada' },
      { name: 'email', value: 'ada@example.com' },
      { name: 'order', value: 'AB-1234' },
      { name: 'topic', value: 'delivery' },
      { name: 'details', value: 'Late parcel' },
    ]);
    await expect(form.locator.locator('[data-chatport="submitted"]')).toBeVisible();
    await expect(form.locator.getByRole('button', { name: 'Send request' })).toHaveCount(0);
    await expect(widget.replies('Thank you! We got it.')).toHaveCount(1);
  });

  test('cards with a link and a postback, and every attachment type', async ({ page, widget, bot }) => {
    await startChat(page, widget);
    await widget.select('Cards');
    const carousel = widget.carousel();
    await expect(carousel.locator).toHaveAccessibleName('3 cards');
    const first = carousel.card(0);
    await expect(first.getByRole('link', { name: 'See photos' })).toHaveAttribute('href', 'https://example.com/rooms/sunrise');
    await expect.poll(() => first.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await carousel.button('Book Sunrise').click();
    await expect(widget.sent('Book Sunrise')).toHaveCount(1);
    // Chatwoot postbacks never reach the server as such: the agent sees the visitor's choice as text.
    await expect.poll(() => bot.received().at(-1)).toEqual({ kind: 'text', text: 'Book Sunrise' });

    await widget.select(/Pictures/);
    // The cards came after a picture of their own; the media message brings one of each kind.
    await expect(widget.part('image')).toHaveCount(2);
    for (const kind of ['audio', 'video', 'file'] as const) await expect(widget.part(kind)).toHaveCount(1);
    await expect
      .poll(() =>
        widget
          .part('image')
          .last()
          .locator('img')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      )
      .toBeGreaterThan(0);
    await expect(widget.part('file')).toContainText('guide.pdf');
  });

  test('a star rating by keyboard with feedback, and an email question', async ({ page, widget, bot }) => {
    await startChat(page, widget);
    await widget.select('Rate us');
    const survey = widget.rating();
    const stars = widget.part('rating').last();
    await stars.getByRole('radio').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(stars.getByRole('radio', { checked: true })).toHaveCount(1);
    await survey.comment('Quick and kind');
    await survey.submit();
    await expect.poll(() => bot.received().at(-1)).toEqual({ kind: 'answer', type: 'csat', rating: 4, feedback: 'Quick and kind' });
    expect((bot.received().at(-1)!.raw as { body: unknown }).body).toEqual({ submitted_values: { csat_survey_response: { rating: 4, feedback_message: 'Quick and kind' } } });
    await expect(survey.locator.locator('[data-chatport="rated"]')).toBeVisible();
    await expect(survey.locator.locator('[data-chatport="feedback"]')).toHaveText('Quick and kind');

    // A new message brings the menu again.
    await widget.send('one more thing');
    await expect(widget.replies('You said: one more thing')).toHaveCount(1);
    await widget.select('Leave your email');
    const ask = widget.email();
    await ask.answer('ada@');
    await expect(ask.input).toHaveAttribute('aria-invalid', 'true');
    await ask.answer('ada@example.com');
    await expect.poll(() => bot.received().at(-1)).toEqual({ kind: 'answer', type: 'email', email: 'ada@example.com' });
    // The address also went onto the contact, before the answer.
    expect(bot.requests().find((r) => r.method === 'PATCH' && /\/contacts\/[^/]+$/.test(r.path))?.body).toMatchObject({ email: 'ada@example.com' });
    await expect(ask.locator.locator('[data-chatport="given"]')).toHaveText(/ada@example\.com/);
  });

  test('a deleted message is redrawn in place; typing and a resolved conversation show', async ({ page, widget, bot }) => {
    await startChat(page, widget);
    await widget.select('A message that disappears');
    const doomed = widget.replies('This message deletes itself');
    await expect(doomed).toHaveCount(1);
    const before = await widget.replies().count();
    await expect(widget.part('deleted')).toHaveCount(1, { timeout: 8000 });
    await expect(doomed).toHaveCount(0);
    expect(await widget.replies().count()).toBe(before);

    await bot.typing(true);
    await expect(widget.typing()).toHaveText('Typing…');
    await bot.typing(false);
    await expect(widget.typing()).toBeHidden();
    await bot.resolve();
    await expect(widget.part('resolved')).toHaveText(/conversation was closed/i);
  });

  test('a visitor upload reaches the inbox as the same bytes; typing and reading reach it too', async ({ page, widget, bot }) => {
    await startChat(page, widget);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    await widget.upload({ name: 'dot.png', mimeType: 'image/png', buffer: png });
    await expect(widget.sent().locator('[data-kind="image"], [data-chatport="bubble"] img').first()).toBeVisible();
    await expect
      .poll(() => bot.received().at(-1))
      .toEqual({ kind: 'attachment', attachments: [expect.objectContaining({ type: 'image', name: 'dot.png', mime: 'image/png', size: png.length })] });

    await widget.composer.pressSequentially('typing');
    await expect.poll(() => bot.requests().some((r) => r.path.endsWith('/toggle_typing'))).toBe(true);
    await expect.poll(() => bot.requests().some((r) => r.path.endsWith('/update_last_seen'))).toBe(true);
  });
});
