import pg from 'pg';
import { reconnectDelay } from './backoff.ts';
import type { Transport, TransportHandlers, TransportState } from './types.ts';

export interface PostgresTransportOptions {
  /** DATABASE_URL: the listening connection is opened on it (never logged). */
  url: string;
  /** Where NOTIFY is sent from: the store's pool. */
  pool: pg.Pool;
  /** The channel every relay of this database listens on (see signalChannel). */
  channel: string;
  /** Told when the listening connection is lost or back (for the log). */
  onState?: (state: TransportState, reason?: string) => void;
  /** How often the listening connection is checked (a connection that died silently is replaced). */
  checkMs?: number;
  backoff?: { baseMs?: number; maxMs?: number };
}

/** The longest NOTIFY payload Postgres takes is 8000 bytes; a little is kept in hand. */
const MAX_PAYLOAD = 7900;

/**
 * Postgres LISTEN/NOTIFY: sending is a NOTIFY on the store's pool, listening one connection of its own. A lost
 * listening connection is opened again with backoff; once it listens again, `gap` asks everyone to catch up. NOTIFY
 * is delivered in commit order to every listener, but each one takes a lock that serialises committing writers:
 * sites with high write rates use Redis (REDIS_URL).
 */
export const createPostgresTransport = ({ url, pool, channel, onState = () => undefined, checkMs = 10_000, backoff = {} }: PostgresTransportOptions): Transport => {
  let client: pg.Client | undefined;
  let state: TransportState = 'connecting';
  let handlers: TransportHandlers | undefined;
  let attempts = 0;
  let retry: NodeJS.Timeout | undefined;
  let check: NodeJS.Timeout | undefined;
  let closed = false;
  let listenedOnce = false;

  const setState = (next: TransportState, reason?: string) => {
    if (state === next) return;
    state = next;
    onState(next, reason);
  };

  const lost = (from: pg.Client, reason: string) => {
    if (client !== from) return;
    client = undefined;
    from.removeAllListeners('notification');
    from.end().catch(() => undefined);
    if (closed) return;
    setState('reconnecting', reason);
    schedule();
  };

  const schedule = () => {
    clearTimeout(retry);
    retry = setTimeout(() => void connect(), reconnectDelay(attempts++, backoff));
    retry.unref();
  };

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5000, application_name: 'chatport-signals' });
    next.on('error', (error) => lost(next, error.message.split('\n')[0] ?? 'error'));
    next.on('end', () => lost(next, 'connection ended'));
    next.on('notification', (note) => {
      if (note.channel === channel && note.payload !== undefined) handlers?.payload(note.payload);
    });
    try {
      client = next;
      await next.connect();
      // A quoted identifier: the channel is ours (letters, digits and _), never user input.
      await next.query(`LISTEN "${channel}"`);
    } catch (error) {
      if (client === next) lost(next, error instanceof Error ? error.message.split('\n')[0]! : String(error));
      return;
    }
    if (closed) return void next.end().catch(() => undefined);
    attempts = 0;
    setState('ok');
    // Listening again after a gap: whatever was sent meanwhile is read from the store.
    if (listenedOnce) handlers?.gap();
    listenedOnce = true;
  };

  return {
    name: 'postgres',
    maxPayload: MAX_PAYLOAD,
    async listen(given) {
      handlers = given;
      await connect();
      // A connection that died without a word (a host gone, a dropped route) shows on a cheap query.
      check = setInterval(() => {
        const current = client;
        if (!current || state !== 'ok') return;
        const timer = setTimeout(() => lost(current, 'no answer to the check'), 5000);
        current.query('SELECT 1').then(
          () => clearTimeout(timer),
          (error: unknown) => {
            clearTimeout(timer);
            lost(current, error instanceof Error ? error.message : String(error));
          },
        );
      }, checkMs);
      check.unref();
    },
    async send(payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    state: () => state,
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(check);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
};
