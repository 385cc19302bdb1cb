import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from '../../http/errors.ts';
import { hasBearer, issuesOf, parseJson, readBody, SimulatorError } from './http.ts';

export interface WebhookRegistration {
  webhookUrl: string;
  verificationKey: string;
  status: 'verified';
  botUrl: string;
}

const SetRequest = z.looseObject({
  webhook_url: z.url({ protocol: /^https?$/ }).max(2048),
  webhook_verification_key: z.string().min(1).max(256),
});

export interface PartnerContext {
  workspaceId: string;
  partnerApiKey: string;
  botUrl: string;
  getWebhook(): WebhookRegistration | undefined;
  setWebhook(webhook: WebhookRegistration | undefined): void;
  handshakeTimeoutMs: number;
}

const PATH = /^\/api\/partner\/workspace\/([^/]+)\/(apichat-webhook|set-apichat-webhook|remove-apichat-webhook)$/;
const METHODS = { 'apichat-webhook': 'GET', 'set-apichat-webhook': 'POST', 'remove-apichat-webhook': 'DELETE' } as const;

export const isPartnerPath = (path: string): boolean => PATH.test(path);

/** The contract's response shape (partner-webhook-response.json). */
const wire = (webhook: WebhookRegistration) => ({
  webhook_url: webhook.webhookUrl,
  webhook_verification_key: webhook.verificationKey,
  webhook_status: webhook.status,
  bot_url: webhook.botUrl,
});

export const handlePartner = async (ctx: PartnerContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
  const [, workspace = '', action] = PATH.exec(path) ?? [];
  const op = action as keyof typeof METHODS;
  const raw = await readBody(req);
  if (!hasBearer(req, ctx.partnerApiKey)) throw new SimulatorError(401, 'the partner API key is missing or wrong');
  if (decodeURIComponent(workspace) !== ctx.workspaceId) throw new SimulatorError(404, 'workspace not found');
  if (req.method !== METHODS[op]) throw new SimulatorError(405, `use ${METHODS[op]} for ${op}`);

  if (op === 'apichat-webhook') {
    const webhook = ctx.getWebhook();
    return sendJson(res, 200, { status: 'ok', data: webhook ? wire(webhook) : null });
  }
  if (op === 'remove-apichat-webhook') {
    ctx.setWebhook(undefined);
    return sendJson(res, 200, { status: 'ok' });
  }
  const parsed = SetRequest.safeParse(parseJson(raw));
  if (!parsed.success) throw new SimulatorError(422, issuesOf(parsed.error.issues));
  const { webhook_url: webhookUrl, webhook_verification_key: verificationKey } = parsed.data;
  // Like the platform: the webhook is stored only once it has answered the challenge; the old one stays otherwise.
  const failure = await verifyWebhook(webhookUrl, verificationKey, ctx.handshakeTimeoutMs);
  if (failure) throw new SimulatorError(400, `webhook verification failed: ${failure}`);
  const webhook: WebhookRegistration = { webhookUrl, verificationKey, status: 'verified', botUrl: ctx.botUrl };
  ctx.setWebhook(webhook);
  sendJson(res, 200, { status: 'ok', data: wire(webhook) });
};

/** POSTs hub_mode / hub_verify_token / hub_challenge form-urlencoded; undefined when the exact challenge came back. */
export const verifyWebhook = async (webhookUrl: string, verificationKey: string, timeoutMs: number): Promise<string | undefined> => {
  const challenge = randomBytes(16).toString('hex');
  let response: Response;
  try {
    response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ hub_mode: 'subscribe', hub_verify_token: verificationKey, hub_challenge: challenge }).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return `webhook_url could not be reached within ${timeoutMs} ms`;
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) return `webhook_url answered HTTP ${response.status}`;
  if (text !== challenge) return 'webhook_url did not answer with exactly the hub_challenge as its body';
  return undefined;
};
