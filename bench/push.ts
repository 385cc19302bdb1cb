import { spawnServer, type SpawnOptions } from './child.ts';
import { openStreams } from './client.ts';
import type { IoCounters } from './proc.ts';
import { median, percentile, until, type Row } from './report.ts';
import { openSender, requestBytes, type Sender } from './sender.ts';
import { createMarkReader, pushBody, signPush, SIGNATURE_HEADER, type ServerKind, type SetupReply } from './shared.ts';

export interface PushOptions {
  /** Visitors, each with one open stream; pushes go to them in turn, each to a different visitor than the last. */
  visitors: number;
  /** Concurrent senders (keep-alive connections, one push in flight each) and the pushes of one round with them. */
  loads: { senders: number; pushes: number }[];
  /** Measured rounds per load (after one warm-up round of a fifth of the pushes); the median is reported. */
  repeats: number;
}

interface RoundResult {
  perSecond: number;
  cpuUsPerPush: number;
  syscallsPerPush: number;
  diskBytesPerPush: number;
  p50: number;
  p99: number;
  failures: number;
  missing: number;
}

const RECEIVE_MS = 30_000;

/** A server under test with its streams open, ready for rounds of pushes. */
const prepare = async (kind: ServerKind, { visitors, loads, repeats }: PushOptions, spawnOptions: SpawnOptions) => {
  const server = await spawnServer(kind, spawnOptions);
  const senders: Sender[] = [];
  const setup: SetupReply = await server.setup(visitors, false);
  const { host, hostname, port } = new URL(server.url);
  const capacity = loads.reduce((sum, load) => sum + Math.ceil(load.pushes / 5) + load.pushes * repeats, 0);
  const sentAt = new Float64Array(capacity).fill(Number.NaN);
  const receivedAt = new Float64Array(capacity).fill(Number.NaN);
  let received = 0;
  const readMarks = createMarkReader('P', setup.targets.length, receivedAt);
  const clients = await openStreams(server.url, setup.targets, {
    onData: (index, chunk) => void (received += readMarks(index, chunk, performance.now())),
  });
  let next = 0;

  /**
   * Closed loop: each of `width` senders posts a signed UChat push, waits for the answer, posts the next. Timed per
   * push from its request being written to its frame arriving on the visitor's stream; the round lasts until every
   * frame arrived.
   */
  const round = async (count: number, width: number): Promise<RoundResult> => {
    while (senders.length < width) senders.push(await openSender(Number(port), hostname));
    const first = next;
    const requests = Array.from({ length: count }, (_, i) => {
      const n = first + i;
      const body = pushBody(setup.targets[n % setup.targets.length]!.id, `P${n}`);
      return requestBytes(host, setup.publishPath, body, { [SIGNATURE_HEADER]: signPush(setup.verificationKey, body) });
    });
    next += count;
    const expected = received + count;
    let failures = 0;
    let taken = 0;
    const cpuBefore = await server.cpuMs();
    const ioBefore = server.io();
    const start = performance.now();
    await Promise.all(
      senders.slice(0, width).map(async (sender) => {
        while (taken < count) {
          const i = taken++;
          sentAt[first + i] = performance.now();
          const status = await sender.send(requests[i]!);
          if (status < 200 || status > 299) failures++;
        }
      }),
    );
    await until(() => received >= expected, RECEIVE_MS, 2);
    let last = start;
    const latencies: number[] = [];
    for (let n = first; n < first + count; n++) {
      if (Number.isNaN(receivedAt[n]!)) continue;
      latencies.push(receivedAt[n]! - sentAt[n]!);
      if (receivedAt[n]! > last) last = receivedAt[n]!;
    }
    const cpuMs = (await server.cpuMs()) - cpuBefore;
    const io = server.io();
    const perPush = (counter: keyof IoCounters) => (io && ioBefore ? (io[counter] - ioBefore[counter]) / count : Number.NaN);
    latencies.sort((a, b) => a - b);
    return {
      perSecond: latencies.length / ((last - start) / 1000),
      cpuUsPerPush: (cpuMs * 1000) / count,
      syscallsPerPush: perPush('syscw'),
      diskBytesPerPush: perPush('writeBytes'),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      failures,
      missing: count - latencies.length,
    };
  };

  return {
    kind,
    round,
    profile: server.profile,
    stop: async () => {
      senders.forEach((sender) => sender.close());
      clients.forEach((client) => client.close());
      await server.stop();
    },
  };
};

