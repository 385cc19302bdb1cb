import { isHttpUrl } from '../../../src/protocol/index.ts';
import type { SettingValue } from '../platform.ts';

/** A UChat workspace's API Chat channel: the UCHAT_* settings. */
export interface UchatSettings {
  kind: 'uchat';
  botUrl: string;
  apiKey: string;
  verificationKey: string;
}

export const UCHAT_NAMES = ['UCHAT_BOT_URL', 'UCHAT_API_KEY', 'UCHAT_VERIFICATION_KEY'] as const;

/** Reads the UCHAT_* settings: all three or none; every problem goes to `issues`, by name, without echoing secrets. */
export const parseUchatSettings = (value: SettingValue, issues: string[]): UchatSettings | undefined => {
  const given = UCHAT_NAMES.filter((name) => value(name) !== undefined);
  for (const name of UCHAT_NAMES) {
    if (!given.includes(name)) issues.push(`${name}: missing; expected it together with ${given.join(', ')} (all three UCHAT_* settings connect a workspace; none runs demo mode)`);
  }
  const botUrl = value('UCHAT_BOT_URL');
  const apiKey = value('UCHAT_API_KEY');
  const verificationKey = value('UCHAT_VERIFICATION_KEY');
  if (botUrl !== undefined && !isHttpUrl(botUrl)) issues.push(`UCHAT_BOT_URL: got "${botUrl}"; expected the http(s) bot_url UChat shows for the API Chat channel`);
  if (verificationKey !== undefined && verificationKey.length < 8)
    issues.push('UCHAT_VERIFICATION_KEY: too short; expected the webhook verification key (at least 8 characters) given to UChat when the webhook was set');
  if (!botUrl || !apiKey || !verificationKey) return undefined;
  return { kind: 'uchat', botUrl, apiKey, verificationKey };
};
