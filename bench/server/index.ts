/**
 * Child process entry: `node --expose-gc --import tsx bench/server/index.ts sqlite|memory|bare`. Serves one server
 * under test and answers the parent's commands over IPC, so its memory holds the server and nothing of the clients.
 * BENCH_LOG_LEVEL sets the relay's LOG_LEVEL; BENCH_RELAY_ENV (JSON) gives it further settings.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import type { LogLevel } from '../../server/log.ts';
import { isServerKind, type Command, type FanoutReply, type Pauses, type Stats } from '../shared.ts';
import { createBareUnderTest } from './bare.ts';
import { createRelayUnderTest } from './relay.ts';

const kind = process.argv[2];
if (!isServerKind(kind)) throw new Error(`usage: index.ts sqlite|memory|bare (got ${kind})`);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const logLevel = (process.env['BENCH_LOG_LEVEL'] ?? 'info') as LogLevel;
const env = JSON.parse(process.env['BENCH_RELAY_ENV'] ?? '{}') as Record<string, string>;
const server = kind === 'bare' ? await createBareUnderTest() : await createRelayUnderTest({ store: kind, logLevel, env });

const gcPauses: number[] = [];
new PerformanceObserver((list) => list.getEntries().forEach((entry) => gcPauses.push(entry.duration))).observe({ entryTypes: ['gc'] });
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const pauses = (): Pauses => {
  const taken = gcPauses.splice(0);
  const result = { gcCount: taken.length, gcTotalMs: taken.reduce((a, b) => a + b, 0), gcMaxMs: Math.max(0, ...taken), loopMaxMs: loop.max / 1e6 };
  loop.reset();
  return result;
};

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 50));

const stats = async (): Promise<Stats> => {
  // Several passes with turns between them, so finalizers and weak callbacks run and the heap settles.
  for (let i = 0; i < 4; i++) {
    gc();
    await settle();
  }
  const { rss, heapUsed } = process.memoryUsage();
  const youngGen = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;
  return { rss, youngGen, heapUsed, connections: server.connections() };
};

const fanout = async (rounds: number): Promise<FanoutReply> => {
  const start = performance.now();
  await server.fanout(rounds);
  return { ms: performance.now() - start };
};

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

let inspector: Session | undefined;
const profile = async (name: string, on: boolean) => {
  const dir = process.env['BENCH_CPU_PROF'];
  if (!dir) return null;
  if (on) {
    inspector = new Session();
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
    return null;
  }
  if (!inspector) return null;
  const { profile: taken } = await inspector.post('Profiler.stop');
  inspector.disconnect();
  inspector = undefined;
  writeFileSync(join(dir, `${kind}-${name}.cpuprofile`), JSON.stringify(taken));
  return null;
};

const answer = async (command: Command): Promise<unknown> => {
  switch (command.type) {
    case 'setup':
      return server.setup(command.streams, command.shared);
    case 'stats':
      return stats();
    case 'fanout':
      return fanout(command.rounds);
    case 'cpu':
      return cpu();
    case 'pauses':
      return pauses();
    case 'profile':
      return profile(command.name, command.on);
    case 'stop':
      await server.close();
      setImmediate(() => process.exit(0));
      return null;
  }
};

process.on('message', (raw) => {
  const { id, command } = raw as { id: number; command: Command };
  answer(command).then(
    (result) => process.send!({ id, result }),
    (error: unknown) => process.send!({ id, error: error instanceof Error ? error.stack : String(error) }),
  );
});
// The parent going away (crash, Ctrl-C) ends this process too.
process.on('disconnect', () => process.exit(0));
process.send!({ id: 0, result: { url: server.url } });