const summarise = (rounds: RoundResult[]): RoundResult => {
  const typical = (pick: (r: RoundResult) => number) => median(rounds.map(pick));
  return {
    perSecond: typical((r) => r.perSecond),
    cpuUsPerPush: typical((r) => r.cpuUsPerPush),
    syscallsPerPush: typical((r) => r.syscallsPerPush),
    diskBytesPerPush: typical((r) => r.diskBytesPerPush),
    p50: typical((r) => r.p50),
    p99: typical((r) => r.p99),
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
    missing: rounds.reduce((sum, r) => sum + r.missing, 0),
  };
};

/**
 * Every server runs at once, each with its own visitors streaming, and their rounds take turns (bare, sqlite,
 * memory, bare, …): a machine that gets busier or quieter during the phase weighs on all of them alike, which keeps
 * the ratios meaningful on a shared machine. Each figure is the median of the rounds.
 */
const measure = async (kinds: readonly ServerKind[], options: PushOptions, spawnOptions: SpawnOptions, log: (line: string) => void) => {
  const servers = [];
  const results: Partial<Record<ServerKind, RoundResult[]>> = {};
  try {
    for (const kind of kinds) servers.push(await prepare(kind, options, spawnOptions));
    for (const { senders: width, pushes } of options.loads) {
      for (const server of servers) await server.round(Math.ceil(pushes / 5), width); // warm-up: JIT, socket buffers, caches
      const rounds = new Map<ServerKind, RoundResult[]>(kinds.map((kind) => [kind, []]));
      for (const server of servers) await server.profile(`push-${width}`, true);
      for (let r = 0; r < options.repeats; r++) for (const server of servers) rounds.get(server.kind)!.push(await server.round(pushes, width));
      for (const server of servers) await server.profile(`push-${width}`, false);
      for (const [kind, taken] of rounds) {
        const result = summarise(taken);
        (results[kind] ??= []).push(result);
        log(
          `push: ${kind.padEnd(6)} ${width} sender${width > 1 ? 's' : ''}: ${Math.round(result.perSecond).toLocaleString('en-US')}/s (rounds ${taken.map((r) => Math.round(r.perSecond)).join(', ')}), ` +
            `${result.cpuUsPerPush.toFixed(0)} µs CPU, ${result.syscallsPerPush.toFixed(1)} write syscalls, ${(result.diskBytesPerPush / 1024).toFixed(1)} KB to disk per push; ` +
            `p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms; ${result.failures} failed, ${result.missing} frames missing`,
        );
      }
    }
  } finally {
    for (const server of servers) await server.stop();
  }
  return results;
};

export const runPush = async (options: PushOptions, kinds: readonly ServerKind[], spawnOptions: SpawnOptions, log: (line: string) => void): Promise<Row[]> => {
  const results = await measure(kinds, options, spawnOptions, log);
  const pick = (load: number, value: (r: RoundResult) => number) => Object.fromEntries(Object.entries(results).map(([kind, r]) => [kind, value(r[load]!)])) as Row['values'];
  const facts = (load: number) =>
    Object.entries(results)
      .map(([kind, r]) => `${kind} ${r[load]!.failures} failed, ${r[load]!.missing} missing`)
      .join('; ');
  const rows: Row[] = [];
  options.loads.forEach(({ senders, pushes }, load) => {
    const who = `${senders} sender${senders > 1 ? 's' : ''}`;
    rows.push({
      name: `pushes routed 1:1 per second, ${who}`,
      values: pick(load, (r) => r.perSecond),
      unit: '/s',
      digits: 0,
      goal: senders > 1 ? 'sqlite ≥ 0.4×, memory ≥ 0.5×' : '',
      note: `${options.visitors.toLocaleString('en-US')} visitors streaming, signed pushes each to the next visitor, ${pushes.toLocaleString('en-US')} per round, median of ${options.repeats} rounds taking turns across the servers; ${facts(load)}`,
    });
    if (senders === 1) return;
    rows.push(
      { name: `  server CPU per push (${who})`, values: pick(load, (r) => r.cpuUsPerPush), unit: 'µs', digits: 0 },
      {
        name: `  write syscalls per push (${who})`,
        values: pick(load, (r) => r.syscallsPerPush),
        unit: '',
        digits: 1,
        note: 'syscw of /proc/<pid>/io: write, writev, pwrite… to sockets and files; fsync not counted',
      },
      { name: `  bytes written to disk per push (${who})`, values: pick(load, (r) => r.diskBytesPerPush / 1024), unit: 'KB', digits: 1, note: 'write_bytes of /proc/<pid>/io' },
      { name: `  push→frame p50 at saturation (${who})`, values: pick(load, (r) => r.p50), unit: 'ms', digits: 2 },
      { name: `  push→frame p99 at saturation (${who})`, values: pick(load, (r) => r.p99), unit: 'ms', digits: 2 },
    );
  });
  return rows;
};
