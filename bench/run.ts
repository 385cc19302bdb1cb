/**
 * Relay benchmarks: `npm run bench [-- --quick] [-- --only push,latency,memory,fanout,streams] [-- --log-level warn]`.
 * Every figure is measured for the relay on SQLite, on the memory store and for a bare node:http SSE server in the
 * same run; loopback only; the run bounds itself.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { runFanout, type FanoutScenario } from './fanout.ts';
import { runLatency, type LatencyOptions } from './latency.ts';
import { runMemory, type MemoryOptions } from './memory.ts';
import { describeNet, readNet } from './net.ts';
import { readFdLimits } from './proc.ts';
import { runPush, type PushOptions } from './push.ts';
import { runScaleout, type ScaleoutOptions } from './scaleout.ts';
import { formatTable, type Row } from './report.ts';
import type { ServerKind } from './shared.ts';
import { runStreams, type StreamsOptions } from './streams.ts';

// Each held stream costs one descriptor here and one in the server: run with the soft limit raised to the hard one.
const limits = readFdLimits();
if (limits && limits.soft < limits.hard && process.env['BENCH_FD_RAISED'] === undefined) {
  const raised = Number.isFinite(limits.hard) ? String(limits.hard) : 'unlimited';
  const { status } = spawnSync('/bin/sh', ['-c', `ulimit -n ${raised} && exec "$0" "$@"`, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_FD_RAISED: '1' },
  });
  process.exit(status ?? 1);
}

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const quick = args.includes('--quick');
const PHASES = ['push', 'latency', 'memory', 'fanout', 'streams', 'scaleout'] as const;
const only = option('--only')?.split(',') ?? [...PHASES];
const unknown = only.filter((name) => !(PHASES as readonly string[]).includes(name));
if (unknown.length > 0) throw new Error(`--only: unknown phase ${unknown.join(', ')}; expected some of ${PHASES.join(', ')}`);
const logLevel = option('--log-level') ?? 'info';
const spawnOptions = { logLevel };
const ALL: readonly ServerKind[] = ['bare', 'sqlite', 'memory'];

const fdSoft = readFdLimits()?.soft ?? 1024;
const maxStreams = Math.floor(fdSoft * 0.9) - 200;
const capped = (wanted: number) => Math.max(1, Math.min(wanted, maxStreams));
// The push phase holds every server's streams at once (their rounds take turns), and 64 senders for each.
const cappedEach = (wanted: number) => Math.max(1, Math.min(wanted, Math.floor((maxStreams - 3 * 64) / 3)));

const sizes = quick
  ? {
      push: {
        visitors: cappedEach(2000),
        loads: [
          { senders: 1, pushes: 200 },
          { senders: 64, pushes: 4000 },
        ],
        repeats: 1,
      } satisfies PushOptions,
      latency: { visitors: capped(1000), rate: 500, seconds: 2, warmupSeconds: 1 } satisfies LatencyOptions,
      memory: { streams: capped(2000), steps: 2 } satisfies MemoryOptions,
      fanout: [
        { shared: true, streams: capped(200), rounds: 250, repeats: 1 },
        { shared: false, streams: capped(200), rounds: 250, repeats: 1 },
      ] satisfies FanoutScenario[],
      streams: { target: 5000 } satisfies StreamsOptions,
      scaleout: { visitors: capped(200), rate: 200, seconds: 3, throughputPushes: 1000 } satisfies ScaleoutOptions,
    }
  : {
      push: {
        visitors: cappedEach(10_000),
        loads: [
          { senders: 1, pushes: 1000 },
          { senders: 64, pushes: 20_000 },
        ],
        repeats: 3,
      } satisfies PushOptions,
      latency: { visitors: capped(10_000), rate: 1000, seconds: 20, warmupSeconds: 1 } satisfies LatencyOptions,
      memory: { streams: capped(10_000) } satisfies MemoryOptions,
      fanout: [
        { shared: true, streams: capped(1000), rounds: 200 },
        { shared: false, streams: capped(1000), rounds: 200 },
      ] satisfies FanoutScenario[],
      streams: { target: 50_000 } satisfies StreamsOptions,
      scaleout: { visitors: capped(1000), rate: 500, seconds: 10, throughputPushes: 5000 } satisfies ScaleoutOptions,
    };

const log = (line: string) => console.log(`· ${line}`);
const started = performance.now();
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
console.log(`chatport relay bench (${quick ? 'quick' : 'full'}) — ${new Date().toISOString()}`);
console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ulimit -n ${fdSoft} (hard ${limits?.hard ?? '?'}), relay LOG_LEVEL=${logLevel}`,
);
console.log(`load average at start: ${load()}`);

const phases: Record<(typeof PHASES)[number], () => Promise<Row[]>> = {
  push: () => runPush(sizes.push, ALL, spawnOptions, log),
  latency: () => runLatency(sizes.latency, ALL, spawnOptions, log),
  memory: () => runMemory(sizes.memory, ALL, spawnOptions, log),
  fanout: () => runFanout(sizes.fanout, spawnOptions, log),
  streams: () => runStreams(sizes.streams, ['bare', 'sqlite'], spawnOptions, log),
  scaleout: () => runScaleout(sizes.scaleout, log),
};
const rows: Row[] = [];
for (const name of PHASES) {
  if (!only.includes(name)) continue;
  const before = readNet();
  rows.push(...(await phases[name]()));
  log(`${name}: loopback during the phase: ${describeNet(before, readNet())}; load average ${load()}`);
}

console.log('');
console.log(formatTable(rows));
console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s; load average at the end: ${load()}`);
process.exit(0);
