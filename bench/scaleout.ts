/**
 * Scale-out: 1 vs 3 relay processes on one Postgres (this machine, loopback), beside one relay on SQLite and the bare
 * node:http server, in the same run. Each configuration gets the same visitors with live streams and the same
 * open-loop webhook load; with several relays, every push goes to a relay other than the one its visitor streams
 * from, so each message crosses relays (stored by one, signalled, read and streamed by another). Then a closed loop
 * measures how many signed pushes per second the relays accept together.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnRelay, type RelayProcess } from '../server/integration/cluster.testing.ts';
import { startPostgres, startRedis, type Engine } from '../server/integration/engines.testing.ts';
import { spawnServer } from './child.ts';
import { openStreams, type StreamClient } from './client.ts';
import { percentile, sleep, until, type Row } from './report.ts';
import { createMarkReader, pushBody, SIGNATURE_HEADER, signPush, type StreamTarget } from './shared.ts';

export interface ScaleoutOptions {
  visitors: number;
  /** Pushes per second in the latency window (open loop). */
  rate: number;
  seconds: number;
  /** Pushes sent as fast as the relays take them (64 in flight) for the throughput figure. */
  throughputPushes: number;
}

const KEY = 'bench-verification-key';

interface Setup {
  /** Where each visitor's stream goes, and where pushes for it go. */
  streams: { url: string; target: StreamTarget }[];
  push: (n: number, visitor: number) => { url: string; path: string; body: string; headers: Record<string, string> };
  stop(): Promise<void>;
}

