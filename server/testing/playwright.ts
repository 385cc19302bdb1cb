/**
 * `chatport/testing/playwright`: the QA kit as Playwright fixtures. A worker-scoped relay with the chosen platform's
 * stand-in and a test page (`relay`), the widget's page object (`widget`) and the platform's scripted bot (`bot`),
 * reset between tests. Options: `test.use({ chatport: { platform: 'chatwoot', … } })` at the top of a file (or in the
 * config's `use`). Combine with your own fixtures through `mergeTests(test, yours)`. Reference: docs/testing.md.
 *
 * @example
 * import { test, expect } from 'chatport/testing/playwright';
 * test('greets', async ({ page, widget, bot }) => {
 *   bot.on('hi').reply('Hello!');
 *   await page.goto('/');
 *   await widget.send('hi');
 *   await expect(widget.lastReply()).toHaveText('Hello!');
 * });
 */
import { test as base, expect } from '@playwright/test';
import { startChatport } from './start.ts';
import type { Bot, Chatport, ChatportOptions } from './types.ts';
import { createWidget, type Widget } from './widget.ts';

export { expect };
export { startChatport } from './start.ts';
export { chromiumPath } from './chromium.ts';
export { createWidget } from './widget.ts';
export { EVENTS, PARTS, wordsFor, type PartName } from './contract.ts';
export type { Carousel, EmailQuestion, Form, Greeting, Rating, UploadFiles, Widget } from './widget.ts';
export type * from './types.ts';

/** The fixtures `test` adds. */
export interface ChatportFixtures {
  /** The widget on `page`, in the `locale` option's language. */
  widget: Widget;
  /** The platform's bot: rules, proactive messages, what it received, outages. Reset between tests. */
  bot: Bot;
}

/** The option a Playwright config or project sets: `defineConfig<object, ChatportWorkerOptions>({ use: { chatport: {...} } })`. */
export interface ChatportWorkerOptions {
  /** Options for the worker's relay: `test.use({ chatport: {...} })` at a file's top level, or a project's `use`. */
  chatport: ChatportOptions;
}

/** The worker-scoped fixtures and options `test` adds. */
export interface ChatportWorkerFixtures extends ChatportWorkerOptions {
  /** The worker's relay, platform stand-in and test page. */
  relay: Chatport;
}

/** Playwright's `test` with the Chatport fixtures; `baseURL` is the test page (or the `page` option) unless the config sets one. */
export const test = base.extend<ChatportFixtures, ChatportWorkerFixtures>({
  chatport: [{}, { scope: 'worker', option: true }],
  relay: [
    async ({ chatport }, use) => {
      const relay = await startChatport(chatport);
      try {
        await use(relay);
      } finally {
        await relay.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  baseURL: async ({ baseURL, chatport, relay }, use) => {
    await use(chatport.page ?? baseURL ?? relay.pageUrl());
  },
  bot: async ({ relay }, use, testInfo) => {
    relay.reset();
    await use(relay.bot);
    // A failing test's report carries the relay's recent log lines.
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('chatport relay log', { body: relay.logs().slice(-300).join('\n'), contentType: 'text/plain' });
    relay.reset();
  },
  widget: async ({ page, chatport }, use) => {
    await use(createWidget(page, { locale: chatport.locale ?? 'en' }));
  },
});
