/** Exponential backoff with "equal jitter": between half and all of min(cap, base·2^attempt). */
export const backoff = (attempt: number, { base = 500, cap = 15_000, random = Math.random } = {}): number => Math.min(cap, base * 2 ** attempt) * (0.5 + random() / 2);

/** Resolves after `ms`, or at once when `wake` is called (e.g. the browser came back online). */
export const sleep = (ms: number): { done: Promise<void>; wake: () => void } => {
  let wake = () => {};
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, wake };
};

/** A random client id (28 characters of [0-9a-z], 128 bits); getRandomValues also works off HTTPS. */
export const newClientId = (): string => Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36).padStart(7, '0')).join('');
