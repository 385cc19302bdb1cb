import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config/index.ts';
import { createLogger } from '../log.ts';
import { packageFile } from '../package/files.ts';
import { PLATFORMS, runningPlatform, type PlatformName } from '../providers/index.ts';
import { startRelayFromConfig, type Started } from '../start.ts';
import { describeStartupError, StartupError } from './startup-errors.ts';
import type { CliIo } from './command.ts';

/** `[--provider uchat|chatwoot]`: demo mode's platform, one of the list. */
export const PROVIDER_OPTION = `[--provider ${PLATFORMS.map((platform) => platform.name).join('|')}]`;

/** "a, b and c" */
const and = (items: readonly string[]): string => (items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items.join(''));

/** Breaks a paragraph into lines of at most `width` characters, between words. */
const wrap = (text: string, width = 115): string =>
  text
    .split(' ')
    .reduce<string[]>((lines, word) => {
      const last = lines.at(-1);
      if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
      return lines;
    }, [])
    .join('\n');

const [demoDefault, ...demoOthers] = PLATFORMS;
const choosing = PLATFORMS.map(
  (platform, index) => `${index === 0 ? 'With' : 'with'} ${and(platform.settings.selectors)} set${index === 0 ? ' it talks to' : ', to'} ${platform.connects}`,
).join('; ');
const demoChoices = demoOthers.map((platform) => `with --provider ${platform.name}, ${platform.standInName}`).join(', or ');
const SETTINGS = [
  ...['PORT', 'PUBLIC_URL', 'DATA_DIR', 'CHATPORT_SECRET', 'ALLOWED_ORIGINS'],
  ...PLATFORMS.flatMap((platform) => platform.settings.names),
  ...[
    'CHATPORT_IDENTITY_SECRET',
    'UPLOAD_MAX_BYTES',
    'HOST',
    'CHATPORT_STORE',
    'DATABASE_URL',
    'DATABASE_POOL_SIZE',
    'DATABASE_WAIT_MS',
    'REDIS_URL',
    'OUTBOX_LEASE_MS',
    'PLATFORM_TIMEOUT_MS',
    'TRUST_PROXY',
    'TRUST_PROXY_HEADER',
  ],
  ...['UPLOAD_QUOTA_VISITOR_BYTES', 'UPLOAD_QUOTA_TOTAL_BYTES', 'DISK_FREE_MIN_UPLOADS', 'DISK_FREE_MIN_MESSAGES', 'STREAMS_PER_VISITOR'],
  ...['STREAMS_PER_ADDRESS', 'STREAM_STALL_MS', 'RETENTION_DAYS', 'LOG_LEVEL', 'METRICS_TOKEN', 'METRICS_PORT', 'METRICS_HOST', 'SHUTDOWN_GRACE_MS'],
];

export const SERVE_USAGE = [
  `Usage: chatport serve ${PROVIDER_OPTION}`,
  '',
  wrap(
    `Starts the relay. ${choosing}; with ${PLATFORMS.length > 2 ? 'none' : 'neither'} it runs demo mode against ${demoDefault.standInName}${demoChoices ? ` (or, ${demoChoices})` : ''}.`,
  ),
  wrap(
    `Settings (environment): ${SETTINGS.join(', ')}; demo mode: CHATPORT_DEMO_PROVIDER, SIMULATOR_PORT, SIMULATOR_REPLY_DELAY_MS (default 600 here, so the typing indicator shows).`,
  ),
  wrap('SIGTERM or SIGINT stops it gracefully (streams end, deliveries in flight finish within SHUTDOWN_GRACE_MS); a second signal stops it at once.'),
].join('\n');

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

const FLAGS = { provider: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** `chatport serve [--provider <platform>]`; resolves once started (undefined) or with an exit status. */
export const runServe = async (argv: string[], io: CliIo): Promise<number | undefined> => {
  let values: { provider?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    // Node's message names the option only, never a value.
    io.stderr(`chatport serve: ${error instanceof Error ? error.message.split(/\. To specify|\n/)[0] : 'cannot read the arguments'}; see chatport serve --help\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(SERVE_USAGE + '\n');
    return 0;
  }
  // `--provider chatwoot`: demo mode against that platform's stand-in (the same as CHATPORT_DEMO_PROVIDER).
  await serve(io.env, values.provider === undefined ? {} : { CHATPORT_DEMO_PROVIDER: values.provider });
  return undefined;
};

/** Which setting names each port this process listens on, for a port that cannot be taken. */
const portSettings = (config: Config, env: Record<string, string | undefined>): Record<number, string> => ({
  ...(env['SIMULATOR_PORT'] ? { [Number(env['SIMULATOR_PORT'])]: 'SIMULATOR_PORT' } : {}),
  ...(config.ops.metricsPort ? { [config.ops.metricsPort]: 'METRICS_PORT' } : {}),
  [config.port]: 'PORT',
});

/** `chatport serve`: runs until SIGINT / SIGTERM. Start-up failures become one StartupError line each. */
export const serve = async (env: Record<string, string | undefined>, overrides: Record<string, string> = {}): Promise<void> => {
  let config: Config;
  try {
    config = loadConfig({ SIMULATOR_REPLY_DELAY_MS: '600', ...env, ...overrides }, { demoSecret });
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // Demo mode keeps its secret under DATA_DIR, so an unusable DATA_DIR shows up here first.
    throw new StartupError(describeStartupError(error, { ports: {}, dataDir: env['DATA_DIR']?.trim() || './data' }));
  }
  const logger = createLogger({ level: config.ops.logLevel });
  let started: Started;
  try {
    started = await startRelayFromConfig({
      config,
      logger,
      demoPage: packageFile('index.html'),
      standInPort: Number(env['SIMULATOR_PORT'] ?? 0),
    });
  } catch (error) {
    throw new StartupError(describeStartupError(error, { ports: portSettings(config, env), dataDir: config.dataDir }));
  }
  // With PORT=0 only the bound address is known.
  const publicUrl = config.port === 0 ? started.relay.url : config.publicUrl;
  const lines = ['', ...bannerLines(started, publicUrl).map((line) => `  ${line}`), ''];
  if (started.relay.metricsUrl) lines.splice(-1, 0, `  Metrics: ${started.relay.metricsUrl}/metrics`);
  // Before the banner: whoever waits for it may stop the relay at once.
  handleSignals(started, logger, config.ops.shutdownGraceMs);
  process.stdout.write(lines.join('\n') + '\n');
};

/** What the running platform says about itself, with where to chat (demo mode) or what to embed. */
const bannerLines = (started: Started, publicUrl: string): string[] => {
  const { config, standInUrl } = started;
  const platform = runningPlatform(config);
  const { headline, details } = platform.banner({ settings: config[platform.name as PlatformName], publicUrl, ...(standInUrl ? { standInUrl } : {}) });
  return config.mode === 'demo'
    ? [headline, `Open ${publicUrl}/ to chat with it.`, ...details]
    : [headline, ...details, `Embed on your site: <script src="${publicUrl}/embed.js" async></script>`];
};

/** The first SIGTERM / SIGINT stops gracefully and exits 0; a second one exits at once. */
const handleSignals = (started: Started, logger: ReturnType<typeof createLogger>, graceMs: number) => {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn('relay.stopped_at_once', { signal });
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stopping = true;
    const began = performance.now();
    logger.info('relay.stopping', { signal, graceMs });
    try {
      await started.close();
    } catch (error) {
      logger.error('relay.stop_failed', { reason: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    }
    logger.info('relay.stopped', { signal, ms: Math.round(performance.now() - began) });
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
};
