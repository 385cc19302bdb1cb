import { MAX_UPLOAD_BYTES } from '../../src/protocol/uploads.ts';
import { isHttpUrl } from '../../src/protocol/url.ts';
import { PLATFORMS, type PlatformName, type PlatformSettings } from '../providers/index.ts';
import type { AnyPlatform } from '../providers/platform.ts';
import { parseDatabase, type DatabaseSettings, type StoreKind } from './database.ts';
import { parseProxy, type ProxySettings } from './proxy.ts';
import { parseStorage, type StorageSettings } from './storage.ts';
import { parseStreams, type StreamSettings } from './streams.ts';
import { parseRetention, type RetentionSettings } from './retention.ts';
import { parseOps, type OpsSettings } from './ops.ts';
import { parseCluster, type ClusterSettings } from './cluster.ts';

export type { DatabaseSettings, StoreKind } from './database.ts';
export type { OpsSettings } from './ops.ts';
export type { ClusterSettings } from './cluster.ts';
export type { ProxySettings } from './proxy.ts';
export type { StorageSettings } from './storage.ts';
export type { StreamSettings } from './streams.ts';

/**
 * The relay's settings come from the environment only. Every bad or missing value is reported at once, by name,
 * with what was expected; secret values are never echoed. The chosen platform's settings sit under its name
 * (`config.uchat`, `config.chatwoot`), absent in demo mode until its stand-in is started.
 */
