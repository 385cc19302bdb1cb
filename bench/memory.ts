import { spawnServer } from './child.ts';
import { openStreams, type StreamClient } from './client.ts';
import { sleep, until, type Row } from './report.ts';
import type { ServerKind, Stats } from './shared.ts';
import type { SpawnOptions } from './child.ts';

export interface MemoryOptions {
  /** Idle streams held open while the server's RSS is read. */
  streams: number;
  /** They are opened in this many equal steps, with a reading after each. */
  steps?: number;
  /** Streams opened and closed before the baseline, so lazily built code and pools exist in both readings. */
  warmup?: number;
}

const KB = 1024;

/**
 * RSS per idle SSE connection: the server runs alone in a child process; the streams are held from this process;
 * GC is forced in the child before each reading. Reports the before/after RSS difference per stream, and the same
 * without V8's young generation: that space is bounded and grows with the allocation rate, not with streams, and
 * it grows during the setup of one server and during the streams of the other, which skews the raw figure.
 */
const measure = async (kind: ServerKind, { streams, steps = 5, warmup = 200 }: MemoryOptions, spawnOptions: SpawnOptions) => {
  const server = await spawnServer(kind, spawnOptions);
  const clients: StreamClient[] = [];
  try {
    const { targets } = await server.setup(streams + warmup, false);
    const warm = await openStreams(server.url, targets.slice(streams));
    warm.forEach((client) => client.close());
    if (!(await until(async () => (await server.stats()).connections === 0, 10_000))) throw new Error(`${kind}: warm-up streams did not close`);
    const before = await server.stats();
    const readings = [before];
    for (let step = 0; step < steps; step++) {
      const from = Math.round((step * streams) / steps);
      const to = Math.round(((step + 1) * streams) / steps);
      clients.push(...(await openStreams(server.url, targets.slice(from, to))));
      await sleep(300);
      readings.push(await server.stats());
    }
    const after = readings[readings.length - 1]!;
    if (after.connections !== streams) throw new Error(`${kind}: ${after.connections} of ${streams} streams open at the reading`);
    const perStream = (a: Stats, b: Stats, bytes: (s: Stats) => number) => (bytes(b) - bytes(a)) / (b.connections - a.connections) / KB;
    const settled = (s: Stats) => s.rss - s.youngGen;
    return {
      rss: perStream(before, after, (s) => s.rss),
      settled: perStream(before, after, settled),
      steps: readings.slice(1).map((reading, i) => perStream(readings[i]!, reading, settled)),
      heap: perStream(before, after, (s) => s.heapUsed),
      rssMb: after.rss / KB / KB,
      youngGrowthMb: (after.youngGen - before.youngGen) / KB / KB,
    };
  } finally {
    clients.forEach((client) => client.close());
    await server.stop();
  }
};

export const runMemory = async (options: MemoryOptions, kinds: readonly ServerKind[], spawnOptions: SpawnOptions, log: (line: string) => void): Promise<Row[]> => {
  const results: Partial<Record<ServerKind, Awaited<ReturnType<typeof measure>>>> = {};
  for (const kind of kinds) {
    const r = (results[kind] = await measure(kind, options, spawnOptions));
    log(
      `memory: ${kind.padEnd(6)} ${r.rss.toFixed(2)} KB RSS per stream with ${options.streams} open (RSS ${r.rssMb.toFixed(0)} MB, young generation ${r.youngGrowthMb >= 0 ? '+' : ''}${r.youngGrowthMb.toFixed(1)} MB); ` +
        `without young generation, per step: ${r.steps.map((kb) => kb.toFixed(2)).join(', ')} KB`,
    );
  }
  const pick = (value: (r: Awaited<ReturnType<typeof measure>>) => number) => Object.fromEntries(Object.entries(results).map(([kind, r]) => [kind, value(r)])) as Row['values'];
  return [
    { name: `RSS per idle SSE stream (${options.streams} open)`, values: pick((r) => r.rss), unit: 'KB', digits: 2, goal: '≤ 13 KB' },
    { name: `  without V8 young generation`, values: pick((r) => r.settled), unit: 'KB', digits: 2 },
    { name: `  JS heap per stream`, values: pick((r) => r.heap), unit: 'KB', digits: 2 },
  ];
};
