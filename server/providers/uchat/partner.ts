import { z } from 'zod';
import { redact } from './deliver.ts';

/** The webhook registration as the partner API reports it (partner-webhook-response.json). */
export interface PartnerWebhook {
  webhookUrl: string;
  verificationKey: string;
  status: string;
  botUrl: string;
}

export interface PartnerClient {
  /** undefined when the workspace has no API Chat webhook. */
  get(): Promise<PartnerWebhook | undefined>;
  /** UChat runs the verification handshake against webhookUrl before answering. */
  set(webhook: { webhookUrl: string; verificationKey: string }): Promise<PartnerWebhook>;
  remove(): Promise<void>;
}

export interface PartnerClientOptions {
  /** e.g. https://www.uchat.com.au */
  baseUrl: string;
  workspaceId: string;
  /** The partner API key. */
  apiKey: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  authScheme?: string;
}

/** A refusal or failure of the partner API; `status` is the HTTP status when the platform answered. */
export class PartnerApiError extends Error {
  override readonly name = 'PartnerApiError';
  constructor(
    message: string,
    readonly reason: 'refused' | 'unreachable' | 'timeout' | 'shape',
    readonly status?: number,
  ) {
    super(message);
  }
}

const WebhookData = z.object({
  webhook_url: z.string(),
  webhook_verification_key: z.string(),
  webhook_status: z.string(),
  bot_url: z.string(),
});
const Envelope = z.looseObject({ status: z.string().optional(), message: z.unknown().optional(), data: z.unknown().optional() });

export const createPartnerClient = ({ baseUrl, workspaceId, apiKey, fetch = globalThis.fetch, timeoutMs = 30_000, authScheme = 'Bearer' }: PartnerClientOptions): PartnerClient => {
  const root = `${baseUrl.replace(/\/+$/, '')}/api/partner/workspace/${encodeURIComponent(workspaceId)}`;

  /** Calls one endpoint and returns its `data`; any platform refusal becomes an Error with the platform's message. */
  const call = async (op: string, method: string, path: string, body?: unknown, secrets: string[] = []): Promise<unknown> => {
    const clean = (text: string) => [apiKey, ...secrets].reduce(redact, text);
    let response: Response;
    try {
      response = await fetch(`${root}/${path}`, {
        method,
        headers: { accept: 'application/json', authorization: `${authScheme} ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const reason = timedOut ? `no answer within ${timeoutMs} ms` : 'could not reach the partner API';
      throw new PartnerApiError(clean(`UChat partner API ${op} failed: ${reason}`), timedOut ? 'timeout' : 'unreachable');
    }
    const text = await response.text().catch(() => '');
    let envelope: z.infer<typeof Envelope> | undefined;
    try {
      envelope = Envelope.parse(JSON.parse(text));
    } catch {
      envelope = undefined;
    }
    if (!response.ok || !envelope || envelope.status !== 'ok') {
      const said = typeof envelope?.message === 'string' ? envelope.message : text.replace(/\s+/g, ' ').trim().slice(0, 200);
      throw new PartnerApiError(clean(`UChat partner API ${op} failed (HTTP ${response.status})${said ? `: ${said}` : ''}`), 'refused', response.status);
    }
    return envelope.data;
  };

  const toWebhook = (op: string, data: unknown): PartnerWebhook => {
    const parsed = WebhookData.safeParse(data);
    if (!parsed.success) throw new PartnerApiError(`UChat partner API ${op} answered with an unexpected shape`, 'shape');
    const { webhook_url, webhook_verification_key, webhook_status, bot_url } = parsed.data;
    return { webhookUrl: webhook_url, verificationKey: webhook_verification_key, status: webhook_status, botUrl: bot_url };
  };

  return {
    async get() {
      const data = await call('get', 'GET', 'apichat-webhook');
      if (data == null || (Array.isArray(data) && data.length === 0)) return undefined;
      const webhook = toWebhook('get', data);
      return webhook.webhookUrl ? webhook : undefined;
    },
    async set({ webhookUrl, verificationKey }) {
      const body = { webhook_url: webhookUrl, webhook_verification_key: verificationKey };
      return toWebhook('set', await call('set', 'POST', 'set-apichat-webhook', body, [verificationKey]));
    },
    async remove() {
      await call('remove', 'DELETE', 'remove-apichat-webhook');
    },
  };
};
