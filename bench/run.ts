/**
 * Relay benchmarks: `npx tsx bench/run.ts [--quick] [--only memory,fanout,latency,scaleout]`. Every figure is measured for
 * the relay and for a bare node:http SSE server in the same run; loopback only; the run bounds itself.
 */
import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { runFanout, type FanoutScenario } from './fanout.ts';
import { runLatency, type LatencyOptions } from './latency.ts';
import { runMemory, type MemoryOptions } from './memory.ts';
import { runScaleout, type ScaleoutOptions } from './scaleout.ts';
import { describeNet, readNet } from './net.ts';
import { formatTable, type Row } from './report.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args[args.indexOf('--only') + 1];
const only = args.includes('--only') && onlyArg ? onlyArg.split(',') : ['memory', 'fanout', 'latency', 'scaleout'];

/** Each held stream costs one descriptor here and one in the server: stay well inside the soft limit. */
const fdLimit = (): number => {
  const raw = execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim();
  return raw === 'unlimited' ? Number.POSITIVE_INFINITY : Number(raw);
};
const maxStreams = Math.floor(fdLimit() * 0.9) - 200;
const capped = (wanted: number) => Math.max(1, Math.min(wanted, maxStreams));

const sizes = quick
  ? {
      memory: { streams: capped(2000), steps: 2 } satisfies MemoryOptions,
      fanout: [
        { shared: true, streams: capped(200), rounds: 250, repeats: 1 },
        { shared: false, streams: capped(200), rounds: 250, repeats: 1 },
      ] satisfies FanoutScenario[],
      latency: { visitors: capped(1000), rate: 500, seconds: 2, warmupSeconds: 1 } satisfies LatencyOptions,
      scaleout: { visitors: capped(200), rate: 200, seconds: 3, throughputPushes: 1000 } satisfies ScaleoutOptions,
    }
  : {
      memory: { streams: capped(10_000) } satisfies MemoryOptions,
      fanout: [
        { shared: true, streams: capped(1000), rounds: 200 },
        { shared: false, streams: capped(1000), rounds: 200 },
      ] satisfies FanoutScenario[],
      latency: { visitors: capped(10_000), rate: 1000, seconds: 20, warmupSeconds: 1 } satisfies LatencyOptions,
      scaleout: { visitors: capped(1000), rate: 500, seconds: 10, throughputPushes: 5000 } satisfies ScaleoutOptions,
    };

const log = (line: string) => console.log(`· ${line}`);
const started = performance.now();
console.log(`chatport relay bench (${quick ? 'quick' : 'full'}) — ${new Date().toISOString()}`);
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ulimit -n ${fdLimit()}`);

const phases = { memory: () => runMemory(sizes.memory, log), fanout: () => runFanout(sizes.fanout, log), latency: () => runLatency(sizes.latency, log), scaleout: () => runScaleout(sizes.scaleout, log) };
const rows: Row[] = [];
for (const [name, run] of Object.entries(phases)) {
  if (!only.includes(name)) continue;
  const before = readNet();
  rows.push(...(await run()));
  log(`${name}: loopback during the phase: ${describeNet(before, readNet())}`);
}

console.log('');
console.log(formatTable(rows));
console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(0);
