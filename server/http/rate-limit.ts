export interface RateLimitOptions {
  /** Requests allowed in a burst. */
  burst: number;
  /** Sustained requests per second. */
  perSecond: number;
  /** Keys tracked at most; the oldest are forgotten first, so memory stays bounded under a flood of keys. */
  maxKeys?: number;
  now?: () => number;
}

/** Token bucket per key (visitor id, client IP). `take(key)` is false when the key must wait. */
export const createRateLimit = ({ burst, perSecond, maxKeys = 100_000, now = Date.now }: RateLimitOptions) => {
  const buckets = new Map<string, { tokens: number; at: number }>();
  /** Whether `take` would allow the key now, without using a token (for limits charged only on failure). */
  const peek = (key: string): boolean => {
    const bucket = buckets.get(key);
    return !bucket || bucket.tokens + ((now() - bucket.at) / 1000) * perSecond >= 1;
  };
  const take = (key: string): boolean => {
    const t = now();
    const bucket = buckets.get(key);
    const tokens = bucket ? Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond) : burst;
    if (bucket)
      buckets.delete(key); // re-insert keeps Map order = least recently used first
    else if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
    const allowed = tokens >= 1;
    buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: t });
    return allowed;
  };
  return { take, peek };
};
