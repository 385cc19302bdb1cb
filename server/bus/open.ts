import type { Config } from '../config/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';
import { signalChannel } from './channel.ts';
import type { Transport, TransportState } from './types.ts';

/**
 * The transport for signals between relays, from the settings: none for a relay on its own (memory, SQLite),
 * Redis pub/sub with REDIS_URL, else Postgres LISTEN/NOTIFY on the store's database. Loaded only when asked for.
 */
export const openSignals = async ({ config, store, logger }: { config: Config; store: Store; logger: Logger }): Promise<Transport | undefined> => {
  if (config.store !== 'postgres' || !config.database) return undefined;
  const { pool } = store as Store & { pool?: import('pg').Pool };
  if (!pool) return undefined;
  const channel = await signalChannel(pool);
  const { redisUrl } = config.cluster;
  const transport = redisUrl ? 'redis' : 'postgres';
  // The reason comes from the driver (an address at most, never a password); states are logged as they change.
  const onState = (state: TransportState, reason?: string) =>
    state === 'ok' ? logger.info('signals.connected', { transport }) : logger.warn('signals.lost', { transport, state, ...(reason ? { reason } : {}) });
  if (redisUrl) {
    const { createRedisTransport } = await import('./redis.ts');
    return createRedisTransport({ url: redisUrl, channel, onState });
  }
  const { createPostgresTransport } = await import('./postgres.ts');
  return createPostgresTransport({ url: config.database.url, pool, channel, onState });
};
