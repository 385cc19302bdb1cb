import type { Simulator } from '../../standins/uchat/index.ts';
import type { PlatformDefinition } from '../platform.ts';
import { runUchat } from './cli/webhook.ts';
import { openUchat, type UchatOptions } from './open.ts';
import { parseUchatSettings, UCHAT_NAMES, type UchatSettings } from './settings.ts';

/** UChat's API Chat channel (docs/platforms/uchat.md). */
export const uchat: PlatformDefinition<'uchat', UchatSettings, Simulator, UchatOptions> = {
  name: 'uchat',
  title: 'UChat',
  connects: 'that UChat workspace',
  standInName: 'the built-in UChat simulator',
  settings: { selectors: UCHAT_NAMES, names: UCHAT_NAMES, pattern: 'UCHAT_*', parse: parseUchatSettings },
  open: openUchat,
  banner: ({ publicUrl, standInUrl }) =>
    standInUrl
      ? {
          headline: 'Chatport is running in DEMO MODE (no UCHAT_* settings): the built-in UChat simulator plays the bot.',
          details: [`Simulator: ${standInUrl}  (QA control API under /_simulator/)`],
        }
      : { headline: 'Chatport relay is running for UChat.', details: [`Webhook URL for UChat: ${publicUrl}/webhooks/uchat`] },
  commands: {
    uchat: { usage: 'uchat webhook get|set|remove', summary: 'connect a UChat workspace to this relay (see: chatport uchat webhook --help)', run: runUchat },
  },
};
