import { isHttpUrl } from '../../../src/protocol/url.ts';
import type { SettingValue } from '../platform.ts';

/** A Chatwoot-family API-channel inbox (Chatwoot, UniLink, OneHash Chat): CHATWOOT_* settings. */
export interface ChatwootSettings {
  kind: 'chatwoot';
  /** CHATWOOT_URL: the server's base URL, e.g. https://chat.example.com (a path prefix is kept). */
  url: string;
  /** CHATWOOT_INBOX_IDENTIFIER: the API inbox's identifier (Settings → Inboxes → Configuration). */
  inboxIdentifier: string;
  /** CHATWOOT_WEBHOOK_SECRET: the inbox's webhook signing secret. Never logged. */
  webhookSecret?: string;
  /** CHATWOOT_SIGNATURE: `upstream` (timestamp.body, 300 s window), `body` (some forks), `off` (unsigned, warned about). */
  signatureMode: 'upstream' | 'body' | 'off';
  /** CHATWOOT_HMAC_TOKEN: the inbox's identity validation token, for identified visitors. Never logged. */
  hmacToken?: string;
  /** CHATWOOT_REALTIME: `webhook` (the inbox callback, default) or `cable` (a socket per active visitor). */
  realtime: 'webhook' | 'cable';
}

export const CHATWOOT_NAMES = ['CHATWOOT_URL', 'CHATWOOT_INBOX_IDENTIFIER'] as const;
/** Every CHATWOOT_* setting, for the help text. */
export const CHATWOOT_SETTINGS = [...CHATWOOT_NAMES, 'CHATWOOT_WEBHOOK_SECRET', 'CHATWOOT_SIGNATURE', 'CHATWOOT_HMAC_TOKEN', 'CHATWOOT_REALTIME'] as const;
const MODES = ['upstream', 'body', 'off'] as const;
const REALTIME = ['webhook', 'cable'] as const;

const oneOf = <T extends string>(raw: string | undefined, allowed: readonly T[], fallback: T, name: string, issues: string[]): T => {
  if (raw === undefined) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  issues.push(`${name}: got "${raw}"; expected one of ${allowed.map((value) => `"${value}"`).join(', ')} (default "${fallback}")`);
  return fallback;
};

/** Reads the CHATWOOT_* settings; every problem goes to `issues`, by name, without echoing secrets. */
export const parseChatwootSettings = (value: SettingValue, issues: string[]): ChatwootSettings | undefined => {
  const url = value('CHATWOOT_URL');
  const inboxIdentifier = value('CHATWOOT_INBOX_IDENTIFIER');
  for (const name of CHATWOOT_NAMES) {
    if (value(name) === undefined)
      issues.push(`${name}: missing; expected it together with ${CHATWOOT_NAMES.filter((n) => n !== name).join(', ')} (both select a Chatwoot API inbox)`);
  }
  if (url !== undefined) {
    const parsed = isHttpUrl(url) ? new URL(url) : undefined;
    if (!parsed || parsed.search || parsed.hash) {
      issues.push(`CHATWOOT_URL: got "${url}"; expected the http(s) address of your Chatwoot server, e.g. https://chat.example.com`);
    }
  }
  if (inboxIdentifier !== undefined && !/^[A-Za-z0-9_-]{1,200}$/.test(inboxIdentifier)) {
    issues.push('CHATWOOT_INBOX_IDENTIFIER: expected the API inbox identifier (letters, digits, - and _), as shown in the inbox settings');
  }
  const realtime = oneOf(value('CHATWOOT_REALTIME'), REALTIME, 'webhook', 'CHATWOOT_REALTIME', issues);
  const explicitMode = value('CHATWOOT_SIGNATURE');
  const signatureMode = oneOf(explicitMode, MODES, 'upstream', 'CHATWOOT_SIGNATURE', issues);
  const webhookSecret = value('CHATWOOT_WEBHOOK_SECRET');
  // Callbacks drive the webhook path: unsigned ones are accepted only when that is chosen by name.
  if (realtime === 'webhook' && signatureMode !== 'off' && webhookSecret === undefined) {
    issues.push(
      "CHATWOOT_WEBHOOK_SECRET: missing; expected the API inbox's webhook secret (Chatwoot 4.13+ signs callbacks with it). " +
        'A server that does not sign needs CHATWOOT_SIGNATURE=off (anyone who knows the URL can then post messages) or CHATWOOT_REALTIME=cable',
    );
  }
  if (webhookSecret !== undefined && webhookSecret.length < 8) issues.push("CHATWOOT_WEBHOOK_SECRET: too short; expected the inbox's webhook secret (at least 8 characters)");
  const hmacToken = value('CHATWOOT_HMAC_TOKEN');
  if (hmacToken !== undefined && hmacToken.length < 8) issues.push("CHATWOOT_HMAC_TOKEN: too short; expected the inbox's identity validation token (at least 8 characters)");
  if (!url || !inboxIdentifier) return undefined;
  return {
    kind: 'chatwoot',
    url: url.replace(/\/+$/, ''),
    inboxIdentifier,
    ...(webhookSecret ? { webhookSecret } : {}),
    signatureMode,
    ...(hmacToken ? { hmacToken } : {}),
    realtime,
  };
};
