import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue.ts';
import { createMetrics } from './index.ts';

/** The value of one series in the text format, e.g. `chatport_webhooks_total{outcome="accepted"}`. */
// biome-ignore lint/suspicious/noShadowRestrictedNames: a local helper; Object.prototype.valueOf is never meant here
const valueOf = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((each) => each.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('metrics', () => {
  it('renders every catalogue metric once with HELP and TYPE, prefixed chatport_, known label values at 0', async () => {
    const text = await createMetrics().render();
    for (const [name, spec] of Object.entries(CATALOGUE)) {
      expect(name).toMatch(/^chatport_[a-z_]+$/);
      expect(text.split('\n').filter((line) => line.startsWith(`# HELP ${name} `))).toHaveLength(1);
      expect(text).toContain(`# TYPE ${name} ${spec.type}`);
    }
    expect(valueOf(text, 'chatport_webhooks_total{outcome="signature"}')).toBe(0);
    expect(valueOf(text, 'chatport_delivery_duration_seconds_count{outcome="delivered"}')).toBe(0);
  });

  it('counts through inc and bound counters, sets gauges, observes histograms', async () => {
    const metrics = createMetrics();
    const accepted = metrics.counter('chatport_webhooks_total', { outcome: 'accepted' });
    accepted.inc();
    accepted.inc(2);
    // Binding the same labels again gives the same counter.
    metrics.counter('chatport_webhooks_total', { outcome: 'accepted' }).inc();
    metrics.inc('chatport_webhooks_total', { outcome: 'accepted' });
    metrics.inc('chatport_refusals_total', { route: '/v1/messages', code: 'rate_limited' });
    metrics.inc('chatport_streams_opened_total');
    metrics.counter('chatport_streams_opened_total').inc(4);
    metrics.set('chatport_outbox_depth', 7);
    metrics.observe('chatport_webhook_to_stream_seconds', 0.003);
    metrics.histogram('chatport_webhook_to_stream_seconds').observe(0.2);
    const text = await metrics.render();
    expect(valueOf(text, 'chatport_webhooks_total{outcome="accepted"}')).toBe(5);
    expect(valueOf(text, 'chatport_refusals_total{route="/v1/messages",code="rate_limited"}')).toBe(1);
    expect(valueOf(text, 'chatport_streams_opened_total')).toBe(5);
    expect(valueOf(text, 'chatport_outbox_depth')).toBe(7);
    expect(valueOf(text, 'chatport_webhook_to_stream_seconds_bucket{le="0.005"}')).toBe(1);
    expect(valueOf(text, 'chatport_webhook_to_stream_seconds_count')).toBe(2);
    // A bound counter's counts are kept across scrapes, not counted twice.
    accepted.inc();
    expect(valueOf(await metrics.render(), 'chatport_webhooks_total{outcome="accepted"}')).toBe(6);
  });

  it("keeps each relay's metrics apart and out of prom-client's global registry", async () => {
    const one = createMetrics();
    const two = createMetrics();
    one.inc('chatport_sessions_total', { kind: 'new' });
    expect(valueOf(await one.render(), 'chatport_sessions_total{kind="new"}')).toBe(1);
    expect(valueOf(await two.render(), 'chatport_sessions_total{kind="new"}')).toBe(0);
    expect(await globalRegistry.metrics()).not.toContain('chatport_');
  });

  it('adds process metrics under the prefix only when asked', async () => {
    expect(await createMetrics().render()).not.toContain('process_cpu');
    const text = await createMetrics({ processMetrics: true }).render();
    expect(text).toContain('# TYPE chatport_process_cpu_seconds_total counter');
    expect(text).toContain('chatport_nodejs_eventloop_lag_seconds');
  });

  it('runs scrape hooks before rendering; a failing one is reported and the rest still render', async () => {
    const failures: unknown[] = [];
    const metrics = createMetrics({ onCollectError: (error) => failures.push(error) });
    metrics.onScrape(() => metrics.set('chatport_streams', 3));
    metrics.onScrape(async () => {
      throw new Error('store unreachable');
    });
    const text = await metrics.render();
    expect(valueOf(text, 'chatport_streams')).toBe(3);
    expect(failures).toEqual([new Error('store unreachable')]);
  });

  it('takes only catalogue names and labels: the type checker refuses others, and so does the code at run time', () => {
    const metrics = createMetrics();
    // @ts-expect-error a misspelt name
    expect(() => metrics.inc('chatport_webhook_total', { outcome: 'accepted' })).toThrow(/no counter named chatport_webhook_total/);
    // @ts-expect-error a gauge is not a counter
    expect(() => metrics.inc('chatport_outbox_depth')).toThrow(/no counter named chatport_outbox_depth/);
    // @ts-expect-error a label the metric does not have
    expect(() => metrics.inc('chatport_streams_opened_total', { route: '/v1/stream' })).toThrow(/label/);
    // Label values are the type checker's alone (checking each increment would cost the hot path).
    // @ts-expect-error a label value the catalogue does not list
    metrics.counter('chatport_webhooks_total', { outcome: 'acepted' });
  });
});
