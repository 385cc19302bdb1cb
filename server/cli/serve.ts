import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from '../config/index.ts';
import { createLogger } from '../log.ts';
import { packageFile } from '../package/files.ts';
import { startRelayFromConfig } from '../start.ts';

export const SERVE_USAGE = `Usage: chatport serve

Starts the relay. With UCHAT_BOT_URL, UCHAT_API_KEY and UCHAT_VERIFICATION_KEY set it talks to that UChat
workspace; with CHATWOOT_URL and CHATWOOT_INBOX_IDENTIFIER set, to that Chatwoot API inbox; with neither it runs
demo mode against the built-in UChat simulator (or, with --provider chatwoot, the built-in Chatwoot stand-in).
Settings (environment): PORT, PUBLIC_URL, DATA_DIR, CHATPORT_SECRET, ALLOWED_ORIGINS, UCHAT_BOT_URL,
UCHAT_API_KEY, UCHAT_VERIFICATION_KEY, CHATWOOT_URL, CHATWOOT_INBOX_IDENTIFIER, CHATWOOT_WEBHOOK_SECRET,
CHATWOOT_SIGNATURE, CHATWOOT_HMAC_TOKEN, CHATWOOT_REALTIME, CHATPORT_IDENTITY_SECRET, UPLOAD_MAX_BYTES, HOST,
CHATPORT_STORE, PLATFORM_TIMEOUT_MS; demo mode: CHATPORT_DEMO_PROVIDER, SIMULATOR_PORT, SIMULATOR_REPLY_DELAY_MS
(default 600 here, so the typing indicator shows).`;

/** Demo mode keeps a generated secret in DATA_DIR so visitor sessions survive a restart. */
const demoSecret = (dataDir: string): string => {
  const file = join(dataDir, 'demo-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
};

/** `chatport serve`: runs until SIGINT / SIGTERM. */
export const serve = async (overrides: Record<string, string> = {}): Promise<void> => {
  const logger = createLogger();
  const config = loadConfig({ SIMULATOR_REPLY_DELAY_MS: '600', ...process.env, ...overrides }, { demoSecret });
  const started = await startRelayFromConfig({
    config,
    logger,
    demoPage: packageFile('index.html'),
    simulatorPort: Number(process.env['SIMULATOR_PORT'] ?? 0),
  });
  // With PORT=0 only the bound address is known.
  const publicUrl = config.port === 0 ? started.relay.url : config.publicUrl;
  const chatwoot = started.config.chatwoot;
  const lines =
    config.mode === 'demo'
      ? [
          '',
          chatwoot
            ? `  Chatport is running in DEMO MODE against the built-in Chatwoot stand-in: its demo agent answers.`
            : `  Chatport is running in DEMO MODE (no UCHAT_* settings): the built-in UChat simulator plays the bot.`,
          `  Open ${publicUrl}/ to chat with it.`,
          chatwoot ? `  Stand-in: ${started.simulatorUrl}` : `  Simulator: ${started.simulatorUrl}  (QA control API under /_simulator/)`,
          '',
        ]
      : chatwoot
        ? [
            '',
            `  Chatport relay is running for the Chatwoot inbox ${chatwoot.inboxIdentifier} at ${chatwoot.url} (${chatwoot.realtime} path).`,
            chatwoot.realtime === 'webhook' ? `  Set the API inbox's webhook URL to: ${publicUrl}/webhooks/chatwoot` : `  Following conversations over ${chatwoot.url}/cable.`,
            `  Embed on your site: <script src="${publicUrl}/embed.js" async></script>`,
            '',
          ]
        : ['', `  Chatport relay is running for UChat.`, `  Webhook URL for UChat: ${publicUrl}/webhooks/uchat`, `  Embed on your site: <script src="${publicUrl}/embed.js" async></script>`, ''];
  process.stdout.write(lines.join('\n') + '\n');

  const stop = async (signal: string) => {
    logger.info('relay.stopping', { signal });
    await started.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
};
