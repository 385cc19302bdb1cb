import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/index.ts';
import type { Logger } from '../../log.ts';
import { createSimulator } from '../../standins/uchat/index.ts';
import { createPartnerClient, createUchatProvider } from './provider.ts';
import type { Platform } from '../platform.ts';

export type Simulator = Awaited<ReturnType<typeof createSimulator>>;

/**
 * UChat, or in demo mode the built-in simulator: the relay's webhook is registered through the simulator's partner
 * API — the same handshake a real workspace performs — so demo traffic takes the real UChat code path.
 */
export const openUchat = async ({ config, logger, simulatorPort = 0, simulator: given }: { config: Config; logger: Logger; simulatorPort?: number; simulator?: Simulator }): Promise<Platform & { simulator?: Simulator }> => {
  const owned = config.mode === 'demo' && !given ? await createSimulator({ port: simulatorPort, logger, replyDelayMs: config.simulatorReplyDelayMs }) : undefined;
  const simulator = config.mode === 'demo' ? (given ?? owned) : undefined;
  const uchat = simulator
    ? { kind: 'uchat' as const, botUrl: simulator.botUrl, apiKey: simulator.flowApiKey, verificationKey: randomBytes(16).toString('hex') }
    : config.uchat!;
  return {
    config: { ...config, uchat },
    provider: () => createUchatProvider({ botUrl: uchat.botUrl, apiKey: uchat.apiKey, verificationKey: uchat.verificationKey, timeoutMs: config.platformTimeoutMs }),
    async listening(base) {
      if (!simulator) return;
      const partner = createPartnerClient({ baseUrl: simulator.url, workspaceId: simulator.workspaceId, apiKey: simulator.partnerApiKey });
      await partner.set({ webhookUrl: `${base}/webhooks/uchat`, verificationKey: uchat.verificationKey });
    },
    ...(simulator ? { simulator, standInUrl: simulator.url } : {}),
    close: async () => owned?.close(),
  };
};