export interface Config extends PlatformSettings {
  /** 'demo' runs against a platform's built-in stand-in (the UChat simulator, or the Chatwoot stand-in). */
  mode: 'demo' | PlatformName;
  /** Demo mode's platform (CHATPORT_DEMO_PROVIDER, or `serve --provider`). */
  demoProvider: PlatformName;
  host: string;
  port: number;
  /** Where browsers and the platform reach this relay; no trailing slash. */
  publicUrl: string;
  dataDir: string;
  store: StoreKind;
  /** The Postgres database (DATABASE_URL, DATABASE_POOL_SIZE); present when the store is postgres. */
  database?: DatabaseSettings;
  secret: string;
  /** Where the secret came from: the setting, or made up in demo mode (kept under DATA_DIR, or in Postgres). */
  secretFrom: 'setting' | 'demo';
  /** Site origins allowed to call the visitor API; always includes the relay's own origin. */
  allowedOrigins: string[];
  /** How long a platform request may take before it counts as failed and is retried. */
  platformTimeoutMs: number;
  /** The largest visitor upload accepted; at most MAX_UPLOAD_BYTES. */
  uploadMaxBytes: number;
  /** CHATPORT_IDENTITY_SECRET: when set, sites may identify visitors (hash = HMAC-SHA256(secret, id)). Never logged. */
  identitySecret?: string;
  /** Demo mode: how long the simulator's bot waits before answering (SIMULATOR_REPLY_DELAY_MS). */
  simulatorReplyDelayMs: number;
  /** TRUST_PROXY*: the reverse proxies whose forwarding headers name the client's address. */
  proxy: ProxySettings;
  /** Upload quotas and the free disk space kept for the database. */
  storage: StorageSettings;
  /** Streams per visitor and per address, and the stall timeout (STREAMS_PER_VISITOR, STREAMS_PER_ADDRESS, STREAM_STALL_MS). */
  streams: StreamSettings;
  /** RETENTION_DAYS: how long conversations are kept (off by default). */
  retention: RetentionSettings;
  /** Logs, metrics access, shutdown (LOG_LEVEL, METRICS_*, SHUTDOWN_GRACE_MS). */
  ops: OpsSettings;
  /** Several relays on one database: signals (REDIS_URL) and outbox leases (OUTBOX_LEASE_MS). */
  cluster: ClusterSettings;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: string[]) {
    super(`Chatport cannot start; fix these settings:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
  }
}

const MIN_SECRET = 32;

export interface LoadOptions {
  /** Supplies a secret in demo mode when CHATPORT_SECRET is unset (the CLI keeps one under DATA_DIR). */
  demoSecret?: (dataDir: string) => string;
  /** The platforms to choose from (the list in server/providers/index.ts; tests add their own). */
  platforms?: readonly AnyPlatform[];
}

export const loadConfig = (env: Record<string, string | undefined>, { demoSecret, platforms = PLATFORMS }: LoadOptions = {}): Config => {
  const issues: string[] = [];
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw === '' ? undefined : raw;
  };
  // Any of a platform's selecting settings chooses it; with none set, the relay runs demo mode.
  const given = platforms.map((platform) => ({ platform, names: platform.settings.selectors.filter((name) => value(name) !== undefined) })).filter(({ names }) => names.length > 0);
  const [chosen, ...others] = given;
  for (const other of others) {
    issues.push(
      `${other.names.join(', ')}: set together with ${chosen!.names.join(', ')}; expected the settings of one platform only (${platforms.map((platform) => platform.settings.pattern).join(' or ')})`,
    );
  }
  const mode = chosen?.platform.name ?? 'demo';
  const names = platforms.map((platform) => platform.name);
  const demoProvider = value('CHATPORT_DEMO_PROVIDER') ?? names[0]!;
  if (!names.includes(demoProvider)) issues.push(`CHATPORT_DEMO_PROVIDER: got "${demoProvider}"; expected ${choices(names)}`);

  const port = parsePort(value('PORT') ?? '8787', issues);
  const publicUrl = parsePublicUrl(value('PUBLIC_URL'), chosen?.platform.title, port, issues);
  const dataDir = value('DATA_DIR') ?? './data';
  const { store, database } = parseDatabase(value, issues);

  let secret = value('CHATPORT_SECRET');
  if (secret !== undefined && secret.length < MIN_SECRET) {
    issues.push(`CHATPORT_SECRET: too short (${secret.length} characters); expected at least ${MIN_SECRET} random characters, e.g. from \`openssl rand -hex 32\``);
  } else if (secret === undefined && mode !== 'demo') {
    issues.push(`CHATPORT_SECRET: missing; expected at least ${MIN_SECRET} random characters that sign visitor sessions, e.g. from \`openssl rand -hex 32\``);
  }

  const timeout = value('PLATFORM_TIMEOUT_MS') ?? '10000';
  if (!/^\d+$/.test(timeout) || Number(timeout) < 100 || Number(timeout) > 120_000) issues.push(`PLATFORM_TIMEOUT_MS: got "${timeout}"; expected milliseconds from 100 to 120000`);
  const uploadMaxBytes = parseUploadMax(value('UPLOAD_MAX_BYTES'), issues);
  const identitySecret = value('CHATPORT_IDENTITY_SECRET');
  if (identitySecret !== undefined && identitySecret.length < MIN_SECRET) {
    issues.push(
      `CHATPORT_IDENTITY_SECRET: too short (${identitySecret.length} characters); expected at least ${MIN_SECRET} random characters shared with your site's server, e.g. from \`openssl rand -hex 32\``,
    );
  }
  const replyDelay = value('SIMULATOR_REPLY_DELAY_MS') ?? '0';
  if (!/^\d+$/.test(replyDelay) || Number(replyDelay) > 60_000) issues.push(`SIMULATOR_REPLY_DELAY_MS: got "${replyDelay}"; expected milliseconds from 0 to 60000`);
  const allowedOrigins = parseOrigins(value('ALLOWED_ORIGINS'), mode, issues);
  const settings = chosen?.platform.settings.parse(value, issues);
  const proxy = parseProxy(value, issues);
  const storage = parseStorage(value, issues);
  const streams = parseStreams(value, issues);
  const retention = parseRetention(value, issues);
  const ops = parseOps(value, issues, { port });
  const cluster = parseCluster(value, issues, { postgres: store === 'postgres', platformTimeoutMs: Number(timeout) });

  if (issues.length > 0) throw new ConfigError(issues);
  const secretFrom = secret === undefined ? 'demo' : 'setting';
  if (secret === undefined) secret = demoSecret?.(dataDir) ?? randomSecret();
  const own = publicUrl ? new URL(publicUrl).origin : undefined;
  return {
    mode: mode as Config['mode'],
    demoProvider: demoProvider as Config['demoProvider'],
    host: value('HOST') ?? (mode === 'demo' ? '127.0.0.1' : '0.0.0.0'),
    port,
    publicUrl: publicUrl!,
    dataDir,
    store,
    ...(database ? { database } : {}),
    secret,
    secretFrom,
    allowedOrigins: [...new Set([...(own ? [own] : []), ...allowedOrigins])],
    ...(settings ? { [mode]: settings } : {}),
    platformTimeoutMs: Number(timeout),
    uploadMaxBytes,
    ...(identitySecret ? { identitySecret } : {}),
    simulatorReplyDelayMs: Number(replyDelay),
    proxy,
    storage,
    streams,
    retention,
    ops,
    cluster,
  };
};

