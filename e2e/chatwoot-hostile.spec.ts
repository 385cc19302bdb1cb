import { signatureHeaders } from '../server/standins/chatwoot/index.ts';
import { attachment, messageCreated } from '../server/providers/chatwoot/callbacks.testing.ts';
import { expect, insideOf, test, type Chatport } from './fixtures.testing.ts';

test.use({ chatport: { platform: 'chatwoot', replyDelayMs: 50 } });

/**
 * A callback signed as the stand-in signs it, for content the stand-in's agent cannot write (a location, an
 * integration, malformed cards): built from the relay's own webhook secret, which only Chatport's tests reach.
 */
const callback = async (relay: Chatport, conversationId: number, id: number, extra: Record<string, unknown>) => {
  const { config, standin } = insideOf(relay);
  const sourceId = standin!.contactInboxes.at(-1)!.source_id;
  const payload = messageCreated({ id, created_at: new Date().toISOString(), ...extra });
  const body = JSON.stringify({
    ...payload,
    conversation: { ...payload.conversation, id: conversationId, contact_inbox: { ...payload.conversation.contact_inbox, source_id: sourceId } },
  });
  const headers = signatureHeaders({ mode: 'upstream', key: config.chatwoot!.webhookSecret!, body });
  const response = await fetch(`${relay.url}/webhooks/chatwoot`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return response.status;
};

test('a location, an unknown type and hostile content arrive readable and inert', async ({ page, widget: w, bot, relay: chatwoot }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => (errors.push(`dialog: ${dialog.message()}`), void dialog.dismiss()));
  await page.goto('/');
  await w.send('hello');
  await expect(w.part('select').last()).toBeVisible();
  const conversationId = Number(bot.received()[0]!.conversation);
  const location = attachment('location', { coordinates_lat: 52.52, coordinates_long: 13.405, fallback_title: 'Our shop', data_url: null });
  expect(await callback(chatwoot, conversationId, 9001, { content: null, attachments: [location] })).toBe(200);
  expect(await callback(chatwoot, conversationId, 9002, { content: 'Join the call', content_type: 'integrations', content_attributes: { type: 'dyte', data: {} } })).toBe(200);
  expect(await callback(chatwoot, conversationId, 9003, { content: '<img src=x onerror="alert(1)"><script>alert(2)</script>' })).toBe(200);
  const hostileItems = [
    { title: 'Evil', description: 'x', link: 'javascript:alert(3)' },
    { title: 'Fine', description: 'y', link: 'https://example.com/ok' },
  ];
  expect(await callback(chatwoot, conversationId, 9004, { content: 'Read', content_type: 'article', content_attributes: { items: hostileItems } })).toBe(200);
  const card = { title: 'Card', description: 'd', media_url: 'data:image/png;base64,AAAA', actions: [{ type: 'link', text: 'Go', uri: 'javascript:alert(4)' }] };
  expect(await callback(chatwoot, conversationId, 9005, { content: null, content_type: 'cards', content_attributes: { items: [card] } })).toBe(200);

  const fallbacks = w.messages().and(page.locator('[data-kind="unsupported"]'));
  await expect(fallbacks.filter({ hasText: 'Our shop' })).toContainText('52.52, 13.405');
  await expect(fallbacks.filter({ hasText: /call|integrations|Join/ }).first()).toBeVisible();
  // Markup is text; javascript: and data: addresses never become links or images.
  await expect(w.replies('<script>alert(2)</script>')).toHaveCount(1);
  const articles = w.part('articles');
  await expect(articles.getByRole('link')).toHaveCount(1);
  await expect(articles.getByRole('link')).toHaveAttribute('href', 'https://example.com/ok');
  const hrefs = await w.host.evaluate((host) => [...host.shadowRoot!.querySelectorAll('a[href], img[src]')].map((el) => el.getAttribute('href') ?? el.getAttribute('src')));
  expect(hrefs.filter((value) => /^(javascript|data):/i.test(value ?? ''))).toEqual([]);
  // Still usable.
  await w.send('still here');
  await expect(w.replies('You said: still here')).toHaveCount(1);
  expect(errors).toEqual([]);
});
