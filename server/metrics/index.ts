import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CATALOGUE, type CounterName, type GaugeName, type HistogramName, type LabelArgs, type MetricName, type MetricSpec } from './catalogue.ts';

export type { CounterName, GaugeName, HistogramName, LabelsOf, MetricName } from './catalogue.ts';

export interface MetricsOptions {
  /**
   * Process metrics (CPU, memory, file descriptors, event loop, GC) under the `chatport_` prefix. prom-client's GC and
   * event-loop observers live as long as the process, so the relay turns them on only where /metrics can be read.
   */
  processMetrics?: boolean;
  /** A scrape hook failed (e.g. the store did not answer); its gauges keep their last value and the scrape goes on. */
  onCollectError?: (error: unknown) => void;
}

export interface BoundCounter {
  inc(by?: number): void;
}
export interface BoundHistogram {
  observe(seconds: number): void;
}

type Args<K extends MetricName, Rest extends unknown[] = []> = [...LabelArgs<K>, ...Rest];
type Labels = Record<string, string>;

/** Every combination of the values of a metric whose labels are all listed in advance; none when one is `any`. */
const combinations = (labels: MetricSpec['labels']): Labels[] =>
  Object.entries(labels).reduce<Labels[]>((sets, [name, values]) => (values === 'any' ? [] : sets.flatMap((set) => values.map((value) => ({ ...set, [name]: value })))), [{}]);

/**
 * The relay's metrics on prom-client, in a registry of its own (two relays can share a process): counters, gauges
 * and histograms from CATALOGUE only. Gauges that mirror state (streams open, outbox depth) are read at scrape time
 * by hooks. `counter(...)` binds labels once for hot paths.
 */
export const createMetrics = ({ processMetrics = false, onCollectError = () => {} }: MetricsOptions = {}) => {
  const registry = new Registry();
  const counters = new Map<string, Counter>();
  const gauges = new Map<string, Gauge>();
  const histograms = new Map<string, Histogram>();
  for (const [name, spec] of Object.entries(CATALOGUE) as [MetricName, MetricSpec][]) {
    const config = { name, help: spec.help, labelNames: Object.keys(spec.labels), registers: [registry] };
    const sets = config.labelNames.length === 0 ? [] : combinations(spec.labels);
    if (spec.type === 'counter') {
      const counter = new Counter(config);
      for (const labels of sets) counter.inc(labels, 0);
      counters.set(name, counter);
    } else if (spec.type === 'gauge') {
      gauges.set(name, new Gauge(config));
    } else {
      const histogram = new Histogram({ ...config, buckets: [...(spec.buckets ?? [])] });
      for (const labels of sets) histogram.zero(labels);
      histograms.set(name, histogram);
    }
  }
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: 'chatport_' });
  const hooks: (() => unknown)[] = [];
  // Bound counters count into a plain number, added to prom-client at scrape time: prom-client hashes the label set
  // on every increment (~90 ns), a bound counter costs an addition (~4 ns). Cached by label set, so binding again
  // (even per request) returns the same counter and never grows the list.
  const bound = new Map<string, { counter: BoundCounter; flush(): void }>();
  const flushBound = () => {
    for (const { flush } of bound.values()) flush();
  };

  // Names are checked by the type checker; this catches a caller the type checker does not see.
  const known = <T>(map: Map<string, T>, name: string, type: string): T => {
    const metric = map.get(name);
    if (!metric) throw new Error(`no ${type} named ${name} in the metrics catalogue`);
    return metric;
  };
  const counterOf = (name: CounterName) => known(counters, name, 'counter');
  return {
    contentType: registry.contentType,

    inc<K extends CounterName>(name: K, ...args: Args<K, [by?: number]>): void {
      const [labels, by = 1] = args as unknown as [Labels | undefined, number | undefined];
      if (labels && Object.keys(labels).length > 0) counterOf(name).inc(labels, by);
      else counterOf(name).inc(by);
    },
    set<K extends GaugeName>(name: K, value: number, ...args: Args<K>): void {
      const [labels] = args as [Labels | undefined];
      if (labels) known(gauges, name, 'gauge').set(labels, value);
      else known(gauges, name, 'gauge').set(value);
    },
    observe<K extends HistogramName>(name: K, seconds: number, ...args: Args<K>): void {
      const [labels] = args as [Labels | undefined];
      if (labels && Object.keys(labels).length > 0) known(histograms, name, 'histogram').observe(labels, seconds);
      else known(histograms, name, 'histogram').observe(seconds);
    },
    /** A counter with its labels bound once, for hot paths: an increment is an addition. */
    counter<K extends CounterName>(name: K, ...args: Args<K>): BoundCounter {
      const [labels] = args as [Labels | undefined];
      const counter = counterOf(name);
      const key = `${name}${JSON.stringify(Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
      let entry = bound.get(key);
      if (!entry) {
        const child = labels && Object.keys(labels).length > 0 ? counter.labels(labels) : { inc: (by: number) => counter.inc(by) };
        let pending = 0;
        entry = {
          counter: { inc: (by = 1) => void (pending += by) },
          flush: () => {
            if (pending > 0) child.inc(pending);
            pending = 0;
          },
        };
        bound.set(key, entry);
      }
      return entry.counter;
    },
    histogram<K extends HistogramName>(name: K, ...args: Args<K>): BoundHistogram {
      const [labels] = args as [Labels | undefined];
      const histogram = known(histograms, name, 'histogram');
      return labels && Object.keys(labels).length > 0 ? histogram.labels(labels as Labels) : { observe: (seconds) => histogram.observe(seconds) };
    },
    /** Runs before each scrape, to set gauges from current state. */
    onScrape(hook: () => unknown): void {
      hooks.push(hook);
    },
    /** The Prometheus text format, HELP and TYPE lines included. */
    async render(): Promise<string> {
      const results = await Promise.allSettled(hooks.map(async (hook) => hook()));
      for (const result of results) if (result.status === 'rejected') onCollectError(result.reason);
      flushBound();
      return registry.metrics();
    },
  };
};

export type Metrics = ReturnType<typeof createMetrics>;
