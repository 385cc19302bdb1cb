import { describe, expect, it } from 'vitest';
import type { OutboxStats } from '../store/types.ts';
import { createMetrics } from './index.ts';
import { collectRelayGauges } from './relay-gauges.ts';

// biome-ignore lint/suspicious/noShadowRestrictedNames: a local helper; Object.prototype.valueOf is never meant here
const valueOf = (text: string, series: string) =>
  Number(
    text
      .split('\n')
      .find((line) => line.startsWith(`${series} `))
      ?.slice(series.length + 1),
  );

describe('relay gauges', () => {
  it('reads streams from the hub and the outbox from the store at each scrape', async () => {
    const metrics = createMetrics();
    const stats = { connections: 3, conversations: 2, delivered: 10, unsentBytes: 0 };
    let outbox: OutboxStats = { size: 4, oldestAt: 1_000_000 };
    collectRelayGauges({ metrics, hub: { stats: () => stats }, store: { outboxStats: async () => outbox }, now: () => 1_090_500 });

    let text = await metrics.render();
    expect(valueOf(text, 'chatport_streams')).toBe(3);
    expect(valueOf(text, 'chatport_stream_conversations')).toBe(2);
    expect(valueOf(text, 'chatport_stream_frames_total')).toBe(10);
    expect(valueOf(text, 'chatport_outbox_depth')).toBe(4);
    expect(valueOf(text, 'chatport_outbox_oldest_age_seconds')).toBe(90.5);

    Object.assign(stats, { connections: 0, conversations: 0, delivered: 15 });
    outbox = { size: 0 };
    text = await metrics.render();
    expect(valueOf(text, 'chatport_streams')).toBe(0);
    expect(valueOf(text, 'chatport_stream_frames_total')).toBe(15);
    expect(valueOf(text, 'chatport_outbox_depth')).toBe(0);
    expect(valueOf(text, 'chatport_outbox_oldest_age_seconds')).toBe(0);
  });
});
