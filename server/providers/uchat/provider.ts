import { jsonReply as json } from '../reply.ts';
import type { Delivery, Provider, RawRequest, WebhookOutcome } from '../types.ts';
import { postToBotUrl } from './deliver.ts';
import { answerHandshake, readHandshake } from './handshake.ts';
import { parsePush } from './parse.ts';
import { buildBotUrlBody } from './send.ts';
import { SIGNATURE_HEADER, verifySignature } from './signature.ts';

export interface UchatProviderOptions {
  /** The workspace's bot_url, from the set-webhook response. */
  botUrl: string;
  /** The flow API key (needs the manage flow permission). */
  apiKey: string;
  /** The webhook_verification_key given when the webhook was set. */
  verificationKey: string;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  authScheme?: string;
}

export const createUchatProvider = ({ botUrl, apiKey, verificationKey, timeoutMs = 10_000, fetch = globalThis.fetch, authScheme = 'Bearer' }: UchatProviderOptions): Provider => ({
  name: 'uchat',

  async handleWebhook(request: RawRequest): Promise<WebhookOutcome> {
    try {
      const handshake = readHandshake(request);
      if (handshake) return { reply: answerHandshake(handshake, verificationKey) };
      const header = request.headers[SIGNATURE_HEADER];
      if (header === undefined) return { reply: json(401, `missing ${SIGNATURE_HEADER} header`) };
      if (!verifySignature(verificationKey, request.body, header)) {
        return { reply: json(401, `${SIGNATURE_HEADER} does not match the body (check UCHAT_VERIFICATION_KEY)`) };
      }
      const parsed = parsePush(request.body);
      return parsed.ok ? { messages: parsed.messages } : { reply: json(400, parsed.reason) };
    } catch {
      // Parsing is written not to throw; this keeps the promise of never throwing on hostile input.
      return { reply: json(400, 'the webhook request could not be read') };
    }
  },

  async deliver(delivery: Delivery): Promise<void> {
    await postToBotUrl({ botUrl, apiKey, authScheme, timeoutMs, fetch }, buildBotUrlBody(delivery));
  },
});
