import type { ChatwootStandin } from '../../standins/chatwoot/index.ts';
import type { PlatformDefinition } from '../platform.ts';
import { openChatwoot, type ChatwootOptions } from './open.ts';
import { CHATWOOT_NAMES, CHATWOOT_SETTINGS, parseChatwootSettings, type ChatwootSettings } from './settings.ts';

/** The API channel inbox of Chatwoot and its forks (docs/platforms/chatwoot.md). */
export const chatwoot: PlatformDefinition<'chatwoot', ChatwootSettings, ChatwootStandin, ChatwootOptions> = {
  name: 'chatwoot',
  title: 'Chatwoot',
  connects: 'that Chatwoot API inbox',
  standInName: 'the built-in Chatwoot stand-in',
  settings: { selectors: CHATWOOT_NAMES, names: CHATWOOT_SETTINGS, pattern: 'CHATWOOT_*', parse: parseChatwootSettings },
  open: openChatwoot,
  banner: ({ settings, publicUrl, standInUrl }) =>
    standInUrl
      ? { headline: 'Chatport is running in DEMO MODE against the built-in Chatwoot stand-in: its demo agent answers.', details: [`Stand-in: ${standInUrl}`] }
      : {
          headline: `Chatport relay is running for the Chatwoot inbox ${settings.inboxIdentifier} at ${settings.url} (${settings.realtime} path).`,
          details: [settings.realtime === 'webhook' ? `Set the API inbox's webhook URL to: ${publicUrl}/webhooks/chatwoot` : `Following conversations over ${settings.url}/cable.`],
        },
};
