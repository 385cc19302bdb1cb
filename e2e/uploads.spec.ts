import type { Page } from '@playwright/test';
import { createMediaLibrary } from '../server/standins/media/index.ts';
import { expect, test, type Widget } from './fixtures.testing.ts';
import type { Bot, ReceivedFile } from '../server/testing/playwright.ts';

const media = createMediaLibrary();
const file = (name: string) => {
  const { type, body } = media.get(name)!;
  return { name, mimeType: type, buffer: body };
};

/** The files the platform got, in order. */
const attachmentsSent = (bot: Bot): ReceivedFile[] => bot.received().flatMap((message) => (message.kind === 'attachment' ? message.attachments : []));

/** Opens the chat and says hello, so the visitor exists. */
const startChat = async (page: Page, widget: Widget) => {
  await page.goto('/');
  await widget.send('hello');
  await expect(widget.replies().first()).toBeVisible();
};

/** The bytes the platform would fetch from `data_url` are exactly the visitor's file. */
const expectServed = async (page: Page, url: string, expected: Buffer, type: string) => {
  const response = await page.request.get(url);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe(type);
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(Buffer.compare(await response.body(), expected)).toBe(0);
  return response;
};

test('the attach button sends an image, an audio clip, a video and a file with the matching file_type', async ({ page, widget: w, bot, relay }) => {
  await startChat(page, w);
  const files = [file('picture.png'), file('tone.wav'), file('clip.webm'), file('guide.pdf')];
  await w.upload(files);

  // Sent in the order chosen, each drawn as its kind once the relay has it.
  await expect.poll(() => attachmentsSent(bot).map((a) => a.type), { timeout: 15_000 }).toEqual(['image', 'audio', 'video', 'file']);
  for (const kind of ['image', 'audio', 'video', 'file']) await expect(w.sent().and(page.locator(`[data-kind="${kind}"]`))).toHaveCount(1);
  await expect(w.replies('Thanks, I received your file.')).toHaveCount(1);
  const sent = attachmentsSent(bot);
  for (const [index, attachment] of sent.entries()) {
    expect(attachment.url!.startsWith(`${relay.url}/files/`)).toBe(true);
    const response = await expectServed(page, attachment.url!, files[index]!.buffer, files[index]!.mimeType);
    expect(response.headers()['content-disposition']).toMatch(attachment.type === 'file' ? /^attachment/ : /^inline/);
  }
  // Each contract body: empty content, one attachment.
  const last = bot.received().findLast((message) => message.kind === 'attachment')!.raw as { body: unknown };
  expect(last.body).toMatchObject({ content: '', message_type: 'incoming', event: 'message_created', attachments: [{ file_type: 'file' }] });
});

test('a file dropped on the panel and an image pasted into the composer are sent', async ({ page, widget: w, bot }) => {
  await startChat(page, w);
  const png = media.get('card-square.png')!.body;
  const pdf = media.get('guide.pdf')!.body;
  const drop = await page.evaluateHandle(
    ([bytes, name, type]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
      return transfer;
    },
    [[...pdf], 'dropped.pdf', 'application/pdf'] as const,
  );
  await w.panel.dispatchEvent('dragenter', { dataTransfer: drop });
  await expect(page.locator('[data-chatport="drop"]')).toBeVisible();
  await w.panel.dispatchEvent('drop', { dataTransfer: drop });
  await expect.poll(() => attachmentsSent(bot).map((a) => a.type)).toEqual(['file']);

  await w.composer.evaluate(
    (textarea, bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
      textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    [...png],
  );
  await expect.poll(() => attachmentsSent(bot).map((a) => a.type)).toEqual(['file', 'image']);
  await expectServed(page, attachmentsSent(bot)[1]!.url!, png, 'image/png');
});

test('too large and refused files get a clear message and send nothing', async ({ page, widget: w, bot }) => {
  await startChat(page, w);
  await w.upload([
    { name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) },
    { name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') },
  ]);
  const alerts = w.part('uploadError');
  await expect(alerts.filter({ hasText: 'huge.pdf is too large (max 10 MB)' })).toHaveCount(1);
  await expect(alerts.filter({ hasText: "page.html: this type of file can't be sent" })).toHaveCount(1);
  await page.getByRole('button', { name: 'Dismiss huge.pdf' }).click();
  await expect(alerts).toHaveCount(1);
  expect(attachmentsSent(bot)).toEqual([]);
});

test('an upload shows its progress while it is on its way', async ({ page, widget: w, bot }) => {
  await startChat(page, w);
  // Slow the upload down so the bar can be seen.
  await page.route('**/v1/uploads?**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await w.upload([file('guide.pdf')]);
  await expect(w.part('uploading')).toHaveAccessibleName('Uploading guide.pdf');
  await expect(w.part('uploading')).toHaveCount(0, { timeout: 15_000 });
  await expect.poll(() => attachmentsSent(bot).map((a) => a.type)).toEqual(['file']);
});
