import type { Page } from '@playwright/test';
import { createMediaLibrary } from '../server/standins/media/index.ts';
import { expect, startChat, test, widget, type StartedRelay } from './fixtures.testing.ts';

const media = createMediaLibrary();
const file = (name: string) => {
  const { type, body } = media.get(name)!;
  return { name, mimeType: type, buffer: body };
};

type Attachment = { file_type: string; data_url: string };
const attachmentsSent = (relay: StartedRelay): Attachment[] =>
  relay.simulator!.received.flatMap((r) => ((r.body as { attachments?: Attachment[] }).attachments ?? []));

/** The bytes the platform would fetch from `data_url` are exactly the visitor's file. */
const expectServed = async (page: Page, url: string, expected: Buffer, type: string) => {
  const response = await page.request.get(url);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe(type);
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(Buffer.compare(await response.body(), expected)).toBe(0);
  return response;
};

test('the attach button sends an image, an audio clip, a video and a file with the matching file_type', async ({ page, relay }) => {
  await page.goto(relay.url);
  await startChat(page, relay);
  const w = widget(page);
  const files = [file('picture.png'), file('tone.wav'), file('clip.webm'), file('guide.pdf')];
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach a file' }).click();
  await (await chooser).setFiles(files);

  // Sent in the order chosen, each drawn as its kind once the relay has it.
  await expect.poll(() => attachmentsSent(relay).map((a) => a.file_type), { timeout: 15_000 }).toEqual(['image', 'audio', 'video', 'file']);
  for (const kind of ['image', 'audio', 'video', 'file']) await expect(w.visitorMessages.and(page.locator(`[data-kind="${kind}"]`))).toHaveCount(1);
  await expect(w.botMessages.filter({ hasText: 'Thanks, I received your file.' })).toHaveCount(1);
  const sent = attachmentsSent(relay);
  for (const [index, attachment] of sent.entries()) {
    expect(attachment.data_url.startsWith(`${relay.url}/files/`)).toBe(true);
    const response = await expectServed(page, attachment.data_url, files[index]!.buffer, files[index]!.mimeType);
    expect(response.headers()['content-disposition']).toMatch(attachment.file_type === 'file' ? /^attachment/ : /^inline/);
  }
  // Each contract body: empty content, one attachment.
  const last = relay.simulator!.received.findLast((r) => 'attachments' in (r.body as object))!.body;
  expect(last).toMatchObject({ content: '', message_type: 'incoming', event: 'message_created', attachments: [{ file_type: 'file' }] });
});

test('a file dropped on the panel and an image pasted into the composer are sent', async ({ page, relay }) => {
  await page.goto(relay.url);
  await startChat(page, relay);
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
  const panel = page.locator('[data-chatport="panel"]');
  await panel.dispatchEvent('dragenter', { dataTransfer: drop });
  await expect(page.locator('[data-chatport="drop"]')).toBeVisible();
  await panel.dispatchEvent('drop', { dataTransfer: drop });
  await expect.poll(() => attachmentsSent(relay).map((a) => a.file_type)).toEqual(['file']);

  await widget(page).composer.evaluate((textarea, bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
    textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, [...png]);
  await expect.poll(() => attachmentsSent(relay).map((a) => a.file_type)).toEqual(['file', 'image']);
  await expectServed(page, attachmentsSent(relay)[1]!.data_url, png, 'image/png');
});

test('too large and refused files get a clear message and send nothing', async ({ page, relay }) => {
  await page.goto(relay.url);
  await startChat(page, relay);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach a file' }).click();
  await (await chooser).setFiles([
    { name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) },
    { name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') },
  ]);
  const alerts = page.locator('[data-chatport="uploads"] [role="alert"]');
  await expect(alerts.filter({ hasText: 'huge.pdf is too large (max 10 MB)' })).toHaveCount(1);
  await expect(alerts.filter({ hasText: "page.html: this type of file can't be sent" })).toHaveCount(1);
  await page.getByRole('button', { name: 'Dismiss huge.pdf' }).click();
  await expect(alerts).toHaveCount(1);
  expect(attachmentsSent(relay)).toEqual([]);
});

test('an upload shows its progress while it is on its way', async ({ page, relay }) => {
  await page.goto(relay.url);
  await startChat(page, relay);
  // Slow the upload down so the bar can be seen.
  await page.route('**/v1/uploads?**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach a file' }).click();
  await (await chooser).setFiles([file('guide.pdf')]);
  await expect(page.getByRole('progressbar', { name: 'Uploading guide.pdf' })).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 15_000 });
  await expect.poll(() => attachmentsSent(relay).map((a) => a.file_type)).toEqual(['file']);
});
