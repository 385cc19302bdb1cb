import { createHmac } from 'node:crypto';
import type { Page } from '@playwright/test';
import { createWidget, expect, test } from './fixtures.testing.ts';

// The site owner's JavaScript API on a customer's site: each command, its events, and the chatport:* DOM events.
const IDENTITY_SECRET = 'site-identity-secret-'.padEnd(48, 's');
test.use({ chatport: { identitySecret: IDENTITY_SECRET } });

type Cp = (command: string, ...args: unknown[]) => void;
interface Recorded {
  calls: string[];
  dom: string[];
}

/** Opens the site with every `chatport:*` DOM event recorded, and waits for the API to be ready. */
const openSite = async (page: Page) => {
  await page.addInitScript(() => {
    const rec = { calls: [] as string[], dom: [] as string[] };
    (window as unknown as { rec: typeof rec }).rec = rec;
    for (const name of ['ready', 'open', 'close', 'message', 'error']) {
      addEventListener(`chatport:${name}`, (e) => {
        const detail = (e as CustomEvent<{ author?: string; body?: { text?: string }; message?: string } | undefined>).detail;
        rec.dom.push(detail?.author ? `${name}:${detail.author}:${detail.body?.text ?? ''}` : detail?.message ? `${name}:${detail.message}` : name);
      });
    }
  });
  await page.goto('/');
  await expect.poll(() => page.evaluate(() => (window as unknown as { rec: Recorded }).rec.dom)).toContain('ready');
};
const cp = (page: Page, command: string, ...args: unknown[]) =>
  page.evaluate(([c, a]) => (window as unknown as { Chatport: Cp }).Chatport(c as string, ...(a as unknown[])), [command, args] as const);
const rec = (page: Page) => page.evaluate(() => (window as unknown as { rec: Recorded }).rec);
/** Registers an `on` listener that records into rec.calls under `label`. */
const listen = (page: Page, event: string, label = event) =>
  page.evaluate(
    ([e, l]) => {
      const w = window as unknown as { Chatport: Cp; rec: Recorded; fns: Record<string, unknown> };
      const fn = (p?: { author?: string; body?: { text?: string } }) => w.rec.calls.push(p?.author ? `${l}:${p.author}:${p.body?.text ?? ''}` : l);
      (w.fns ||= {})[l] = fn;
      w.Chatport('on', e, fn);
    },
    [event, label] as const,
  );
const unlisten = (page: Page, event: string, label = event) =>
  page.evaluate(
    ([e, l]) => {
      const w = window as unknown as { Chatport: Cp; fns: Record<string, unknown> };
      w.Chatport('off', e, w.fns[l]);
    },
    [event, label] as const,
  );

