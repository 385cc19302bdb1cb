/** Waits between reconnect attempts: doubling from `baseMs` to `maxMs`, each with up to half of it as jitter. */
export const reconnectDelay = (attempt: number, { baseMs = 250, maxMs = 5000, random = Math.random } = {}): number => {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
};
