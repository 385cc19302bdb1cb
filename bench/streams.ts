import { spawnServer, type SpawnOptions } from './child.ts';
import { openStream, type StreamClient } from './client.ts';
import { readFdLimits } from './proc.ts';
import { sleep, type Row } from './report.ts';
import { openSender, requestBytes } from './sender.ts';
import { pushBody, signPush, SIGNATURE_HEADER, type ServerKind } from './shared.ts';

export interface StreamsOptions {
  /** Streams to try to hold at once (the budget: 50,000). */
  target: number;
}

/** Descriptors this process keeps for itself (its IPC, stdio, the senders) besides one per stream. */
const CLIENT_RESERVE = 300;
const PER_ADDRESS = 25_000;
const OPENING = 100;
const STOP_AFTER_FAILURES = 200;

const KB = 1024;

/**
 * As many idle streams as the machine allows, up to the target: the server's open-file limit is raised to its hard
 * limit, and so is this process's (bench/run.ts). Then, while they are held: does /healthz answer, is a signed push
 * taken? Says what stopped the count: the target, this process's own limit, or the server (its status or error).
 */
const measure = async (kind: ServerKind, { target }: StreamsOptions, spawnOptions: SpawnOptions, log: (line: string) => void) => {
  const own = readFdLimits();
  const hard = own?.hard ?? Number.POSITIVE_INFINITY;
  const server = await spawnServer(kind, { ...spawnOptions, ...(Number.isFinite(hard) ? { fdLimit: hard } : {}) });
  const clients: StreamClient[] = [];
  try {
    const serverLimit = readFdLimits(server.pid)?.soft ?? Number.NaN;
    const clientBudget = (own?.soft ?? Number.POSITIVE_INFINITY) - CLIENT_RESERVE;
    const wanted = Math.min(target, clientBudget);
    const { targets, publishPath, verificationKey } = await server.setup(1, true);
    const stream = targets[0]!;
    const before = await server.stats();
    const failures = new Map<string, number>();
    let failed = 0;
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < wanted && failed < STOP_AFTER_FAILURES) {
        const index = next++;
        try {
          clients.push(await openStream(server.url, stream, undefined, `127.0.0.${1 + Math.floor(index / PER_ADDRESS)}`));
        } catch (error) {
          failed++;
          const reason = (error instanceof Error ? error.message : String(error)).replace(/^GET \S+: /, '');
          failures.set(reason, (failures.get(reason) ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: OPENING }, worker));
    const openMs = performance.now() - started;
    await sleep(500);
    const after = await server.stats();

    // With the streams held: the platform and the health check must still get through.
    const { port } = new URL(server.url);
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
      (res) => String(res.status),
      (error: Error) => error.message,
    );
    const body = pushBody(stream.id, 'P0');
    const push = await openSender(Number(port)).then(
      async (sender) => {
        const status = await Promise.race([
          sender.send(requestBytes(`127.0.0.1:${port}`, publishPath, body, { [SIGNATURE_HEADER]: signPush(verificationKey, body) })),
          sleep(5000).then(() => 0),
        ]);
        sender.close();
        return status === 0 ? 'no answer' : String(status);
      },
      (error: Error) => error.message,
    );

    const held = after.connections;
    const stoppedBy =
      held >= target
        ? 'the target'
        : failed === 0
          ? `this process's open-file limit (${own?.soft}; the machine's hard limit is ${hard})`
          : `the server: ${[...failures].map(([reason, count]) => `${count} × ${reason}`).join(', ')}`;
    const result = {
      held,
      tried: next,
      serverLimit,
      health,
      push,
      stoppedBy,
      openMs,
      rssPerStreamKb: (after.rss - before.rss) / Math.max(1, held) / KB,
      rssMb: after.rss / KB / KB,
    };
    log(
      `streams: ${kind.padEnd(6)} held ${held.toLocaleString('en-US')} of ${next.toLocaleString('en-US')} tried in ${(openMs / 1000).toFixed(1)} s (server's open-file limit ${serverLimit}); stopped by ${stoppedBy}; ` +
        `with them held: /healthz ${health}, a signed push ${push}; RSS ${result.rssMb.toFixed(0)} MB (${result.rssPerStreamKb.toFixed(2)} KB per stream)`,
    );
    return result;
  } finally {
    clients.forEach((client) => client.close());
    await server.stop();
  }
};

export const runStreams = async (options: StreamsOptions, kinds: readonly ServerKind[], spawnOptions: SpawnOptions, log: (line: string) => void): Promise<Row[]> => {
  const results: Partial<Record<ServerKind, Awaited<ReturnType<typeof measure>>>> = {};
  for (const kind of kinds) results[kind] = await measure(kind, options, spawnOptions, log);
  const pick = (value: (r: Awaited<ReturnType<typeof measure>>) => number) => Object.fromEntries(Object.entries(results).map(([kind, r]) => [kind, value(r)])) as Row['values'];
  const facts = Object.entries(results)
    .map(([kind, r]) => `${kind}: stopped by ${r.stoppedBy}; /healthz ${r.health}, push ${r.push} while held`)
    .join('; ');
  return [
    {
      name: `concurrent streams held (of ${options.target.toLocaleString('en-US')} tried)`,
      values: pick((r) => r.held),
      unit: '',
      digits: 0,
      goal: `≥ ${options.target.toLocaleString('en-US')} where the limit allows`,
      note: facts,
    },
    { name: `  RSS per stream at that count`, values: pick((r) => r.rssPerStreamKb), unit: 'KB', digits: 2 },
  ];
};
