import { randomBytes } from 'node:crypto';
import { createSimulator, type Simulator } from '../../standins/uchat/index.ts';
import type { OpenedPlatform, OpenOptions } from '../platform.ts';
import { createPartnerClient } from './partner.ts';
import { createUchatProvider } from './provider.ts';
import type { UchatSettings } from './settings.ts';

export interface UchatOptions {
  /** Demo mode: this simulator instead of starting one (it is then left running on close). */
  standIn?: Simulator;
}

/**
 * UChat, or in demo mode the built-in simulator: the relay's webhook is registered through the simulator's partner
 * API — the same handshake a real workspace performs — so demo traffic takes the real UChat code path.
 */
export const openUchat = async ({
  settings,
  logger,
  timeoutMs,
  replyDelayMs,
  standInPort,
  options: { standIn: given },
}: OpenOptions<UchatSettings, UchatOptions>): Promise<OpenedPlatform<UchatSettings, Simulator>> => {
  const demo = settings === undefined;
  const owned = demo && !given ? await createSimulator({ port: standInPort, logger, replyDelayMs }) : undefined;
  const simulator = demo ? (given ?? owned) : undefined;
  const uchat = simulator ? { kind: 'uchat' as const, botUrl: simulator.botUrl, apiKey: simulator.flowApiKey, verificationKey: randomBytes(16).toString('hex') } : settings!;
  return {
    settings: uchat,
    provider: () => createUchatProvider({ botUrl: uchat.botUrl, apiKey: uchat.apiKey, verificationKey: uchat.verificationKey, timeoutMs }),
    async listening(base) {
      if (!simulator) return;
      const partner = createPartnerClient({ baseUrl: simulator.url, workspaceId: simulator.workspaceId, apiKey: simulator.partnerApiKey });
      await partner.set({ webhookUrl: `${base}/webhooks/uchat`, verificationKey: uchat.verificationKey });
    },
    ...(simulator ? { standIn: simulator, standInUrl: simulator.url } : {}),
    close: async () => owned?.close(),
  };
};
