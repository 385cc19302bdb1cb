import type { Hub } from '../hub/index.ts';
import type { Store } from '../store/types.ts';
import type { Metrics } from './index.ts';

/** Gauges read at scrape time from the hub (streams) and the store (the outbox's depth and oldest age). */
export const collectRelayGauges = ({
  metrics,
  hub,
  store,
  now = Date.now,
}: {
  metrics: Metrics;
  hub: Pick<Hub, 'stats'>;
  store: Pick<Store, 'outboxStats'>;
  now?: () => number;
}) => {
  let frames = 0;
  metrics.onScrape(() => {
    const stats = hub.stats();
    metrics.set('chatport_streams', stats.connections);
    metrics.set('chatport_stream_conversations', stats.conversations);
    // The hub counts frames itself; the counter takes what was added since the last scrape.
    if (stats.delivered > frames) metrics.inc('chatport_stream_frames_total', {}, stats.delivered - frames);
    frames = stats.delivered;
  });
  metrics.onScrape(async () => {
    const { size, oldestAt } = await store.outboxStats();
    metrics.set('chatport_outbox_depth', size);
    metrics.set('chatport_outbox_oldest_age_seconds', oldestAt === undefined ? 0 : Math.max(0, (now() - oldestAt) / 1000));
  });
};
