/** Where the relay keeps its data: SQLite under DATA_DIR (the default), memory (tests), or a Postgres database. */
export type StoreKind = 'sqlite' | 'memory' | 'postgres';

/** The Postgres database several relays share (DATABASE_URL); present only when the store is postgres. */
export interface DatabaseSettings {
  /** DATABASE_URL. Holds the password: never logged, never echoed in an error. */
  url: string;
  /** DATABASE_POOL_SIZE: connections this relay opens at most. */
  poolSize: number;
  /** DATABASE_WAIT_MS: how long a starting relay keeps trying a database it cannot reach (0: fail at once). */
  waitMs: number;
}

export const DEFAULT_WAIT_MS = 60_000;

export const DEFAULT_POOL_SIZE = 10;
const MAX_POOL_SIZE = 100;
const EXAMPLE = 'postgres://chatport:<password>@db.internal:5432/chatport';

/** Parses DATABASE_URL without ever putting the value (or any part of it) into a message. */
const postgresUrl = (raw: string, issues: string[]): string | undefined => {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url?.protocol === 'postgres:' || url?.protocol === 'postgresql:') return raw;
  const scheme = url ? ` (its scheme is "${url.protocol.slice(0, -1)}")` : '';
  issues.push(`DATABASE_URL: not a postgres:// or postgresql:// URL${scheme}; expected e.g. ${EXAMPLE} (the value is not shown: it may hold a password)`);
  return undefined;
};

/**
 * Reads CHATPORT_STORE, DATABASE_URL and DATABASE_POOL_SIZE. DATABASE_URL selects Postgres; a CHATPORT_STORE that
 * names another store beside it is a conflict, reported rather than settled silently.
 */
export const parseDatabase = (value: (name: string) => string | undefined, issues: string[]): { store: StoreKind; database?: DatabaseSettings } => {
  const raw = value('DATABASE_URL');
  const named = value('CHATPORT_STORE');
  if (named !== undefined && named !== 'sqlite' && named !== 'memory' && named !== 'postgres') {
    issues.push(`CHATPORT_STORE: got "${named}"; expected "sqlite" (default, durable), "postgres" (with DATABASE_URL) or "memory" (tests only)`);
  }
  if (raw !== undefined && (named === 'sqlite' || named === 'memory')) {
    issues.push(
      `CHATPORT_STORE: "${named}" set together with DATABASE_URL; expected one store: unset CHATPORT_STORE to use the Postgres database, or unset DATABASE_URL to use ${named}`,
    );
  }
  if (raw === undefined && named === 'postgres') issues.push(`DATABASE_URL: missing; expected the Postgres database to use with CHATPORT_STORE=postgres, e.g. ${EXAMPLE}`);

  const size = value('DATABASE_POOL_SIZE');
  let poolSize = DEFAULT_POOL_SIZE;
  if (size !== undefined) {
    if (/^\d+$/.test(size) && Number(size) >= 1 && Number(size) <= MAX_POOL_SIZE) poolSize = Number(size);
    else issues.push(`DATABASE_POOL_SIZE: got "${size}"; expected a whole number of connections from 1 to ${MAX_POOL_SIZE} (default ${DEFAULT_POOL_SIZE})`);
  }
  const wait = value('DATABASE_WAIT_MS');
  let waitMs = DEFAULT_WAIT_MS;
  if (wait !== undefined) {
    if (/^\d+$/.test(wait) && Number(wait) <= 600_000) waitMs = Number(wait);
    else issues.push(`DATABASE_WAIT_MS: got "${wait}"; expected milliseconds from 0 to 600000 (default ${DEFAULT_WAIT_MS}) a starting relay keeps trying to reach the database`);
  }
  if (raw === undefined) return { store: named === 'memory' ? 'memory' : 'sqlite' };
  const url = postgresUrl(raw, issues);
  return { store: 'postgres', ...(url === undefined ? {} : { database: { url, poolSize, waitMs } }) };
};
