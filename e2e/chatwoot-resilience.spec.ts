import { identityHash } from '../server/identity/index.ts';
import { agentMessages, CHATWOOT_DEMO, expect, startChatwootChat, test, widget } from './chatwoot-fixtures.testing.ts';
import { startDemoRelay, startHostSite } from './fixtures.testing.ts';

test('messages written while the Chatwoot server is down are delivered later, in order, and nothing is lost', async ({ page, chatwoot }) => {
  const w = widget(page);
  await startChatwootChat(page, chatwoot);
  const standin = chatwoot.standin!;
  // The read receipt for the greeting goes first, so the faults below meet the messages only.
  await expect.poll(() => standin.received.some((r) => r.path.endsWith('/update_last_seen'))).toBe(true);
  // The next calls fail: a 500, a 503, then a dropped connection. Sent through the JS API, so no typing
  // signal takes a fault before the messages do.
  standin.faults.push({ kind: 'status', status: 500 }, { kind: 'status', status: 503 }, { kind: 'reset' });
  for (const text of ['first while down', 'second while down', 'third while down']) {
    await page.evaluate((t) => (window as unknown as { Chatport(command: string, text: string): void }).Chatport('send', t), text);
  }
  await expect(w.visitorMessages.filter({ hasText: 'while down' })).toHaveCount(3);
  await expect
    .poll(() => standin.messages.filter((m) => m.message_type === 0 && m.content?.includes('while down')).map((m) => m.content), { timeout: 20_000 })
    .toEqual(['first while down', 'second while down', 'third while down']);
  // The first message took every fault: it was posted again until Chatwoot took it, and the others waited behind it.
  const posts = standin.received.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')).map((r) => (r.body as { content?: string } | undefined)?.content);
  expect(posts.filter((content) => content === 'first while down').length).toBe(4);
  expect(posts.filter((content) => content?.includes('while down'))).toEqual(['first while down', 'first while down', 'first while down', 'first while down', 'second while down', 'third while down']);
  await expect(agentMessages(page).filter({ hasText: 'You said: third while down' })).toHaveCount(1);
  // Accepted, then read: the demo agent opens the conversation before it answers.
  await expect(w.visitorMessages.filter({ hasText: 'third while down' })).toHaveAttribute('data-status', 'read');
});

test('a conversation reloads with its history, answered questions and all', async ({ page, chatwoot }) => {
  await startChatwootChat(page, chatwoot);
  await page.locator('[data-kind="select"]').last().getByRole('button', { name: 'Help articles' }).click();
  await expect(page.locator('[data-kind="articles"]')).toBeVisible();
  await page.reload();
  await widget(page).launcher.click();
  await expect(page.locator('[data-kind="articles"]')).toBeVisible();
  await expect(page.locator('[data-kind="select"]').first().locator('[data-chatport="chosen"]')).toHaveText('Help articles');
  await expect(widget(page).visitorMessages.filter({ hasText: 'Help articles' })).toHaveCount(1);
});

test('an identified visitor is one verified Chatwoot contact on every device', async ({ browser }) => {
  const SECRET = 'e2e-identity-secret-'.padEnd(48, 'i');
  const user = { id: 'customer-2002', name: 'Grace Hopper', email: 'grace@example.com' };
  const identity = JSON.stringify({ ...user, hash: identityHash(SECRET, user.id) });
  let relayUrl = '';
  const site = await startHostSite(
    () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>
<script>window.Chatport=window.Chatport||function(){(window.Chatport.q=window.Chatport.q||[]).push(arguments)};Chatport('identify', ${identity});</script>
<script src="${relayUrl}/embed.js" async></script></body></html>`,
  );
  const relay = await startDemoRelay({ ...CHATWOOT_DEMO, CHATPORT_IDENTITY_SECRET: SECRET, ALLOWED_ORIGINS: site.url });
  relayUrl = relay.url;
  const [laptop, phone] = [await browser.newContext(), await browser.newContext()];
  try {
    const a = await laptop.newPage();
    await startChatwootChat(a, relay, 'hello from the laptop', site.url);
    const standin = relay.standin!;
    // Sent with identifier + identifier_hash, then verified by the follow-up update
    // (docs/platforms/chatwoot.md#identity).
    await expect.poll(() => standin.contacts.find((c) => c.identifier === user.id)?.email).toBe(user.email);
    await expect.poll(() => standin.contactInboxes.some((row) => row.hmac_verified)).toBe(true);

    const b = await phone.newPage();
    await b.goto(site.url);
    await widget(b).launcher.click();
    await expect(widget(b).visitorMessages.filter({ hasText: 'hello from the laptop' })).toHaveCount(1);
    await widget(b).composer.fill('and from the phone');
    await widget(b).composer.press('Enter');
    await expect(agentMessages(a).filter({ hasText: 'You said: and from the phone' })).toHaveCount(1);
    expect(standin.contacts.filter((c) => c.identifier === user.id)).toHaveLength(1);
  } finally {
    await Promise.all([laptop.close(), phone.close()]);
    await relay.close();
    await site.close();
  }
});
