import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readIo } from './proc.ts';
import type { Command, FanoutReply, Pauses, ServerKind, SetupReply, Stats } from './shared.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('./server/index.ts', import.meta.url));
const READY_MS = 30_000;
const COMMAND_MS = 120_000;

export interface SpawnOptions {
  /** The relay's LOG_LEVEL. */
  logLevel?: string;
  /** Open-file soft limit for the child (`ulimit -n`, at most the hard limit); unchanged when absent. */
  fdLimit?: number;
  /** Further relay settings. */
  env?: Record<string, string>;
}

/** A server under test in its own process (`node --expose-gc --import tsx`), driven over IPC. */
export const spawnServer = async (kind: ServerKind, { logLevel = 'info', fdLimit, env = {} }: SpawnOptions = {}) => {
  const node = [process.execPath, '--expose-gc', '--import', 'tsx', entry, kind];
  // A shell sets the limit, then becomes node (same pid, the IPC channel's descriptor inherited).
  const [command, ...args] = fdLimit === undefined ? node : ['/bin/sh', '-c', `ulimit -n ${fdLimit} && exec "$0" "$@"`, ...node];
  const child = spawn(command!, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_LOG_LEVEL: logLevel, BENCH_RELAY_ENV: JSON.stringify(env) },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;

  child.on('message', (raw) => {
    const { id, result, error } = raw as { id: number; result?: unknown; error?: string };
    const waiter = pending.get(id);
    pending.delete(id);
    if (error !== undefined) waiter?.reject(new Error(`${kind} server: ${error}`));
    else waiter?.resolve(result);
  });
  child.on('exit', (code) => {
    exited = true;
    for (const waiter of pending.values()) waiter.reject(new Error(`${kind} server exited (code ${code})`));
    pending.clear();
  });

  const wait = <T>(id: number, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kind} server: no answer in ${timeoutMs} ms`)), timeoutMs);
      pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value as T)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
    });

  const ask = <T>(command: Command): Promise<T> => {
    const id = nextId++;
    const answer = wait<T>(id, COMMAND_MS);
    child.send({ id, command });
    return answer;
  };

  const { url } = await wait<{ url: string }>(0, READY_MS);
  const pid = child.pid!;

  return {
    kind,
    url,
    pid,
    setup: (streams: number, shared = false) => ask<SetupReply>({ type: 'setup', streams, shared }),
    stats: () => ask<Stats>({ type: 'stats' }),
    fanout: (rounds: number) => ask<FanoutReply>({ type: 'fanout', rounds }),
    cpuMs: () => ask<number>({ type: 'cpu' }),
    pauses: () => ask<Pauses>({ type: 'pauses' }),
    /** With BENCH_CPU_PROF=<dir> set: profiles the server between `on` and `off` (written as <dir>/<kind>-<name>.cpuprofile). */
    profile: (name: string, on: boolean) => (process.env['BENCH_CPU_PROF'] ? ask<null>({ type: 'profile', name, on }) : Promise.resolve(null)),
    /** The process's I/O counters (all its threads): write syscalls, bytes sent to the disk. */
    io: () => readIo(pid),
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await ask({ type: 'stop' }).catch(() => child.kill());
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
};

export type ServerProcess = Awaited<ReturnType<typeof spawnServer>>;
