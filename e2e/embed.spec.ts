import type { Page } from '@playwright/test';
import { expect, test, type Chatport } from './fixtures.testing.ts';

// A customer's site served with a strict Content-Security-Policy: no 'unsafe-inline', no 'unsafe-eval', nothing but
// the relay (and the simulator, which serves the demo bot's media). Inline snippets need a nonce, as the README says.
const NONCE = 'r4nd0mN0nce';
const csp = (relay: Chatport) =>
  `default-src 'none'; script-src ${relay.url} 'nonce-${NONCE}'; style-src ${relay.url}; connect-src ${relay.url}; img-src ${relay.url} ${relay.standInUrl}; media-src ${relay.url} ${relay.standInUrl}`;

const SNIPPET = `<script nonce="${NONCE}">window.Chatport=window.Chatport||function(){(Chatport.q=Chatport.q||[]).push(arguments)};</script>`;

/** The kit's test page with this body, under the strict policy. */
const strictPage = (relay: Chatport, body: string) => relay.pageUrl({ title: 'Strict shop', csp: csp(relay), body: `<h1>Strict shop</h1>${body}` });

/** Every CSP violation the page reports; the test fails on any. */
const watchViolations = async (page: Page) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction('__reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportViolation: (v: string) => void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
};

const widgetRequests = (page: Page) => {
  const urls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/assets/')) urls.push(r.url());
  });
  return urls;
};

test.describe('embedding under a strict CSP', () => {
  test('a full chat works with no policy violation, and nothing is requested from a third party', async ({ page, widget: w, relay }) => {
    const site = strictPage(relay, `<script src="${relay.url}/embed.js" async></script>`);
    const violations = await watchViolations(page);
    const origins = new Set<string>();
    page.on('request', (r) => void origins.add(new URL(r.url()).origin));
    await page.goto(site);
    await w.send('hello under csp');
    await expect(w.replies('hello under csp')).toHaveCount(1);
    // The widget's styles applied (a constructable stylesheet): the launcher is a fixed round button.
    const position = await page.locator('[data-chatport-host]').evaluate((h) => getComputedStyle(h.shadowRoot!.querySelector('[data-chatport="launcher"]')!).position);
    expect(position).toBe('fixed');
    expect(violations).toEqual([]);
    expect([...origins].sort()).toEqual([new URL(site).origin, new URL(relay.url).origin].sort());
  });

  test('the loader draws the launcher before the widget arrives; the widget follows at idle time and takes over', async ({ page, widget: w, relay }) => {
    const site = strictPage(relay, `<script src="${relay.url}/embed.js" async></script>`);
    const violations = await watchViolations(page);
    const requests = widgetRequests(page);
    // Hold the widget module back: the loader's own launcher must already be there, named and usable.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/widget-[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(site);
    await expect(w.launcher).toBeVisible();
    await expect(page.locator('[data-chatport-host]').locator('[data-chatport="root"]')).toHaveCount(0);
    // The page went idle and asked for the widget without any press.
    await expect.poll(() => requests.some((u) => /\/assets\/widget-[\w-]+\.js$/.test(u))).toBe(true);
    // Pressed while the widget is still on its way: the panel opens once it arrives.
    await w.launcher.focus();
    await page.keyboard.press('Enter');
    release();
    await expect(w.panel).toBeVisible();
    await expect(w.composer).toBeFocused();
    await expect(page.locator('[data-chatport-host]').locator('button[aria-label^="Open chat"], button[aria-label^="Close chat"]')).toHaveCount(1);
    // A first-time visitor who has not written creates no session and opens no stream before the panel opens.
    expect(requests.every((u) => u.includes('/assets/'))).toBe(true);
    expect(violations).toEqual([]);
  });

  test('a returning visitor gets the widget at idle time, so replies and the unread count show', async ({ page, widget: w, relay }) => {
    const site = strictPage(relay, `<script src="${relay.url}/embed.js" async></script>`);
    const violations = await watchViolations(page);
    await page.goto(site);
    await w.send('remember me');
    await expect(w.replies('remember me')).toHaveCount(1);
    const requests = widgetRequests(page);
    await page.reload();
    await expect.poll(() => requests.some((u) => /\/assets\/widget-/.test(u))).toBe(true);
    await expect(page.locator('[data-chatport-host]').locator('[data-chatport="root"]')).toHaveCount(1);
    expect(violations).toEqual([]);
  });

  test('the snippet and the script installed twice give one host and one launcher', async ({ page, widget: w, bot, relay }) => {
    const script = `<script src="${relay.url}/embed.js" async></script>`;
    const site = strictPage(relay, `${SNIPPET}${script}${SNIPPET}${script}<script nonce="${NONCE}">Chatport('send', 'only once');</script>`);
    const violations = await watchViolations(page);
    await page.goto(site);
    await expect.poll(() => bot.received()).toEqual([{ kind: 'text', text: 'only once' }]);
    await expect(w.host).toHaveCount(1);
    await expect(w.launcher).toHaveCount(1);
    await w.open();
    await expect(w.replies('only once')).toHaveCount(1);
    await expect(w.sent()).toHaveCount(1);
    expect(violations).toEqual([]);
  });

  test('calls queued before the script loads run in order', async ({ page, widget: w, relay }) => {
    const site = strictPage(
      relay,
      `${SNIPPET}<script nonce="${NONCE}">window.calls = [];
      Chatport('on', 'ready', function () { calls.push('ready'); });
      Chatport('on', 'open', function () { calls.push('open'); });
      Chatport('config', { title: 'Queued help' });
      Chatport('open');
      Chatport('send', 'queued first');
      Chatport('send', 'queued second');</script><script src="${relay.url}/embed.js" async></script>`,
    );
    const violations = await watchViolations(page);
    await page.goto(site);
    await expect(page.getByRole('dialog', { name: 'Queued help' })).toBeVisible();
    await expect(w.sent()).toHaveText([/queued first/, /queued second/]);
    await expect.poll(() => page.evaluate(() => (window as unknown as { calls: string[] }).calls)).toEqual(['ready', 'open']);
    expect(violations).toEqual([]);
  });
});
