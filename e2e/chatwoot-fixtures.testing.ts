import type { Page } from '@playwright/test';
import { expect, startDemoRelay, test as base, widget, type StartedRelay } from './fixtures.testing.ts';

export { expect, widget };

export const CHATWOOT_DEMO = { CHATPORT_DEMO_PROVIDER: 'chatwoot', SIMULATOR_REPLY_DELAY_MS: '50' };

/** Demo mode against the Chatwoot stand-in: its demo agent answers with a menu of every Chatwoot message type. */
export const test = base.extend<{ chatwoot: StartedRelay }>({
  chatwoot: async ({}, use) => {
    const relay = await startDemoRelay(CHATWOOT_DEMO);
    await use(relay);
    await relay.close();
  },
});

/** The agent's messages (the stand-in's agent writes as a person; CSAT surveys come without a sender, as the bot). */
export const agentMessages = (page: Page) => page.locator('[data-author="agent"], [data-author="bot"]');

/** Opens the widget, says hello, waits for the menu; returns the stand-in's conversation id for this visitor. */
export const startChatwootChat = async (page: Page, relay: StartedRelay, text = 'hello', url = relay.url): Promise<number> => {
  const w = widget(page);
  await page.goto(url);
  await w.launcher.click();
  await w.composer.fill(text);
  await w.composer.press('Enter');
  await expect(page.locator('[data-kind="select"]').last()).toBeVisible();
  const conversation = relay.standin!.conversations.at(-1);
  if (!conversation) throw new Error('the stand-in has no conversation');
  return conversation.id;
};

/** Picks an entry of the demo agent's latest menu. */
export const pick = async (page: Page, title: string) => {
  await page.locator('[data-kind="select"]').last().getByRole('button', { name: title }).click();
};
