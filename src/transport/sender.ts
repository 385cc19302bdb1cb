import type { SendRequest, SendResponse } from '../protocol/index.ts';
import { RequestError } from './api.ts';
import { backoff, sleep } from './backoff.ts';

export interface SenderOptions {
  send: (request: SendRequest) => Promise<SendResponse>;
  /** Tries per send, the first included. */
  attempts?: number;
  base?: number;
  cap?: number;
  random?: () => number;
}

/** Worth another try: no answer, a rate limit, or a server-side failure. A 4xx means the request itself is wrong. */
export const isRetryable = (error: unknown): boolean =>
  !(error instanceof RequestError) || error.status === 0 || error.status === 429 || error.status >= 500;

/**
 * Sends with retries. The clientId makes every try (and a later manual retry with the same clientId) store the
 * message once. Rejects with the last error when all tries failed.
 */
export const createSender = ({ send, attempts = 4, base = 1000, cap = 8000, random = Math.random }: SenderOptions) => ({
  send: async (request: SendRequest): Promise<SendResponse> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(request);
      } catch (error) {
        if (attempt + 1 >= attempts || !isRetryable(error)) throw error;
      }
      await sleep(backoff(attempt, { base, cap, random })).done;
    }
  },
});
