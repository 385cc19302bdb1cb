import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../config/index.ts';
import { createLogger } from '../log.ts';
import { startRelayFromConfig, type Started } from '../start.ts';
import { createBot } from './bot.ts';
import { createChatwootDriver } from './chatwoot.ts';
import type { Driver } from './driver.ts';
import { createHostPages } from './host-page.ts';
import { attachInternals } from './internals.ts';
import type { Chatport, ChatportOptions, Platform } from './types.ts';
import { createUchatDriver } from './uchat.ts';

const PLATFORMS: readonly Platform[] = ['uchat', 'chatwoot'];
/** Log lines kept for a failing test's report; older ones are dropped. */
const LOG_LINES = 2000;

/**
 * Starts a relay against the chosen platform's stand-in, each on a free loopback port, with a test page on an origin
 * of its own that embeds the widget. Everything stays on this machine; `stop()` ends it and removes its data.
 *
 * @example
 * const chatport = await startChatport({ platform: 'chatwoot' });
 * chatport.bot.on('hi').reply('Hello!');
 * // …open chatport.pageUrl() in a browser…
 * await chatport.stop();
 */
export const startChatport = async ({
  platform = 'uchat',
  store = 'sqlite',
  locale = 'en',
  identitySecret = randomBytes(32).toString('hex'),
  replyDelayMs = 0,
  page,
  relayPort = 0,
  widget = {},
  env = {},
}: ChatportOptions = {}): Promise<Chatport> => {
  if (!PLATFORMS.includes(platform)) throw new Error(`startChatport: platform is "uchat" or "chatwoot", got "${String(platform)}"`);
  if (store !== 'sqlite' && store !== 'memory') throw new Error(`startChatport: store is "sqlite" or "memory", got "${String(store)}"`);
  if (!Number.isInteger(replyDelayMs) || replyDelayMs < 0 || replyDelayMs > 60_000)
    throw new Error(`startChatport: replyDelayMs is milliseconds from 0 to 60000, got ${replyDelayMs}`);
  const pageOrigin = page === undefined ? undefined : new URL(page).origin;

  const lines: string[] = [];
  const logger = createLogger({ level: 'info', write: (line) => void (lines.push(line) > LOG_LINES && lines.shift()) });
  const dataDir = mkdtempSync(join(tmpdir(), 'chatport-kit-'));
  // A process that ends without stop() (a test runner exiting early) still leaves no data behind.
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  process.on('exit', removeData);

  const cleanup: (() => Promise<void> | void)[] = [removeData, () => void process.off('exit', removeData)];
  const undo = async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    let relayUrl = '';
    const pages = await createHostPages({ relayUrl: () => relayUrl, identitySecret: identitySecret || undefined, lang: locale, widget });
    cleanup.push(pages.close);
    const driver: Driver = platform === 'uchat' ? await createUchatDriver({ logger, replyDelayMs, host: pages.host }) : await createChatwootDriver({ logger, replyDelayMs });
    cleanup.push(() => driver.close());
    const bot = createBot(driver, { replyDelayMs });

    // Sessions survive a restart: the same secret signs them.
    const secret = randomBytes(32).toString('hex');
    const configFor = (port: number): Config => {
      const config = loadConfig({
        HOST: '127.0.0.1',
        PORT: String(port),
        ...(port ? { PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
        DATA_DIR: dataDir,
        CHATPORT_STORE: store,
        CHATPORT_SECRET: secret,
        ...(identitySecret === false ? {} : { CHATPORT_IDENTITY_SECRET: identitySecret }),
        CHATPORT_DEMO_PROVIDER: platform,
        ALLOWED_ORIGINS: [pages.url, ...(pageOrigin ? [pageOrigin] : [])].join(','),
        SHUTDOWN_GRACE_MS: '1000',
        ...env,
      });
      if (config.mode !== 'demo') throw new Error(`startChatport: the kit runs against its ${platform} stand-in; leave the ${config.mode} platform settings out of env`);
      return config;
    };
    // Retries come within 2 s (60 s in production), so an outage test does not wait long for the relay to try again.
    const start = (port: number) =>
      startRelayFromConfig({ config: configFor(port), logger, platforms: driver.platformOptions, relayOptions: { outboxDelays: { maxDelayMs: 2000 } } });
    let started: Started = await start(relayPort);
    cleanup.push(() => started.close());
    relayUrl = started.relay.url;
    const port = started.relay.port;

    let stopping: Promise<void> | undefined;
    const chatport: Chatport = {
      platform,
      url: relayUrl,
      standInUrl: driver.standInUrl,
      pageUrl: (options) => (options === undefined && page !== undefined ? page : pages.pageUrl(options)),
      bot,
      dropStreams: () => started.relay.dropStreams(),
      async restart() {
        await started.close();
        started = await start(port);
      },
      reset: () => bot.reset(),
      logs: () => [...lines],
      stop: () => (stopping ??= undo()),
    };
    attachInternals(chatport, { started: () => started, driver, dataDir });
    return chatport;
  } catch (error) {
    await undo();
    throw error;
  }
};