/** `"uchat" (default) or "chatwoot"`: the first is the default. */
const choices = (names: readonly string[]): string => {
  const quoted = names.map((name, index) => `"${name}"${index === 0 ? ' (default)' : ''}`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : quoted.join('');
};

const randomSecret = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');

const parsePort = (raw: string, issues: string[]): number => {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) issues.push(`PORT: got "${raw}"; expected a TCP port number from 0 to 65535`);
  return port;
};

// The widget and the protocol promise MAX_UPLOAD_BYTES at most, so a relay may only lower it.
const parseUploadMax = (raw: string | undefined, issues: string[]): number => {
  if (raw === undefined) return MAX_UPLOAD_BYTES;
  const bytes = Number(raw);
  if (!/^\d+$/.test(raw) || bytes < 1 || bytes > MAX_UPLOAD_BYTES) {
    issues.push(
      `UPLOAD_MAX_BYTES: got "${raw}"; expected a whole number of bytes from 1 to ${MAX_UPLOAD_BYTES} (${MAX_UPLOAD_BYTES / 1024 / 1024} MB, the default; it can only be lowered)`,
    );
  }
  return bytes;
};

const httpUrl = (raw: string): URL | undefined => (isHttpUrl(raw) ? new URL(raw) : undefined);

/** `platform`: the chosen platform's title; undefined in demo mode, where the URL defaults to localhost. */
const parsePublicUrl = (raw: string | undefined, platform: string | undefined, port: number, issues: string[]): string | undefined => {
  if (raw === undefined) {
    if (platform !== undefined) issues.push(`PUBLIC_URL: missing; expected the https URL where ${platform} and browsers reach this relay, e.g. https://chat.example.com`);
    return `http://localhost:${port}`;
  }
  const url = httpUrl(raw);
  if (!url || url.search || url.hash) {
    issues.push(`PUBLIC_URL: got "${raw}"; expected an http(s) URL without query or fragment, e.g. https://chat.example.com`);
    return undefined;
  }
  return url.href.replace(/\/+$/, '');
};

const parseOrigins = (raw: string | undefined, mode: string, issues: string[]): string[] => {
  if (raw === undefined) {
    if (mode !== 'demo')
      issues.push('ALLOWED_ORIGINS: missing; expected the comma-separated origins of the sites that embed the widget, e.g. https://www.example.com,https://shop.example.com');
    return [];
  }
  const origins: string[] = [];
  for (const entry of raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const url = httpUrl(entry);
    if (!url || url.origin !== entry.replace(/\/$/, '')) {
      issues.push(
        `ALLOWED_ORIGINS: "${entry}" is not an origin; expected scheme://host[:port] with no path, e.g. https://www.example.com${entry === '*' ? ' (a wildcard is not accepted: list each site)' : ''}`,
      );
    } else origins.push(url.origin);
  }
  return origins;
};
