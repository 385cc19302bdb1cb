import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/index.ts';
import type { Logger } from '../../log.ts';
import { createChatwootProvider, type ChatwootProviderOptions } from './provider.ts';
import { createChatwootStandin, type ChatwootStandin } from '../../standins/chatwoot/index.ts';
import { startDemoAgent } from '../../standins/chatwoot/demo-agent.ts';
import { createFileLoader } from '../files.ts';
import type { Platform } from '../platform.ts';

/**
 * A Chatwoot-family API inbox, or in demo mode the built-in stand-in with a demo agent: the stand-in signs its
 * callbacks with a fresh secret and the relay checks them, so demo traffic takes the real Chatwoot code path.
 */
export interface OpenChatwootOptions {
  config: Config;
  logger: Logger;
  standin?: ChatwootStandin;
  /** The cable path's timings (tests shorten them). */
  cable?: ChatwootProviderOptions['cable'];
}

export const openChatwoot = async ({ config, logger, standin: given, cable }: OpenChatwootOptions): Promise<Platform & { standin?: ChatwootStandin }> => {
  const demo = config.mode === 'demo';
  const webhookSecret = randomBytes(24).toString('base64url');
  // The demo inbox validates identities too, so identified visitors take the verified path there as well.
  const hmacToken = randomBytes(24).toString('base64url');
  const owned = demo && !given ? await createChatwootStandin({ webhookSecret, hmacToken, logger }) : undefined;
  const standin = demo ? (given ?? owned) : undefined;
  if (given) given.setWebhook({ secret: webhookSecret });
  const agent = owned ? startDemoAgent(owned, { replyDelayMs: config.simulatorReplyDelayMs }) : undefined;
  const chatwoot = standin
    ? {
        kind: 'chatwoot' as const,
        url: standin.url,
        inboxIdentifier: standin.inboxIdentifier,
        webhookSecret,
        signatureMode: 'upstream' as const,
        realtime: 'webhook' as const,
        ...(owned ? { hmacToken } : {}),
      }
    : config.chatwoot!;
  if (chatwoot.signatureMode === 'off' && chatwoot.realtime === 'webhook') {
    logger.warn('chatwoot.unsigned_webhooks', { hint: 'CHATWOOT_SIGNATURE=off: anyone who knows the webhook URL can post messages to visitors; set CHATWOOT_WEBHOOK_SECRET' });
  }
  return {
    config: { ...config, chatwoot },
    provider: ({ store, blobs }) =>
      createChatwootProvider({ settings: chatwoot, store, loadFile: createFileLoader({ store, blobs }), timeoutMs: config.platformTimeoutMs, logger, ...(cable ? { cable } : {}) }),
    async listening(base) {
      standin?.setWebhook({ url: `${base}/webhooks/chatwoot` });
    },
    ...(standin ? { standin, standInUrl: standin.url } : {}),
    close: async () => {
      agent?.stop();
      await owned?.close();
    },
  };
};
