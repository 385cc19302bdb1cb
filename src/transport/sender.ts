import type { SendRequest, SendResponse } from '../protocol/index.ts';
import { RequestError } from './api.ts';
import { backoff, sleep } from './backoff.ts';

export interface SenderOptions {
  send: (request: SendRequest) => Promise<SendResponse>;
  /** Tries per send, the first included; tries made while offline do not count. */
  attempts?: number;
  base?: number;
  cap?: number;
  random?: () => number;
  /** Whether the visitor is connected now; sends wait (queued, not failed) while this is false. */
  online?: () => boolean;
  /** Resolves when `online()` may have become true. */
  whenOnline?: () => Promise<void>;
}

/** Worth another try: no answer, a rate limit, or a server-side failure. A 4xx means the request itself is wrong. */
export const isRetryable = (error: unknown): boolean => !(error instanceof RequestError) || error.status === 0 || error.status === 429 || error.status >= 500;

/**
 * Sends one message at a time, in the order given, with retries. The clientId makes every try (and a later manual
 * retry with the same clientId) store the message once. While offline a send waits for the connection instead of
 * using up its tries. Rejects with the last error when all tries failed.
 */
export const createSender = ({ send, attempts = 4, base = 1000, cap = 8000, random = Math.random, online = () => true, whenOnline = () => Promise.resolve() }: SenderOptions) => {
  let tail: Promise<unknown> = Promise.resolve();
  const attempt = async (request: SendRequest): Promise<SendResponse> => {
    for (let tries = 0; ; ) {
      while (!online()) await whenOnline();
      try {
        return await send(request);
      } catch (error) {
        if (!isRetryable(error)) throw error;
        // Lost the connection meanwhile: wait for it again without spending a try.
        if (!online()) continue;
        if (++tries >= attempts) throw error;
      }
      await sleep(backoff(tries - 1, { base, cap, random })).done;
    }
  };
  return {
    send: (request: SendRequest): Promise<SendResponse> => {
      const result = tail.then(() => attempt(request));
      tail = result.catch(() => undefined);
      return result;
    },
  };
};
