import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { loadConfig } from '../server/config/index.ts';
import { createCapturingLogger } from '../server/log.ts';
import type { Simulator } from '../server/standins/uchat/index.ts';
import type { ChatwootStandin } from '../server/standins/chatwoot/index.ts';
import { startRelayFromConfig, type Started } from '../server/start.ts';

export { expect };

export const DEMO_PAGE = fileURLToPath(new URL('../index.html', import.meta.url));

export interface StartedRelay extends Started {
  url: string;
  dataDir: string;
  /** The relay's log lines, kept out of the test output (read them when a test needs to). */
  logs: string[];
  /** Demo mode's stand-in: the UChat simulator, or (CHATPORT_DEMO_PROVIDER=chatwoot) the Chatwoot stand-in. */
  simulator?: Simulator;
  standin?: ChatwootStandin;
}

/** A relay in demo mode (sqlite under a temp dir) with its simulator, both on loopback port 0. */
export const startDemoRelay = async (env: Record<string, string> = {}): Promise<StartedRelay> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chatport-e2e-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CHATPORT_SECRET: 'e2e-secret-'.padEnd(48, 'e'), ...env });
  const logger = createCapturingLogger({ level: 'info' });
  const started = await startRelayFromConfig({ config, logger, demoPage: DEMO_PAGE });
  return {
    ...started,
    ...(started.standIns.uchat ? { simulator: started.standIns.uchat } : {}),
    ...(started.standIns.chatwoot ? { standin: started.standIns.chatwoot } : {}),
    url: started.relay.url,
    dataDir,
    logs: logger.lines,
    close: async () => {
      await started.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** A site on another origin that embeds the widget from the relay, like a customer's website. */
export const startHostSite = async (html: () => string): Promise<{ url: string; server: Server; close(): Promise<void> }> => {
  const server = createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html());
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
};

/** A plain customer page whose only Chatport part is the embed script tag. */
export const embedPage = (relayUrl: string, { title = 'Customer site', head = '' } = {}) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><h1>${title}</h1><script src="${relayUrl}/embed.js" async></script></body></html>`;

/** The widget's parts, found by role and accessible name through its open shadow root. */
export const widget = (page: Page) => ({
  launcher: page.getByRole('button', { name: /open chat/i }),
  closeButton: page.getByRole('button', { name: /close chat/i }).first(),
  panel: page.getByRole('dialog'),
  log: page.getByRole('log'),
  composer: page.getByRole('textbox', { name: /message/i }),
  botMessages: page.locator('[data-author="bot"]'),
  visitorMessages: page.locator('[data-author="visitor"]'),
});

export const test = base.extend<{ relay: StartedRelay }>({
  relay: async ({}, use) => {
    const relay = await startDemoRelay();
    await use(relay);
    await relay.close();
  },
});

/** Opens the widget, says hello and waits for the bot, so the visitor exists; returns their UChat `sender.id`. */
export const startChat = async (page: Page, relay: StartedRelay, text = 'hello'): Promise<string> => {
  const w = widget(page);
  await w.launcher.click();
  await w.composer.fill(text);
  await w.composer.press('Enter');
  await expect(w.botMessages.first()).toBeVisible();
  const body = relay.simulator!.received[0]!.body as { sender: { id: string } };
  return body.sender.id;
};

/** A bot push (a contract receive-*.json shape) signed and sent by the simulator to the relay's webhook. */
export const pushTo = async (relay: StartedRelay, visitorId: string, push: Record<string, unknown>): Promise<number> => {
  const { status } = await relay.simulator!.push({ sender_id: visitorId, message_type: 'outgoing', private: false, ...push });
  return status;
};

/** A customer page on its own origin, with its own relay that allows it, its language and script-tag options. */
export const hostPage = async ({ lang = 'en', attrs = '', env = {} as Record<string, string> } = {}) => {
  let relayUrl = '';
  const site = await startHostSite(() => embedPage(relayUrl).replace('lang="en"', `lang="${lang}"`).replace('async>', `async ${attrs}>`));
  const relay = await startDemoRelay({ ALLOWED_ORIGINS: site.url, ...env });
  relayUrl = relay.url;
  return { url: site.url, relay, close: async () => (await relay.close(), await site.close()) };
};