/** Relays in uchat mode (their outbox unused: nobody sends), visitors through POST /v1/sessions. */
const relaySetup = async (relays: RelayProcess[], visitors: number, stop: () => Promise<void>): Promise<Setup> => {
  const streams: Setup['streams'] = [];
  const ids: string[] = [];
  for (let i = 0; i < visitors; i++) {
    const url = relays[i % relays.length]!.url;
    // Each visitor from an address of its own (TRUST_PROXY=1), as real visitors are: the per-address limit stays out of it.
    // Streams are capped per address (STREAMS_PER_ADDRESS) too.
    const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const response = await fetch(`${url}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: '{}' });
    const { token, visitorId } = (await response.json()) as { token: string; visitorId: string };
    ids.push(visitorId);
    streams.push({ url, target: { id: visitorId, path: '/v1/stream', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': address } } });
  }
  return {
    streams,
    push: (n, visitor) => {
      const body = pushBody(ids[visitor]!, `L${n}`);
      // Another relay than the visitor's stream, when there is one.
      const url = relays[(visitor + 1) % relays.length]!.url;
      return { url, path: '/webhooks/uchat', body, headers: { [SIGNATURE_HEADER]: signPush(KEY, body) } };
    },
    stop,
  };
};

const startRelays = async (count: number, env: Record<string, string>) =>
  Promise.all(
    Array.from({ length: count }, () =>
      spawnRelay(
        {
          UCHAT_BOT_URL: 'http://127.0.0.1:9/unused',
          UCHAT_API_KEY: 'bench',
          UCHAT_VERIFICATION_KEY: KEY,
          PUBLIC_URL: 'http://127.0.0.1',
          TRUST_PROXY: '1',
          LOG_LEVEL: 'warn',
          ...env,
        },
        { limitMs: 600_000 },
      ),
    ),
  );

const measure = async (setup: Setup, { rate, seconds, throughputPushes }: ScaleoutOptions) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(rate * seconds);
  const sentAt = new Float64Array(total).fill(Number.NaN);
  const receivedAt = new Float64Array(total).fill(Number.NaN);
  let received = 0;
  const readMarks = createMarkReader('L', setup.streams.length, receivedAt);
  const clients: StreamClient[] = [];
  const byUrl = new Map<string, number[]>();
  setup.streams.forEach(({ url }, index) => byUrl.set(url, [...(byUrl.get(url) ?? []), index]));
  for (const [url, indexes] of byUrl) {
    clients.push(
      ...(await openStreams(
        url,
        indexes.map((index) => setup.streams[index]!.target),
        { onData: (local, chunk) => void (received += readMarks(indexes[local]!, chunk, performance.now())) },
      )),
    );
  }
  let failures = 0;
  const post = (n: number, onDone: (ok: boolean) => void) => {
    const { url, path, body, headers } = setup.push(n, n % setup.streams.length);
    const { port } = new URL(url);
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        res.resume();
        onDone(res.statusCode === 200);
      },
    );
    req.on('error', () => onDone(false));
    req.end(body);
  };
  try {
    let sent = 0;
    const start = performance.now();
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
        while (sent < due) {
          const n = sent++;
          sentAt[n] = performance.now();
          post(n, (ok) => ok || failures++);
        }
        if (sent === total) {
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });
    await until(() => received === total, 15_000);
    const latencies: number[] = [];
    for (let n = 0; n < total; n++) if (!Number.isNaN(receivedAt[n]!)) latencies.push(receivedAt[n]! - sentAt[n]!);
    latencies.sort((a, b) => a - b);

    // Closed loop: 64 pushes in flight, numbered past the latency window (their frames are not timed).
    let accepted = 0;
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < throughputPushes) {
          const n = total + next++;
          await new Promise<void>((resolve) => post(n, (ok) => (ok && accepted++, resolve())));
        }
      }),
    );
    const perSecond = accepted / ((performance.now() - began) / 1000);
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), received: latencies.length, total, failures, perSecond, accepted };
  } finally {
    clients.forEach((client) => client.close());
    agent.destroy();
    await setup.stop();
  }
};

type Result = Awaited<ReturnType<typeof measure>>;

export const runScaleout = async (options: ScaleoutOptions, log: (line: string) => void): Promise<Row[]> => {
  let postgres: Engine | undefined;
  let redis: Engine | undefined;
  try {
    postgres = await startPostgres();
  } catch (error) {
    log(`scaleout: skipped, no Postgres here (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return [];
  }
  redis = await startRedis().catch(() => undefined);
  const results: [string, Result][] = [];
  const run = async (name: string, setup: () => Promise<Setup>) => {
    const result = await measure(await setup(), options);
    results.push([name, result]);
    log(
      `scaleout: ${name.padEnd(28)} p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ${result.received}/${result.total} received, ${result.failures} failed; ${result.perSecond.toFixed(0)} pushes/s accepted (${result.accepted}/${options.throughputPushes})`,
    );
    await sleep(200);
  };
  let databases = 0;
  const database = async () => {
    const name = `bench_${databases++}`;
    const admin = new (await import('pg')).default.Client({ connectionString: postgres!.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return postgres!.url.replace(/\/postgres$/, `/${name}`);
  };
  try {
    await run('bare node:http', async () => {
      const server = await spawnServer('bare');
      // The same signed push the relays take: the bare server checks the signature too.
      const { targets, publishPath, verificationKey } = await server.setup(options.visitors, false);
      return {
        streams: targets.map((target) => ({ url: server.url, target })),
        push: (n, visitor) => {
          const body = pushBody(targets[visitor]!.id, `L${n}`);
          return { url: server.url, path: publishPath, body, headers: { [SIGNATURE_HEADER]: signPush(verificationKey, body) } };
        },
        stop: () => server.stop(),
      };
    });
    await run('1 relay, SQLite', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'chatport-bench-'));
      const relays = await startRelays(1, { DATA_DIR: dir });
      return relaySetup(relays, options.visitors, async () => {
        await Promise.all(relays.map((relay) => relay.stop()));
        rmSync(dir, { recursive: true, force: true });
      });
    });
    const clusters: { count: number; signals: 'NOTIFY' | 'Redis' }[] = [
      { count: 1, signals: 'NOTIFY' },
      { count: 3, signals: 'NOTIFY' },
      ...(redis ? [{ count: 3, signals: 'Redis' as const }] : []),
    ];
    for (const { count, signals } of clusters) {
      await run(`${count} relay${count > 1 ? 's' : ''}, Postgres, ${signals}`, async () => {
        const relays = await startRelays(count, { DATABASE_URL: await database(), ...(signals === 'Redis' ? { REDIS_URL: redis!.url } : {}) });
        return relaySetup(relays, options.visitors, async () => void (await Promise.all(relays.map((relay) => relay.stop()))));
      });
    }
  } finally {
    await redis?.stop();
    await postgres.stop();
  }
  const bare = results[0]![1];
  const scene = `${options.rate} msg/s, ${options.visitors} visitors`;
  return results.slice(1).flatMap(([name, r]) => [
    { name: `scale-out ${name}: webhook→visitor p50 (${scene})`, named: r.p50, values: { bare: bare.p50 }, unit: 'ms', digits: 2 },
    {
      name: `scale-out ${name}: webhook→visitor p99`,
      named: r.p99,
      values: { bare: bare.p99 },
      unit: 'ms',
      digits: 2,
      note: `${r.received}/${r.total} received, ${r.failures} failed; bare ${bare.received}/${bare.total} received, ${bare.failures} failed`,
    },
    { name: `scale-out ${name}: pushes accepted`, named: r.perSecond, values: { bare: bare.perSecond }, unit: '/s', digits: 0 },
  ]);
};
