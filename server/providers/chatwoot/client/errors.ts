/**
 * What went wrong, in the terms the relay acts on:
 * - `vanished`: the contact, conversation or message is gone (404) — re-create the contact/conversation;
 * - `refused`: the server rejected the request (422, with its message) — the same request fails again;
 * - `rate_limited`: too many messages for now (422 "Too many messages", 429) — retry later;
 * - `hmac`: the identifier_hash was refused (an unhandled exception upstream, so HTTP 500 on a contacts call);
 * - `missing`: an optional endpoint the server does not have (older than 3.1 / 3.7) — turn the feature off quietly;
 * - `timeout`, `network`, `server` (408/425/5xx), `redirect`, `http` (any other status), `invalid_response`.
 */
export type ChatwootErrorKind = 'vanished' | 'refused' | 'rate_limited' | 'hmac' | 'missing' | 'timeout' | 'network' | 'server' | 'redirect' | 'http' | 'invalid_response';

const RETRYABLE: Record<ChatwootErrorKind, boolean> = {
  vanished: false,
  refused: false,
  rate_limited: true,
  // The same hash keeps failing; the caller may go on without the identity instead.
  hmac: false,
  missing: false,
  timeout: true,
  network: true,
  server: true,
  redirect: false,
  http: false,
  // A proxy's error page or a half-written answer: the next attempt may get the real one.
  invalid_response: true,
};

export class ChatwootError extends Error {
  override readonly name = 'ChatwootError';
  readonly retryable: boolean;
  constructor(
    message: string,
    readonly kind: ChatwootErrorKind,
    readonly status?: number,
    /** The server's own explanation (422 `message`/`error`), when it gave one. */
    readonly serverMessage?: string,
  ) {
    super(message);
    this.retryable = RETRYABLE[kind];
  }

  /** 404 on a contact/conversation/message: re-create the contact and conversation. */
  get vanished(): boolean {
    return this.kind === 'vanished';
  }
  /** The server lacks this (optional) endpoint: the feature is unavailable, not broken. */
  get endpointMissing(): boolean {
    return this.kind === 'missing';
  }
  get hmacRefused(): boolean {
    return this.kind === 'hmac';
  }
}

export const isChatwootError = (error: unknown): error is ChatwootError => error instanceof ChatwootError;
