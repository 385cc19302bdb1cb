import { expect, pushTo, startChat, test, widget } from './fixtures.testing.ts';

type Received = { body: Record<string, unknown> };
const bodies = (received: readonly Received[]) => received.map((r) => r.body);

test.describe('bot templates from the demo bot', () => {
  test('a menu whose postback leads to a carousel, and a postback from inside a carousel card', async ({ page, relay }) => {
    await page.goto(relay.url);
    const w = widget(page);
    await startChat(page, relay, 'hello');
    const menu = page.locator('[data-kind="buttons"]');
    await expect(menu.getByRole('button', { name: 'Show cards' })).toBeVisible();
    const about = menu.getByRole('link', { name: 'About this demo' });
    await expect(about).toHaveAttribute('target', '_blank');
    await expect(about).toHaveAttribute('rel', 'noopener noreferrer');

    await menu.getByRole('button', { name: 'Show cards' }).click();
    // The visitor's choice shows in the transcript and reaches bot_url in the contract's postback shape.
    await expect(w.visitorMessages.filter({ hasText: 'Show cards' })).toHaveCount(1);
    await expect.poll(() => bodies(relay.simulator!.received).find((b) => b['event'] === 'message_postback')).toMatchObject({
      content: 'Show cards',
      message_type: 'incoming',
      submitted_values: [{ title: 'Show cards', payload: 'SHOW_CARDS' }],
    });

    const carousel = page.getByRole('group', { name: '3 cards' });
    await expect(carousel).toBeVisible();
    const slides = carousel.locator('[aria-roledescription="slide"]');
    await expect(slides).toHaveCount(3);
    await expect(slides.first()).toHaveAttribute('aria-label', '1 of 3');
    // Images have their box reserved by the ratio and load from the simulator.
    const image = slides.first().locator('img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const box = await slides.first().locator('[data-chatport="card-media"]').boundingBox();
    expect(box!.width / box!.height).toBeCloseTo(1.91, 1);
    // The single square card.
    await expect(page.locator('[data-kind="carousel"] [data-ratio="square"]')).toHaveCount(1);

    // Mouse: next and previous controls; they are disabled at the ends.
    const previous = carousel.getByRole('button', { name: /previous/i });
    const next = carousel.getByRole('button', { name: /next/i });
    await expect(previous).toBeDisabled();
    await next.click();
    await next.click();
    await expect(next).toBeDisabled();
    await previous.click();
    await expect(previous).toBeEnabled();

    await slides.nth(1).getByRole('button', { name: 'Pick Forest' }).click();
    await expect(w.botMessages.filter({ hasText: 'You picked the Forest card.' })).toHaveCount(1);
    expect(bodies(relay.simulator!.received).at(-1)).toMatchObject({ event: 'message_postback', submitted_values: [{ title: 'Pick Forest', payload: 'PICK_FOREST' }] });
  });

  test('image (larger view, Escape closes), audio, video and file from the demo bot', async ({ page, relay }) => {
    await page.goto(relay.url);
    await startChat(page, relay, 'media');
    const image = page.locator('[data-kind="image"]');
    await expect.poll(() => image.locator('img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const opener = image.getByRole('button', { name: 'View larger image' });
    await opener.click();
    const lightbox = page.locator('[data-chatport="lightbox"][role="dialog"][aria-modal="true"]');
    await expect(lightbox).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(lightbox).toHaveCount(0);
    await expect(opener).toBeFocused();
    await expect(page.getByRole('dialog')).toHaveCount(1); // the chat panel stays open

    for (const kind of ['audio', 'video'] as const) {
      const player = page.locator(`[data-kind="${kind}"] ${kind}`);
      await expect(player).toHaveAttribute('controls', '');
      // The browser could read the media: its duration is known.
      await expect.poll(() => player.evaluate((el: HTMLMediaElement) => (Number.isFinite(el.duration) ? el.duration : 0)), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    const file = page.locator('[data-kind="file"]').getByRole('link', { name: /^Download / });
    await expect(file).toHaveAttribute('download', /.*/);
    const response = await page.request.get((await file.getAttribute('href'))!);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('broken media URLs show a clear fallback, not a blank box', async ({ page, relay }) => {
    await page.goto(relay.url);
    const visitorId = await startChat(page, relay);
    const missing = `${relay.simulator!.url}/media/missing`;
    for (const type of ['image', 'audio', 'video']) expect(await pushTo(relay, visitorId, { type, url: `${missing}.${type}` })).toBe(200);
    await expect(page.locator('[data-kind="image"]')).toContainText(/could not be loaded/i);
    for (const kind of ['audio', 'video']) await expect(page.locator(`[data-kind="${kind}"]`)).toContainText(/could not be (loaded|played)/i);
  });
});
