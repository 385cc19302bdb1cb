/** Socket errors of a database that cannot be reached (down, restarting, unreachable). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
/** Postgres: shutting down (57P01, 57P02), starting up (57P03), out of connections (53300); class 08 is connection trouble. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What the Postgres driver says when a connection breaks or none can be had in time. */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connection timeout|encountered a connection error|Connection closed|the database system is (starting up|shutting down)/i;

/**
 * Whether an error means the store cannot be reached right now (try again later), as opposed to a query that failed
 * on its own merits. A networked store's outage is temporary: requests are answered 503 with Retry-After meanwhile.
 */
export const isStoreUnavailable = (error: unknown): boolean => {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08'))) return true;
    if (MESSAGES.test(current.message)) return true;
    if (current instanceof AggregateError && current.errors.some(isStoreUnavailable)) return true;
  }
  return false;
};
