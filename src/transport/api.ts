import type { HistoryResponse, Identity, SendRequest, SendResponse, SessionResponse } from '../protocol/index.ts';
import { isSession, toApiError, toHistory, toSendResponse } from './guards.ts';

/** A failed request. `status` is 0 when no usable HTTP answer came back (network error, unreadable body). */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export type TokenStorage = Pick<Storage, 'getItem' | 'setItem'> & Partial<Pick<Storage, 'removeItem'>>;

export interface ApiOptions {
  /** The relay's base URL (origin + path directory of embed.js). */
  relayUrl: string;
  fetch?: typeof fetch;
  /** Where the session token survives reloads; any failure of it is tolerated (private mode, blocked storage). */
  storage?: TokenStorage | undefined;
  /** Called with every new or renewed session; a different conversationId means a new visitor. */
  onSession?: (session: SessionResponse) => void;
  /** The relay refused the identity the site gave (wrong hash, or identities not enabled); the visitor goes on anonymously. */
  onIdentityRefused?: (message: string) => void;
}

export interface HistoryQuery {
  limit?: number;
  /** Older than this seq. */
  before?: number;
}

/** Resolves `path` against the relay base, which is treated as a directory. */
export const endpoint = (relayUrl: string, path: string): string => new URL(path, relayUrl.endsWith('/') ? relayUrl : `${relayUrl}/`).href;

const ok = () => true;

export const createApi = ({ relayUrl, fetch: fetchFn = (...args) => globalThis.fetch(...args), storage, onSession, onIdentityRefused }: ApiOptions) => {
  const key = `chatport:token:${new URL(relayUrl).origin}`;
  let token: string | undefined;
  /** Sent with every session request once the site owner has identified the visitor. */
  let identity: Identity | undefined;
  let renewing: Promise<SessionResponse> | undefined;

  const stored = (): string | undefined => {
    try {
      return storage?.getItem(key) ?? undefined;
    } catch {
      return undefined;
    }
  };

  const call = async <T>(method: string, path: string, check: (v: unknown) => T | undefined, auth?: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth) headers.authorization = `Bearer ${auth}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetchFn(endpoint(relayUrl, path), { method, headers, body: body === undefined ? null : JSON.stringify(body), cache: 'no-store', credentials: 'omit' });
    } catch (error) {
      throw new RequestError(0, 'network', String(error));
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const error = toApiError(json);
      throw new RequestError(res.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${res.status}`);
    }
    const value = check(json);
    if (value === undefined) throw new RequestError(0, 'bad_response', `unexpected response from ${path}`);
    return value;
  };

  /** Creates a visitor, or resumes the stored one (an invalid token yields a fresh visitor). Concurrent calls share one request. */
  const session = (): Promise<SessionResponse> =>
    (renewing ??= call('POST', 'v1/sessions', (v) => (isSession(v) ? v : undefined), undefined, { token: token ?? stored(), identity })
      .then((s) => {
        token = s.token;
        try {
          storage?.setItem(key, s.token);
        } catch {
          // Storage full or blocked: the visitor still chats, only without resuming after a reload.
        }
        onSession?.(s);
        return s;
      })
      .catch((error: unknown) => {
        // Retrying cannot fix a refused identity: say so once, then carry on as an anonymous visitor.
        if (identity && error instanceof RequestError && error.code.startsWith('identity_')) {
          identity = undefined;
          onIdentityRefused?.(error.message);
        }
        throw error;
      })
      .finally(() => {
        renewing = undefined;
      }));

  /** The current token; pass one the relay rejected (401) to get a renewed one. */
  const getToken = async (rejected?: string): Promise<string> => (token !== undefined && token !== rejected ? token : (await session()).token);

  /** An authorised request; a 401 renews the session and retries once. */
  const authed = async <T>(method: string, path: string, check: (v: unknown) => T | undefined, body?: unknown): Promise<T> => {
    const first = await getToken();
    try {
      return await call(method, path, check, first, body);
    } catch (error) {
      if (!(error instanceof RequestError) || error.status !== 401) throw error;
      return call(method, path, check, await getToken(first), body);
    }
  };

  /** Drops the current visitor (token in memory and storage); the next request starts a session as `who`. */
  const forget = (who?: Identity) => {
    token = renewing = undefined;
    identity = who;
    try {
      storage?.removeItem?.(key);
    } catch {
      // Blocked storage: nothing was kept there either.
    }
  };

  return {
    session,
    getToken,
    forget,
    /** Whether a visitor can be resumed without creating a new one. */
    hasToken: (): boolean => token !== undefined || stored() !== undefined,
    history: ({ limit = 50, before }: HistoryQuery = {}): Promise<HistoryResponse> => authed('GET', `v1/messages?limit=${limit}${before ? `&before=${before}` : ''}`, toHistory),
    send: (request: SendRequest): Promise<SendResponse> => authed('POST', 'v1/messages', toSendResponse, request),
    /** Best effort (`v1/typing` with `{on}`, `v1/seen`): the answer carries nothing, a failure is dropped, never retried nor shown. */
    ping: (path: string, body?: unknown) => void authed('POST', path, ok, body).catch(ok),
  };
};
