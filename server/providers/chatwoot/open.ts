import { randomBytes } from 'node:crypto';
import { startDemoAgent } from '../../standins/chatwoot/demo-agent.ts';
import { createChatwootStandin, type ChatwootStandin } from '../../standins/chatwoot/index.ts';
import { createFileLoader } from '../files.ts';
import type { OpenedPlatform, OpenOptions } from '../platform.ts';
import { createChatwootProvider, type ChatwootProviderOptions } from './provider.ts';
import type { ChatwootSettings } from './settings.ts';

export interface ChatwootOptions {
  /** Demo mode: this stand-in instead of starting one, without a demo agent (it is then left running on close). */
  standIn?: ChatwootStandin;
  /** The contact identity key the given stand-in checks (its `hmacToken`), so identified visitors are verified there too. */
  hmacToken?: string;
  /** The cable path's timings (tests shorten them). */
  cable?: ChatwootProviderOptions['cable'];
}

/**
 * A Chatwoot-family API inbox, or in demo mode the built-in stand-in with a demo agent: the stand-in signs its
 * callbacks with a fresh secret and the relay checks them, so demo traffic takes the real Chatwoot code path.
 * The stand-in takes any free port (SIMULATOR_PORT is the UChat simulator's).
 */
export const openChatwoot = async ({
  settings,
  logger,
  timeoutMs,
  replyDelayMs,
  options: { standIn: given, hmacToken: givenHmacToken, cable },
}: OpenOptions<ChatwootSettings, ChatwootOptions>): Promise<OpenedPlatform<ChatwootSettings, ChatwootStandin>> => {
  const demo = settings === undefined;
  const webhookSecret = randomBytes(24).toString('base64url');
  // The demo inbox validates identities too, so identified visitors take the verified path there as well.
  const hmacToken = randomBytes(24).toString('base64url');
  const owned = demo && !given ? await createChatwootStandin({ webhookSecret, hmacToken, logger }) : undefined;
  const standin = demo ? (given ?? owned) : undefined;
  if (given) given.setWebhook({ secret: webhookSecret });
  const agent = owned ? startDemoAgent(owned, { replyDelayMs }) : undefined;
  const chatwoot = standin
    ? {
        kind: 'chatwoot' as const,
        url: standin.url,
        inboxIdentifier: standin.inboxIdentifier,
        webhookSecret,
        signatureMode: 'upstream' as const,
        realtime: 'webhook' as const,
        ...(owned ? { hmacToken } : givenHmacToken ? { hmacToken: givenHmacToken } : {}),
      }
    : settings!;
  if (chatwoot.signatureMode === 'off' && chatwoot.realtime === 'webhook') {
    logger.warn('chatwoot.unsigned_webhooks', { hint: 'CHATWOOT_SIGNATURE=off: anyone who knows the webhook URL can post messages to visitors; set CHATWOOT_WEBHOOK_SECRET' });
  }
  return {
    settings: chatwoot,
    provider: ({ store, blobs }) =>
      createChatwootProvider({ settings: chatwoot, store, loadFile: createFileLoader({ store, blobs }), timeoutMs, logger, ...(cable ? { cable } : {}) }),
    async listening(base) {
      standin?.setWebhook({ url: `${base}/webhooks/chatwoot` });
    },
    ...(standin ? { standIn: standin, standInUrl: standin.url } : {}),
    close: async () => {
      agent?.stop();
      await owned?.close();
    },
  };
};
