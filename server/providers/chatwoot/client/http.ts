import { z } from 'zod';
import { ChatwootError, type ChatwootErrorKind } from './errors.ts';

export interface RequestOptions {
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
}

export interface Call {
  method: 'GET' | 'POST' | 'PATCH';
  url: URL;
  /** A plain object goes as JSON; FormData as multipart (fetch sets the boundary). */
  body?: Record<string, unknown> | FormData;
  /** What a 404 means here: a gone contact/conversation, or an endpoint older servers lack. */
  notFound: 'vanished' | 'missing';
  /** The request carried identifier_hash on a contacts call: a 500 then means the hash was refused (docs/platforms/chatwoot.md#errors). */
  hmac?: boolean;
  /** A short name for messages: "create contact". */
  what: string;
}

const isRateLimit = (text: string): boolean => /too many/i.test(text);

/** Rails' JSON errors: `{"message": …, "attributes": […]}` (validation) or `{"error": …}`. */
const ErrorBody = z.looseObject({ message: z.string().optional().catch(undefined), error: z.string().optional().catch(undefined) });

/** The server's message from `{"message": …}` / `{"error": …}` (422), else a trimmed excerpt of the body. */
const serverMessage = (text: string): string => {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    const found = parsed.success ? (parsed.data.message ?? parsed.data.error) : undefined;
    if (found !== undefined) return found.slice(0, 300);
  } catch {
    // not JSON: Rails' HTML error pages
  }
  return /^\s*</.test(text) ? '' : text.replace(/\s+/g, ' ').trim().slice(0, 200);
};

const classify = (status: number, call: Call, message: string): ChatwootErrorKind => {
  if (status === 404 || status === 410) return call.notFound;
  if (status === 422) return isRateLimit(message) ? 'rate_limited' : 'refused';
  if (status === 429) return 'rate_limited';
  if (status === 500 && call.hmac) return 'hmac';
  if (status === 408 || status === 425 || status >= 500) return 'server';
  if (status >= 300 && status < 400) return 'redirect';
  return 'http';
};

const ADVICE: Partial<Record<ChatwootErrorKind, string>> = {
  vanished: 'not found (the contact or conversation is gone, or CHATWOOT_INBOX_IDENTIFIER is wrong)',
  missing: 'is not available on this server (older version)',
  refused: 'was refused',
  rate_limited: 'was refused for now (too many messages)',
  hmac: 'was refused: the identifier_hash does not match (check CHATWOOT_HMAC_TOKEN)',
  server: 'failed on the server',
  redirect: 'answered with a redirect (set CHATWOOT_URL to the final address)',
};

const networkError = (error: unknown, call: Call, timeoutMs: number): ChatwootError => {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ChatwootError(`Chatwoot ${call.what}: no answer within ${timeoutMs} ms`, 'timeout');
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : 'unknown error';
  return new ChatwootError(`Chatwoot ${call.what}: could not reach the server (${code})`, 'network');
};

/** One call; resolves with the parsed answer (or undefined for an empty 2xx when no schema is given). */
export async function request<T>(options: RequestOptions, call: Call, schema: z.ZodType<T>): Promise<T>;
export async function request(options: RequestOptions, call: Call): Promise<undefined>;
export async function request<T>({ fetch, timeoutMs }: RequestOptions, call: Call, schema?: z.ZodType<T>): Promise<T | undefined> {
  const json = call.body !== undefined && !(call.body instanceof FormData);
  let response: Response;
  try {
    response = await fetch(call.url, {
      method: call.method,
      headers: { accept: 'application/json', ...(json ? { 'content-type': 'application/json' } : {}) },
      ...(call.body === undefined ? {} : { body: json ? JSON.stringify(call.body) : (call.body as FormData) }),
      // The source_id in the path is the contact's credential: never send it on to an address nobody configured.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw networkError(error, call, timeoutMs);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkError(error, call, timeoutMs);
  }
  if (!response.ok) {
    const detail = serverMessage(text);
    const kind = classify(response.status, call, detail);
    const advice = ADVICE[kind] ?? 'failed';
    throw new ChatwootError(`Chatwoot ${call.what} ${advice} (HTTP ${response.status})${detail ? `: ${detail}` : ''}`, kind, response.status, detail || undefined);
  }
  if (!schema) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ChatwootError(`Chatwoot ${call.what}: the answer is not JSON (HTTP ${response.status})`, 'invalid_response', response.status);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
    throw new ChatwootError(`Chatwoot ${call.what}: unexpected answer (${issues.join('; ')})`, 'invalid_response', response.status);
  }
  return parsed.data;
}
