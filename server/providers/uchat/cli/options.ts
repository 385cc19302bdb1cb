import { parseArgs } from 'node:util';
import { isHttpUrl } from '../../../../src/protocol/url.ts';

/** Where the partner API lives when neither --base-url nor UCHAT_PARTNER_URL says otherwise. */
export const DEFAULT_PARTNER_URL = 'https://www.uchat.com.au';
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The relay refuses shorter keys (server/config), so the command does too. */
export const MIN_VERIFICATION_KEY = 8;

export type Action = 'get' | 'set' | 'remove';

export interface WebhookOptions {
  action: Action;
  baseUrl: string;
  workspaceId: string;
  apiKey: string;
  /** set only: where UChat reaches the relay, no trailing slash. */
  publicUrl?: string;
  verificationKey?: string;
  listen?: { host: string; port: number };
  timeoutMs: number;
}

export type ParsedArgs = { help: true } | { help: false; options: WebhookOptions } | { help: false; issues: string[] };

const FLAGS = {
  'base-url': { type: 'string' },
  workspace: { type: 'string' },
  'api-key': { type: 'string' },
  'public-url': { type: 'string' },
  'verification-key': { type: 'string' },
  listen: { type: 'string' },
  'timeout-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const httpUrl = (raw: string): URL | undefined => {
  const url = isHttpUrl(raw) ? new URL(raw) : undefined;
  return url && !url.search && !url.hash && !url.username ? url : undefined;
};

/**
 * `uchat webhook <action> [flags]` with each setting from its flag or else its environment variable. Every
 * problem is reported at once, by flag and variable name; secret values are never repeated in a message.
 */
export const parseWebhookArgs = (argv: string[], env: Record<string, string | undefined>): ParsedArgs => {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof FLAGS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's message names the flag only (e.g. "Unknown option '--api-kye'"), never a value.
    return { help: false, issues: [error instanceof Error ? error.message.split(/\. To specify|\n/)[0]! : 'cannot read the arguments'] };
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const issues: string[] = [];
  const setting = (flag: keyof typeof FLAGS, name: string) => {
    const raw = (values[flag] as string | undefined) ?? env[name];
    return raw?.trim() ? raw.trim() : undefined;
  };

  const [group, action, ...extra] = positionals;
  if (group !== 'webhook' || !['get', 'set', 'remove'].includes(action ?? '') || extra.length > 0) {
    // Not echoed: a key pasted in the wrong place would land here.
    issues.push('expected `webhook get`, `webhook set` or `webhook remove` followed by options');
  }

  const base = setting('base-url', 'UCHAT_PARTNER_URL') ?? DEFAULT_PARTNER_URL;
  const baseUrl = httpUrl(base);
  if (!baseUrl) issues.push(`--base-url / UCHAT_PARTNER_URL: got "${base}"; expected the http(s) address of UChat (or your white-label domain), e.g. ${DEFAULT_PARTNER_URL}`);
  const workspaceId = setting('workspace', 'UCHAT_WORKSPACE_ID');
  if (!workspaceId) issues.push('--workspace / UCHAT_WORKSPACE_ID: missing; expected the id of the workspace whose API Chat channel to connect');
  const apiKey = setting('api-key', 'UCHAT_PARTNER_API_KEY');
  if (!apiKey) issues.push('--api-key / UCHAT_PARTNER_API_KEY: missing; expected the partner API key (created in the partner workspace; not the flow key)');

  const verificationKey = setting('verification-key', 'UCHAT_VERIFICATION_KEY');
  if (verificationKey !== undefined && (verificationKey.length < MIN_VERIFICATION_KEY || verificationKey.length > 256)) {
    issues.push(
      `--verification-key / UCHAT_VERIFICATION_KEY: expected ${MIN_VERIFICATION_KEY} to 256 characters (${verificationKey.length} given); leave it unset to have one generated`,
    );
  }

  let publicUrl: string | undefined;
  if (action === 'set') {
    const raw = setting('public-url', 'PUBLIC_URL');
    const url = raw === undefined ? undefined : httpUrl(raw);
    if (raw === undefined) issues.push('--public-url / PUBLIC_URL: missing; expected the URL where UChat reaches the relay, e.g. https://chat.example.com');
    else if (!url) issues.push(`--public-url / PUBLIC_URL: got "${raw}"; expected an http(s) URL without query or fragment, e.g. https://chat.example.com`);
    publicUrl = url?.href.replace(/\/+$/, '');
  }

  const listen = values.listen === undefined ? undefined : parseListen(values.listen);
  if (listen === null) issues.push(`--listen: got "${values.listen}"; expected a port or host:port, e.g. 8787 or 127.0.0.1:8787`);
  if (values.listen !== undefined && action !== 'set') issues.push('--listen: only `webhook set` answers a handshake');

  const timeout = values['timeout-ms'] ?? String(DEFAULT_TIMEOUT_MS);
  if (!/^\d+$/.test(timeout) || Number(timeout) < 100 || Number(timeout) > 600_000) issues.push(`--timeout-ms: got "${timeout}"; expected milliseconds from 100 to 600000`);

  if (issues.length > 0) return { help: false, issues };
  return {
    help: false,
    options: {
      action: action as Action,
      // The contract's paths start with /api, so an address that already ends in /api is taken as its parent.
      baseUrl: baseUrl!.href.replace(/\/+$/, '').replace(/\/api$/, ''),
      workspaceId: workspaceId!,
      apiKey: apiKey!,
      ...(publicUrl ? { publicUrl } : {}),
      ...(verificationKey ? { verificationKey } : {}),
      ...(listen ? { listen } : {}),
      timeoutMs: Number(timeout),
    },
  };
};

/** `8787`, `127.0.0.1:8787` or `[::1]:8787`; null when malformed. */
const parseListen = (raw: string): { host: string; port: number } | null => {
  const match = /^(?:(\[[0-9a-f:.]+\]|[\w.-]+):)?(\d{1,5})$/i.exec(raw.trim());
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) return null;
  return { host: match[1]?.replace(/^\[|\]$/g, '') ?? '0.0.0.0', port };
};
