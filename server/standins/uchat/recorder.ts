import type { BotUrlRequest } from './bot-url.ts';

/** The accepted bot_url requests, with a way to wait until enough have arrived. */
export const createRecorder = () => {
  const received: BotUrlRequest[] = [];
  const waiters = new Set<() => void>();

  const record = (request: BotUrlRequest): void => {
    received.push(request);
    for (const wake of [...waiters]) wake();
  };

  const waitFor = (n: number, timeoutMs = 5000): Promise<BotUrlRequest[]> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (received.length < n) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(received);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`simulator: expected ${n} bot_url requests within ${timeoutMs} ms, got ${received.length}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  return { received, record, waitFor };
};
