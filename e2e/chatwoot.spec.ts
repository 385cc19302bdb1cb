import { agentMessages, expect, pick, startChatwootChat, test, widget } from './chatwoot-fixtures.testing.ts';

type Json = Record<string, unknown>;
const patches = (received: readonly { method: string; path: string; body?: unknown }[]) =>
  received.filter((r) => r.method === 'PATCH' && r.path.includes('/messages/')).map((r) => r.body as Json);

test.describe('a Chatwoot API inbox through the same widget', () => {
  test('text both ways, then a select question answered once and shown as answered', async ({ page, chatwoot }) => {
    const w = widget(page);
    await startChatwootChat(page, chatwoot, 'hello there');
    await expect(agentMessages(page).filter({ hasText: 'You said: hello there' })).toHaveCount(1);
    // The visitor's message reached the inbox through the public API: contact, conversation, message.
    const standin = chatwoot.standin!;
    expect(standin.messages.some((m) => m.content === 'hello there' && m.message_type === 0)).toBe(true);

    const menu = page.locator('[data-kind="select"]').last();
    await pick(page, 'Help articles');
    await expect(w.visitorMessages.filter({ hasText: 'Help articles' })).toHaveCount(1);
    await expect.poll(() => patches(standin.received).at(-1)).toEqual({ submitted_values: [{ title: 'Help articles', value: 'articles' }] });
    // Chatwoot's message_updated comes back: the question shows the choice instead of the options.
    await expect(menu.locator('[data-chatport="chosen"]')).toHaveText('Help articles');
    await expect(menu.getByRole('button', { name: 'Cards' })).toHaveCount(0);

    const articles = page.locator('[data-kind="articles"]');
    const link = articles.getByRole('link', { name: /Shipping times/ });
    await expect(link).toHaveAttribute('href', 'https://example.com/help/shipping');
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  test('a form with required, email and pattern checks, submitted once', async ({ page, chatwoot }) => {
    await startChatwootChat(page, chatwoot);
    await pick(page, 'A form');
    const form = page.locator('[data-kind="form"]');
    await expect(form).toBeVisible();
    const submit = form.getByRole('button', { name: 'Send request' });
    await submit.click();
    // Nothing is sent while a required field is empty; the field says why.
    await expect(form.getByRole('textbox', { name: /Your name/ })).toHaveAttribute('aria-invalid', 'true');
    await form.getByRole('textbox', { name: /Your name/ }).fill('Ada');
    await form.getByRole('textbox', { name: /Email/ }).fill('not-an-email');
    await form.getByRole('textbox', { name: /Order number/ }).fill('12');
    await submit.click();
    await expect(form.getByText('Two capital letters, a dash and four digits')).toBeVisible();
    await expect(form.getByRole('textbox', { name: /Email/ })).toHaveAttribute('aria-invalid', 'true');
    await form.getByRole('textbox', { name: /Email/ }).fill('ada@example.com');
    await form.getByRole('textbox', { name: /Order number/ }).fill('AB-1234');
    await form.getByRole('combobox', { name: /Topic/ }).selectOption('delivery');
    await form.getByRole('textbox', { name: /Details/ }).fill('Late parcel');
    await submit.click();
    await expect.poll(() => patches(chatwoot.standin!.received).at(-1)?.['submitted_values']).toEqual([
      { name: 'name', value: 'Ada' },
      { name: 'email', value: 'ada@example.com' },
      { name: 'order', value: 'AB-1234' },
      { name: 'topic', value: 'delivery' },
      { name: 'details', value: 'Late parcel' },
    ]);
    await expect(form.locator('[data-answered="true"], [data-chatport="submitted"]').first()).toBeVisible();
    await expect(form.getByRole('button', { name: 'Send request' })).toHaveCount(0);
    await expect(agentMessages(page).filter({ hasText: 'Thank you! We got it.' })).toHaveCount(1);
  });

  test('cards with a link and a postback, and every attachment type', async ({ page, chatwoot }) => {
    const w = widget(page);
    await startChatwootChat(page, chatwoot);
    await pick(page, 'Cards');
    const carousel = page.getByRole('group', { name: '3 cards' });
    await expect(carousel).toBeVisible();
    const first = carousel.locator('[aria-roledescription="slide"]').first();
    await expect(first.getByRole('link', { name: 'See photos' })).toHaveAttribute('href', 'https://example.com/rooms/sunrise');
    await expect.poll(() => first.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await first.getByRole('button', { name: 'Book Sunrise' }).click();
    await expect(w.visitorMessages.filter({ hasText: 'Book Sunrise' })).toHaveCount(1);
    // Chatwoot postbacks never reach the server as such: the agent sees the visitor's choice as text.
    await expect.poll(() => chatwoot.standin!.messages.some((m) => m.content === 'Book Sunrise' && m.message_type === 0)).toBe(true);

    await page.locator('[data-kind="select"]').last().getByRole('button', { name: /Pictures/ }).click();
    // The cards came after a picture of their own; the media message brings one of each kind.
    await expect(page.locator('[data-kind="image"]')).toHaveCount(2);
    for (const kind of ['audio', 'video', 'file'] as const) await expect(page.locator(`[data-kind="${kind}"]`)).toHaveCount(1);
    await expect.poll(() => page.locator('[data-kind="image"] img').last().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await expect(page.locator('[data-kind="file"]').getByRole('link')).toContainText('guide.pdf');
  });

  test('a star rating by keyboard with feedback, and an email question', async ({ page, chatwoot }) => {
    await startChatwootChat(page, chatwoot);
    await pick(page, 'Rate us');
    const csat = page.locator('[data-kind="csat"]');
    const stars = csat.getByRole('radiogroup');
    await stars.getByRole('radio').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(stars.getByRole('radio', { checked: true })).toHaveCount(1);
    await csat.getByRole('textbox').fill('Quick and kind');
    await csat.getByRole('button', { name: /submit/i }).click();
    await expect.poll(() => patches(chatwoot.standin!.received).at(-1)).toEqual({ submitted_values: { csat_survey_response: { rating: 4, feedback_message: 'Quick and kind' } } });
    await expect(csat.locator('[data-chatport="rated"]')).toBeVisible();
    await expect(csat.locator('[data-chatport="feedback"]')).toHaveText('Quick and kind');

    // A new message brings the menu again.
    await widget(page).composer.fill('one more thing');
    await widget(page).composer.press('Enter');
    await expect(agentMessages(page).filter({ hasText: 'You said: one more thing' })).toHaveCount(1);
    await pick(page, 'Leave your email');
    const ask = page.locator('[data-kind="email"]');
    const input = ask.getByRole('textbox');
    await input.fill('ada@');
    await ask.getByRole('button').click();
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await input.fill('ada@example.com');
    await ask.getByRole('button').click();
    await expect.poll(() => chatwoot.standin!.contacts.at(-1)?.email).toBe('ada@example.com');
    await expect(ask.locator('[data-chatport="given"]')).toHaveText(/ada@example\.com/);
  });

  test('a deleted message is redrawn in place; typing and a resolved conversation show', async ({ page, chatwoot }) => {
    const conversationId = await startChatwootChat(page, chatwoot);
    await pick(page, 'A message that disappears');
    const doomed = agentMessages(page).filter({ hasText: 'This message deletes itself' });
    await expect(doomed).toHaveCount(1);
    const before = await agentMessages(page).count();
    await expect(page.locator('[data-kind="deleted"]')).toHaveCount(1, { timeout: 8000 });
    await expect(doomed).toHaveCount(0);
    expect(await agentMessages(page).count()).toBe(before);

    await chatwoot.standin!.typing(conversationId, true);
    await expect(page.locator('[data-chatport="typing"]')).toHaveText('Typing…');
    await chatwoot.standin!.typing(conversationId, false);
    await expect(page.locator('[data-chatport="typing"]')).toHaveText('');
    chatwoot.standin!.setStatus(conversationId, 'resolved');
    await expect(page.locator('[data-chatport="resolved"]')).toHaveText(/conversation was closed/i);
  });

  test('a visitor upload reaches the inbox as the same bytes; typing and reading reach it too', async ({ page, chatwoot }) => {
    const w = widget(page);
    await startChatwootChat(page, chatwoot);
    const standin = chatwoot.standin!;
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    await page.locator('input[type="file"]').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png });
    await expect(w.visitorMessages.locator('[data-kind="image"], [data-chatport="bubble"] img').first()).toBeVisible();
    await expect.poll(() => standin.received.find((r) => r.parts?.some((part) => part.name === 'attachments[]'))?.parts?.find((p) => p.name === 'attachments[]')?.size).toBe(png.length);

    await w.composer.pressSequentially('typing');
    await expect.poll(() => standin.received.some((r) => r.path.endsWith('/toggle_typing'))).toBe(true);
    await expect.poll(() => standin.received.some((r) => r.path.endsWith('/update_last_seen'))).toBe(true);
  });
});
