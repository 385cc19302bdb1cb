import { spawnServer, type ServerProcess, type SpawnOptions } from './child.ts';
import { createMarkerCounter, openStreams } from './client.ts';
import { median, until, type Row } from './report.ts';
import { FANOUT_TEXT, type ServerKind } from './shared.ts';

export interface FanoutScenario {
  /** true: every stream on one conversation (one publish reaches all); false: one stream per conversation. */
  shared: boolean;
  streams: number;
  /** Events per conversation in each measured round. */
  rounds: number;
  /** Measured rounds; the median is reported. */
  repeats?: number;
}

interface RoundResult {
  /** Deliveries per wall second, counted at the clients. */
  perSecond: number;
  /** Deliveries per CPU second of the server process over the same span (publish loop and the flushing after it). */
  perServerCpuSecond: number;
  clientCpuMs: number;
  serverCpuMs: number;
  wallMs: number;
}

const label = ({ shared, streams }: FanoutScenario) => (shared ? `1 conversation × ${streams} streams` : `${streams} conversations × 1 stream`);

/**
 * Deliveries counted where they land: frames received by the client sockets, from the publish command to the last
 * frame. The relay publishes through its hub; the bare server loops over its responses writing one preformatted
 * frame of the same size.
 */
const runScenario = async (server: ServerProcess, scenario: FanoutScenario): Promise<RoundResult> => {
  const { targets } = await server.setup(scenario.streams, scenario.shared);
  const counters = targets.map(() => createMarkerCounter(FANOUT_TEXT));
  let received = 0;
  let lastAt = 0;
  const clients = await openStreams(server.url, targets, {
    onData: (index, chunk) => {
      received += counters[index]!(chunk);
      lastAt = performance.now();
    },
  });
  try {
    const round = async (rounds: number): Promise<RoundResult> => {
      const deliveries = rounds * scenario.streams;
      const expected = received + deliveries;
      const serverCpu = await server.cpuMs();
      const clientCpu = process.cpuUsage();
      const start = performance.now();
      await server.fanout(rounds);
      if (!(await until(() => received >= expected, 30_000, 2))) throw new Error(`${server.kind} ${label(scenario)}: ${expected - received} deliveries missing`);
      if (received !== expected) throw new Error(`${server.kind} ${label(scenario)}: ${received - expected} deliveries more than published`);
      const wallMs = lastAt - start;
      const serverCpuMs = (await server.cpuMs()) - serverCpu;
      const used = process.cpuUsage(clientCpu);
      return { perSecond: deliveries / (wallMs / 1000), perServerCpuSecond: deliveries / (serverCpuMs / 1000), serverCpuMs, clientCpuMs: (used.user + used.system) / 1000, wallMs };
    };
    await round(Math.max(5, Math.ceil(scenario.rounds / 5))); // warm-up: JIT, socket buffers
    const results: RoundResult[] = [];
    for (let i = 0; i < (scenario.repeats ?? 3); i++) results.push(await round(scenario.rounds));
    const open = (await server.stats()).connections;
    if (open !== scenario.streams) throw new Error(`${server.kind} ${label(scenario)}: ${scenario.streams - open} streams dropped`);
    const typical = results.find((r) => r.perSecond === median(results.map((x) => x.perSecond)))!;
    return { ...typical, perServerCpuSecond: median(results.map((r) => r.perServerCpuSecond)) };
  } finally {
    clients.forEach((client) => client.close());
    await until(async () => (await server.stats()).connections === 0, 10_000);
  }
};

const measure = async (kind: ServerKind, scenarios: FanoutScenario[], spawnOptions: SpawnOptions) => {
  const server = await spawnServer(kind, spawnOptions);
  try {
    const results: RoundResult[] = [];
    for (const scenario of scenarios) results.push(await runScenario(server, scenario));
    return results;
  } finally {
    await server.stop();
  }
};

const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

/** In-process publishing skips HTTP and the store: the relay runs on the memory store here, against bare. */
export const runFanout = async (scenarios: FanoutScenario[], spawnOptions: SpawnOptions, log: (line: string) => void): Promise<Row[]> => {
  const results: Partial<Record<ServerKind, RoundResult[]>> = {};
  for (const kind of ['bare', 'memory'] as const) {
    const measured = (results[kind] = await measure(kind, scenarios, spawnOptions));
    measured.forEach((r, i) =>
      log(
        `fan-out: ${kind.padEnd(6)} ${label(scenarios[i]!)}: ${thousands(r.perSecond)} deliveries/s (median round: ${r.wallMs.toFixed(0)} ms wall, CPU server ${r.serverCpuMs.toFixed(0)} ms, clients ${r.clientCpuMs.toFixed(0)} ms); ${thousands(r.perServerCpuSecond)} per server CPU-second`,
      ),
    );
  }
  return scenarios.flatMap((scenario, i) => {
    const relay = results.memory![i]!;
    const bare = results.bare![i]!;
    const repeats = scenario.repeats ?? 3;
    const deliveries = `${thousands(scenario.rounds * scenario.streams)} deliveries per round, ${repeats > 1 ? `median of ${repeats} rounds` : 'one round'}`;
    return [
      {
        name: `fan-out, ${label(scenario)}`,
        values: { memory: relay.perSecond / 1000, bare: bare.perSecond / 1000 },
        unit: 'k/s',
        goal: '≥ 150k/s',
        note: `${deliveries}, published in-process through the hub (no HTTP, no store), counted at the clients (same 2 cores)`,
      },
      { name: `  per server CPU-second`, values: { memory: relay.perServerCpuSecond / 1000, bare: bare.perServerCpuSecond / 1000 }, unit: 'k/s' },
    ];
  });
};
