import { DeliveryError } from '../types.ts';

export interface PostOptions {
  botUrl: string;
  apiKey: string;
  authScheme: string;
  timeoutMs: number;
  fetch: typeof globalThis.fetch;
}

/** Removes the key from anything that may end up in a log line or an error. */
export const redact = (text: string, secret: string): string => (secret ? text.split(secret).join('[redacted]') : text);

/** 408, 425, 429 and 5xx may pass later; any other refusal will refuse the same request again. */
export const isRetryableStatus = (status: number): boolean => status === 408 || status === 425 || status === 429 || status >= 500;

const advice = (status: number): string => {
  if (status === 401 || status === 403) return 'bot_url refused the flow API key (check UCHAT_API_KEY; it needs the manage flow permission)';
  if (status === 404 || status === 410) return 'bot_url was not found (check UCHAT_BOT_URL; re-setting the webhook issues a new bot_url)';
  if (status === 413) return 'bot_url refused the message as too large';
  if (status >= 300 && status < 400) return 'bot_url answered with a redirect (set UCHAT_BOT_URL to the final address)';
  if (status === 400 || status === 422) return 'bot_url refused the message as malformed';
  return isRetryableStatus(status) ? 'bot_url is unavailable for now' : 'bot_url refused the message';
};

/** POSTs one body to bot_url and resolves on 2xx; every failure is a DeliveryError that says whether to retry. */
export const postToBotUrl = async ({ botUrl, apiKey, authScheme, timeoutMs, fetch }: PostOptions, body: unknown): Promise<void> => {
  let response: Response;
  try {
    response = await fetch(botUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `${authScheme} ${apiKey}` },
      body: JSON.stringify(body),
      // Never follow a redirect: the key would travel to an address nobody configured.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new DeliveryError(redact(networkReason(error, timeoutMs), apiKey), true);
  }
  if (response.ok) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  const detail = await response.text().then(
    (text) => text.replace(/\s+/g, ' ').trim().slice(0, 200),
    () => '',
  );
  const message = `${advice(response.status)} (HTTP ${response.status})${detail ? `: ${detail}` : ''}`;
  throw new DeliveryError(redact(message, apiKey), isRetryableStatus(response.status), response.status);
};

const networkReason = (error: unknown, timeoutMs: number): string => {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return `bot_url did not answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : 'unknown error';
  return `could not reach bot_url (${code})`;
};
