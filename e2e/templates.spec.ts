import { expect, test } from './fixtures.testing.ts';

test.describe('bot templates from the demo bot', () => {
  test('a menu whose postback leads to a carousel, and a postback from inside a carousel card', async ({ page, widget, bot }) => {
    await page.goto('/');
    await widget.send('hello');
    const menu = widget.lastReply();
    await expect(menu.getByRole('button', { name: 'Show cards' })).toBeVisible();
    const about = widget.link('About this demo');
    await expect(about).toHaveAttribute('target', '_blank');
    await expect(about).toHaveAttribute('rel', 'noopener noreferrer');

    await widget.button('Show cards').click();
    // The visitor's choice shows in the transcript and reaches bot_url in the contract's postback shape.
    await expect(widget.sent('Show cards')).toHaveCount(1);
    await expect.poll(() => bot.received().find((m) => m.kind === 'postback')).toEqual({ kind: 'postback', title: 'Show cards', payload: 'SHOW_CARDS' });
    expect(bot.received().find((m) => m.kind === 'postback')!.raw).toMatchObject({
      body: { content: 'Show cards', message_type: 'incoming', event: 'message_postback', submitted_values: [{ title: 'Show cards', payload: 'SHOW_CARDS' }] },
    });

    const carousel = widget.carousel();
    await expect(carousel.locator).toHaveAccessibleName('3 cards');
    await expect(carousel.cards).toHaveCount(3);
    await expect(carousel.card(0)).toHaveAccessibleName('1 of 3');
    // Images have their box reserved by the ratio and load from the simulator.
    const image = carousel.card(0).locator('img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const box = await carousel.card(0).locator('[data-chatport="card-media"]').boundingBox();
    expect(box!.width / box!.height).toBeCloseTo(1.91, 1);
    // The single square card.
    await expect(widget.messages().and(page.locator('[data-kind="carousel"]')).locator('[data-ratio="square"]')).toHaveCount(1);

    // Mouse: next and previous controls; they are disabled at the ends.
    const previous = widget.part('previous');
    const next = widget.part('next');
    await expect(previous).toBeDisabled();
    await carousel.next();
    await carousel.next();
    await expect(next).toBeDisabled();
    await carousel.prev();
    await expect(previous).toBeEnabled();

    await carousel.card(1).getByRole('button', { name: 'Pick Forest' }).click();
    await expect(widget.replies('You picked the Forest card.')).toHaveCount(1);
    expect(bot.received().at(-1)).toEqual({ kind: 'postback', title: 'Pick Forest', payload: 'PICK_FOREST' });
  });

  test('image (larger view, Escape closes), audio, video and file from the demo bot', async ({ page, widget }) => {
    await page.goto('/');
    await widget.send('media');
    const image = widget.part('image');
    await expect
      .poll(() =>
        image
          .locator('img')
          .first()
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      )
      .toBeGreaterThan(0);
    await image.click();
    const lightbox = widget.part('lightbox');
    await expect(lightbox).toBeVisible();
    await expect(lightbox).toHaveAttribute('aria-modal', 'true');
    await page.keyboard.press('Escape');
    await expect(lightbox).toHaveCount(0);
    await expect(image).toBeFocused();
    await expect(widget.panel).toHaveCount(1); // the chat panel stays open

    for (const kind of ['audio', 'video'] as const) {
      const player = widget.part(kind);
      await expect(player).toHaveAttribute('controls', '');
      // The browser could read the media: its duration is known.
      await expect.poll(() => player.evaluate((el: HTMLMediaElement) => (Number.isFinite(el.duration) ? el.duration : 0)), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    const file = widget.part('file');
    await expect(file).toHaveAttribute('download', /.*/);
    const response = await page.request.get((await file.getAttribute('href'))!);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('broken media URLs show a clear fallback, not a blank box', async ({ page, widget, bot, relay }) => {
    await page.goto('/');
    await widget.send('hello');
    await expect(widget.replies()).not.toHaveCount(0);
    const missing = `${relay.standInUrl}/media/missing`;
    for (const kind of ['image', 'audio', 'video'] as const) await bot.say(bot[kind](`${missing}.${kind}`));
    await expect(widget.messages().and(page.locator('[data-kind="image"]'))).toContainText(/could not be loaded/i);
    for (const kind of ['audio', 'video']) await expect(widget.messages().and(page.locator(`[data-kind="${kind}"]`))).toContainText(/could not be (loaded|played)/i);
  });
});
