/** Counters exposed at GET /metrics in the Prometheus text format. */
export const createMetrics = () => {
  const counters = new Map<string, number>();
  const inc = (name: string, labels: Record<string, string> = {}, by = 1) => {
    const key = `${name}${formatLabels(labels)}`;
    counters.set(key, (counters.get(key) ?? 0) + by);
  };
  const render = (gauges: Record<string, number>): string => {
    const lines: string[] = [];
    for (const [key, value] of [...counters].sort()) lines.push(`${key} ${value}`);
    for (const [key, value] of Object.entries(gauges)) lines.push(`${key} ${value}`);
    return lines.join('\n') + '\n';
  };
  return { inc, render };
};

export type Metrics = ReturnType<typeof createMetrics>;

const formatLabels = (labels: Record<string, string>): string => {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
};