test.describe('JavaScript API', () => {
  test('open, close and toggle drive the panel and fire open/close to listeners and as DOM events', async ({ page, widget: w }) => {
    await openSite(page);
    await listen(page, 'open');
    await listen(page, 'close');
    await cp(page, 'open');
    await expect(w.panel).toBeVisible();
    await cp(page, 'close');
    await expect(w.panel).toBeHidden();
    await cp(page, 'toggle');
    await expect(w.panel).toBeVisible();
    await cp(page, 'toggle');
    await expect(w.panel).toBeHidden();
    // The visitor's own presses fire them too.
    await w.launcher.click();
    await expect(w.panel).toBeVisible();
    await expect.poll(async () => (await rec(page)).calls).toEqual(['open', 'close', 'open', 'close', 'open']);
    expect((await rec(page)).dom).toEqual(['ready', 'open', 'close', 'open', 'close', 'open']);
  });

  test('send(text) sends as the visitor; message fires for the bot reply; off stops a listener', async ({ page, widget: w }) => {
    await openSite(page);
    await listen(page, 'message');
    await cp(page, 'send', 'sent by the site');
    await expect.poll(async () => (await rec(page)).calls).toEqual([expect.stringMatching(/^message:bot:.*sent by the site/)]);
    await w.open();
    await expect(w.sent('sent by the site')).toHaveCount(1);
    await unlisten(page, 'message');
    await cp(page, 'send', 'second one');
    await expect(w.replies('second one')).toHaveCount(1);
    const { calls, dom } = await rec(page);
    expect(calls).toHaveLength(1);
    expect(dom.filter((d) => d.startsWith('message:bot:'))).toHaveLength(2);
  });

  test('an unknown command fires error and warns, without throwing', async ({ page }) => {
    await openSite(page);
    const warnings: string[] = [];
    page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    await listen(page, 'error');
    await cp(page, 'opne');
    await expect.poll(async () => (await rec(page)).dom).toContain('error:unknown command: opne');
    expect((await rec(page)).calls).toEqual(['error']);
    expect(warnings.some((t) => t.includes('unknown command: opne'))).toBe(true);
  });

  test('reset forgets the visitor: the next open starts a new conversation', async ({ page, widget: w, bot }) => {
    await openSite(page);
    await w.send('before reset');
    await expect(w.replies('before reset')).toHaveCount(1);
    await cp(page, 'close');
    await cp(page, 'reset');
    await cp(page, 'open');
    await w.send('after reset');
    await expect(w.replies('after reset')).toHaveCount(1);
    await expect(w.sent()).toHaveCount(1);
    const senders = bot.received().map((message) => message.conversation);
    expect(senders).toHaveLength(2);
    expect(senders[0]).not.toBe(senders[1]);
    // After a reload the new visitor is the one resumed.
    await page.reload();
    await w.open();
    await expect(w.sent()).toHaveText([/after reset/]);
  });

  test('destroy removes the widget and the API; installing the script again works', async ({ page, widget: w, relay }) => {
    await openSite(page);
    await cp(page, 'open');
    await expect(w.panel).toBeVisible();
    await cp(page, 'destroy');
    await expect(page.locator('[data-chatport-host]')).toHaveCount(0);
    expect(await page.evaluate(() => typeof (window as unknown as { Chatport?: unknown }).Chatport)).toBe('undefined');
    await page.evaluate((src) => {
      const s = document.createElement('script');
      s.src = src;
      document.body.append(s);
    }, `${relay.url}/embed.js?again`);
    await w.send('installed again');
    await expect(w.replies('installed again')).toHaveCount(1);
    await expect(page.locator('[data-chatport-host]')).toHaveCount(1);
  });

  test('identify with a valid hash gives the identified visitor one conversation on every device', async ({ page, browser, widget: w }) => {
    const identity = { id: 'customer-42', name: 'Ada', email: 'ada@example.com', hash: createHmac('sha256', IDENTITY_SECRET).update('customer-42').digest('hex') };
    await openSite(page);
    await cp(page, 'identify', identity);
    await cp(page, 'open');
    await w.send('from my laptop');
    await expect(w.replies('from my laptop')).toHaveCount(1);

    // Another device (a fresh browser context): identifying as the same user shows the same conversation.
    const other = await browser.newContext();
    const phone = await other.newPage();
    await openSite(phone);
    await cp(phone, 'identify', identity);
    await cp(phone, 'open');
    await expect(createWidget(phone).sent('from my laptop')).toHaveCount(1);

    // A wrong hash claims nothing: that device does not see the conversation.
    const stranger = await (await browser.newContext()).newPage();
    await openSite(stranger);
    await stranger.evaluate(() =>
      addEventListener('chatport:error', (e) => ((window as unknown as { errors: string[] }).errors ??= []).push((e as CustomEvent<{ message: string }>).detail.message)),
    );
    await cp(stranger, 'identify', { ...identity, hash: 'f'.repeat(64) });
    await cp(stranger, 'open');
    // The site owner hears why, once; the visitor goes on chatting anonymously, in a conversation of their own.
    await expect.poll(() => stranger.evaluate(() => (window as unknown as { errors?: string[] }).errors ?? [])).toEqual([expect.stringMatching(/^identify: /)]);
    const sw = createWidget(stranger);
    await sw.send('just a stranger');
    await expect(sw.replies('just a stranger')).toHaveCount(1);
    await expect(sw.sent('from my laptop')).toHaveCount(0);
    await other.close();
    await stranger.context().close();
  });
});
