/** Several relays on one Postgres database: how they signal each other, and how they share the outbox. */
export interface ClusterSettings {
  /** REDIS_URL: signals go over Redis pub/sub instead of Postgres LISTEN/NOTIFY. Holds a password: never logged. */
  redisUrl?: string;
  /**
   * OUTBOX_LEASE_MS: how long a relay holds a conversation's deliveries without renewing (renewed every third of it
   * while it delivers). A relay that dies lets go of its conversations after at most this long.
   */
  outboxLeaseMs: number;
}

const MIN_LEASE_MS = 1000;
const MAX_LEASE_MS = 600_000;

/** The default lease: 30 s, or three platform timeouts where they are longer, so a slow answer never outlives it. */
export const defaultLeaseMs = (platformTimeoutMs: number): number => Math.max(30_000, 3 * platformTimeoutMs);

/**
 * Reads REDIS_URL and OUTBOX_LEASE_MS; every problem goes to `issues`, by name, never echoing the URL (it may hold a
 * password). Redis carries signals between relays that share a Postgres database, so it needs DATABASE_URL.
 */
export const parseCluster = (
  value: (name: string) => string | undefined,
  issues: string[],
  { postgres, platformTimeoutMs }: { postgres: boolean; platformTimeoutMs: number },
): ClusterSettings => {
  const redisUrl = value('REDIS_URL');
  if (redisUrl !== undefined) {
    let protocol: string | undefined;
    try {
      protocol = new URL(redisUrl).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'redis:' && protocol !== 'rediss:') {
      issues.push('REDIS_URL: not a redis:// or rediss:// URL; expected e.g. redis://redis.internal:6379 (the value is not shown: it may hold a password)');
    } else if (!postgres) {
      issues.push('REDIS_URL: set without DATABASE_URL; expected DATABASE_URL too (Redis carries signals between relays that share one Postgres database)');
    }
  }
  const fallback = Number.isFinite(platformTimeoutMs) ? defaultLeaseMs(platformTimeoutMs) : 30_000;
  const raw = value('OUTBOX_LEASE_MS');
  let outboxLeaseMs = fallback;
  if (raw !== undefined) {
    const ms = Number(raw);
    if (!/^\d+$/.test(raw) || ms < MIN_LEASE_MS || ms > MAX_LEASE_MS) {
      issues.push(`OUTBOX_LEASE_MS: got "${raw}"; expected milliseconds from ${MIN_LEASE_MS} to ${MAX_LEASE_MS} (default ${fallback})`);
    } else if (Number.isFinite(platformTimeoutMs) && ms < 2 * platformTimeoutMs) {
      // A lease shorter than two platform timeouts could run out under a delivery in flight.
      issues.push(
        `OUTBOX_LEASE_MS: got ${raw}, under twice PLATFORM_TIMEOUT_MS (${platformTimeoutMs}); expected at least ${2 * platformTimeoutMs}, so a delivery in flight never outlives its lease`,
      );
    } else outboxLeaseMs = ms;
  }
  return { ...(redisUrl === undefined ? {} : { redisUrl }), outboxLeaseMs };
};
