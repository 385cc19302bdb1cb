import { signBody } from '../server/providers/uchat/signature.ts';
import { expect, insideOf, test } from './fixtures.testing.ts';

const PWN = 'window.__chatportPwned = (window.__chatportPwned || 0) + 1';
const SCRIPTY = [`<script>${PWN}</script>`, `<img src=x onerror="${PWN}">`, `<svg onload="${PWN}"></svg>`, `"><iframe src="javascript:${PWN}">`];

/** Pushes a bot might send by mistake or an attacker might craft if the workspace were compromised. */
const corpus = (): Record<string, unknown>[] => [
  ...SCRIPTY.map((text) => ({ type: 'text', text })),
  {
    content_type: 'button_template',
    content_attributes: {
      text: SCRIPTY[1],
      buttons: [
        { type: 'web_url', title: 'js link', url: `javascript:${PWN}` },
        { type: 'web_url', title: 'data link', url: `data:text/html,<script>${PWN}</script>` },
        { type: 'postback', title: SCRIPTY[0], payload: SCRIPTY[1] },
        { type: 'call', title: 'unknown kind', payload: '+1' },
      ],
    },
  },
  {
    content_type: 'generic_template',
    content_attributes: {
      ratio: 'square',
      items: [
        {
          title: SCRIPTY[0],
          subtitle: SCRIPTY[2],
          image_url: `javascript:${PWN}`,
          item_url: `javascript:${PWN}`,
          default_action: { type: 'web_url', url: `javascript:${PWN}` },
          buttons: [],
        },
        {
          title: 'data card',
          image_url: 'data:image/svg+xml,<svg onload="alert(1)"/>',
          item_url: 'data:text/html,x',
          buttons: [{ type: 'web_url', title: 'vb', url: 'vbscript:msgbox(1)' }],
        },
      ],
    },
  },
  { type: 'image', url: `javascript:${PWN}` },
  { type: 'video', url: 'data:video/mp4;base64,AAAA' },
  { type: 'file', url: `  JaVaScRiPt:${PWN}` },
  { type: 'text', text: 'x'.repeat(200_000) },
  { type: 'text', text: 'y', content_attributes: { nested: JSON.parse('['.repeat(1000) + ']'.repeat(1000)) } },
  { type: 'text', text: '\u202e\u0000 control characters \u2028 and bidi' },
];

test('hostile pushes render inert: nothing executes, no unsafe link or media, and the widget stays usable', async ({ page, widget: w, bot, relay }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto('/');
  await w.send('hello');
  await expect(w.replies().first()).toBeVisible();

  // Each one a signed push the relay accepts (say rejects when it refuses).
  for (const push of corpus()) await bot.say(bot.raw(push));
  const visitorId = bot.received()[0]!.conversation;
  // A body too deep or too large for the relay is refused with a reason, not a crash.
  const deep = Buffer.from(`{"sender_id":${JSON.stringify(visitorId)},"type":"text","text":"deep","x":${'['.repeat(300_000)}${']'.repeat(300_000)}}`);
  const deepResponse = await fetch(`${relay.url}/webhooks/uchat`, {
    method: 'POST',
    // Signed with the relay's own key, which only Chatport's tests reach: the kit's say() sends what a platform would.
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(insideOf(relay).config.uchat!.verificationKey, deep) },
    body: deep,
  });
  expect([200, 400, 413]).toContain(deepResponse.status);

  await expect(w.log.getByText('control characters')).toBeVisible();
  await expect(w.log.getByText(SCRIPTY[0]!).first()).toBeVisible(); // shown as the literal text
  expect(await page.evaluate(() => (window as { __chatportPwned?: number }).__chatportPwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(pageErrors).toEqual([]);
  for (const selector of ['script', 'iframe', '[onerror]', '[onload]', 'a[href]:not([href^="http"])', 'img:not([src^="http"])', 'video[src]:not([src^="http"])', 'svg [onload]']) {
    await expect(page.locator(`[data-chatport="bubble"] ${selector}`)).toHaveCount(0);
  }
  // Every click target in the transcript is safe to press.
  const links = await page.locator('[data-chatport="bubble"] a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).protocol));
  expect(links.every((protocol) => protocol === 'http:' || protocol === 'https:')).toBe(true);

  // Still usable: the visitor can write and the bot answers.
  await w.send('still here');
  await expect(w.replies('You said: "still here"')).toHaveCount(1);
  expect(await page.evaluate(() => (window as { __chatportPwned?: number }).__chatportPwned)).toBeUndefined();
});
