import { Agent, request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { spawnServer, type SpawnOptions } from './child.ts';
import { createMarkerCounter, openStreams } from './client.ts';
import { describeNet, readNet, type NetCounters } from './net.ts';
import { percentile, sleep, until, type Row } from './report.ts';
import { createMarkReader, pushBody, signPush, SIGNATURE_HEADER, type ServerKind, type SetupReply } from './shared.ts';

export interface LatencyOptions {
  /** Visitors with a live stream while messages arrive. */
  visitors: number;
  /** Messages per second, sent open-loop on a fixed schedule, each to the next visitor in turn. */
  rate: number;
  /** Measured window. 20 s (the heartbeat interval of both servers) always holds exactly one heartbeat round. */
  seconds: number;
  /** Leading seconds sent at the same rate but left out of the figures. */
  warmupSeconds: number;
}

/** Request bodies built and signed before the clock starts: that work is the sender's. Both servers take the same push. */
const buildRequests = ({ targets, publishPath, verificationKey }: SetupReply, total: number) =>
  Array.from({ length: total }, (_, n) => {
    const body = pushBody(targets[n % targets.length]!.id, `L${n}`);
    return { path: publishPath, body, headers: { [SIGNATURE_HEADER]: signPush(verificationKey, body) } };
  });

/** A full GC in this process before the window, so garbage from connecting thousands of streams is not collected inside it. */
const collectGarbage = () => {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
};

const measure = async (kind: ServerKind, { visitors, rate, seconds, warmupSeconds }: LatencyOptions, spawnOptions: SpawnOptions) => {
  const server = await spawnServer(kind, spawnOptions);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  try {
    const setup = await server.setup(visitors, false);
    const warmup = Math.round(rate * warmupSeconds);
    const total = warmup + Math.round(rate * seconds);
    const requests = buildRequests(setup, total);
    const sentAt = new Float64Array(total).fill(Number.NaN);
    const receivedAt = new Float64Array(total).fill(Number.NaN);
    let received = 0;
    let heartbeats = 0;
    const readMarks = createMarkReader('L', setup.targets.length, receivedAt);
    const beats = setup.targets.map(() => createMarkerCounter(': hb'));
    const clients = await openStreams(server.url, setup.targets, {
      onData: (index, chunk) => {
        heartbeats += beats[index]!(chunk);
        received += readMarks(index, chunk, performance.now());
      },
    });
    const { port } = new URL(server.url);
    let failures = 0;
    const send = (n: number) => {
      const { path, body, headers } = requests[n]!;
      sentAt[n] = performance.now();
      const req = request(
        { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
        (res) => {
          if (res.statusCode !== 200) failures++;
          res.resume();
        },
      );
      req.on('error', () => failures++);
      req.end(body);
    };

    await server.stats(); // forces GC in the server too
    collectGarbage();
    let sent = 0;
    let beatsBefore = 0;
    let netBefore: NetCounters | undefined;
    const start = performance.now();
    // Open loop: each tick sends whatever the schedule says is due, however slow the server is.
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
        while (sent < due) {
          if (sent === warmup) {
            beatsBefore = heartbeats;
            netBefore = readNet();
            void server.pauses(); // resets the server's pause counters at the start of the window
          }
          send(sent++);
        }
        if (sent === total) {
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });
    const sendSeconds = (performance.now() - start) / 1000;
    await until(() => received === total, 10_000);
    const net = describeNet(netBefore, readNet());
    const pauses = await server.pauses();
    await sleep(20);
    clients.forEach((client) => client.close());

    const latencies: number[] = [];
    for (let n = warmup; n < total; n++) if (!Number.isNaN(receivedAt[n]!)) latencies.push(receivedAt[n]! - sentAt[n]!);
    latencies.sort((a, b) => a - b);
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? Number.NaN,
      measured: total - warmup,
      received: latencies.length,
      failures,
      achievedRate: total / sendSeconds,
      heartbeats: heartbeats - beatsBefore,
      pauses,
      net,
    };
  } finally {
    agent.destroy();
    await server.stop();
  }
};

export const runLatency = async (options: LatencyOptions, kinds: readonly ServerKind[], spawnOptions: SpawnOptions, log: (line: string) => void): Promise<Row[]> => {
  const results: Partial<Record<ServerKind, Awaited<ReturnType<typeof measure>>>> = {};
  for (const kind of kinds) {
    const r = (results[kind] = await measure(kind, options, spawnOptions));
    log(
      `latency: ${kind.padEnd(6)} p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(2)} ms; ${r.received}/${r.measured} received, ` +
        `${r.failures} failed requests, sent at ${r.achievedRate.toFixed(0)} msg/s; server: event loop max delay ${r.pauses.loopMaxMs.toFixed(0)} ms, ` +
        `${r.pauses.gcCount} GC pauses (max ${r.pauses.gcMaxMs.toFixed(1)} ms); ${r.heartbeats} heartbeat frames received in the window; loopback: ${r.net}`,
    );
  }
  type Result = Awaited<ReturnType<typeof measure>>;
  const pick = (value: (r: Result) => number) => Object.fromEntries(Object.entries(results).map(([kind, r]) => [kind, value(r)])) as Row['values'];
  const scene = `${options.rate} msg/s, ${options.visitors.toLocaleString('en-US')} visitors`;
  const facts = Object.entries(results)
    .map(([kind, r]) => `${kind}: ${r.received}/${r.measured} received, ${r.failures} failed, ${r.heartbeats} heartbeat frames in the window, ${r.net}`)
    .join('; ');
  return [
    { name: `webhook→visitor p50 (${scene})`, values: pick((r) => r.p50), unit: 'ms', digits: 2 },
    { name: `webhook→visitor p99 (${scene})`, values: pick((r) => r.p99), unit: 'ms', digits: 2, goal: '≤ 20 ms', note: `${options.seconds} s window; ${facts}` },
    { name: `webhook→visitor max (${scene})`, values: pick((r) => r.max), unit: 'ms', digits: 2 },
    { name: `  server event-loop max delay`, values: pick((r) => r.pauses.loopMaxMs), unit: 'ms', digits: 0 },
  ];
};
