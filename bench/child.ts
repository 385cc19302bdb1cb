import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command, FanoutReply, Pauses, ServerKind, SetupReply, Stats } from './shared.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('./server/index.ts', import.meta.url));
const READY_MS = 30_000;
const COMMAND_MS = 120_000;

/** A server under test in its own process (`node --expose-gc --import tsx`), driven over IPC. */
export const spawnServer = async (kind: ServerKind) => {
  const child = fork(entry, [kind], { cwd: root, execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

  return {
    kind,
    url,
    pid: child.pid!,
    setup: (streams: number, shared = false) => ask<SetupReply>({ type: 'setup', streams, shared }),
    stats: () => ask<Stats>({ type: 'stats' }),
    fanout: (rounds: number) => ask<FanoutReply>({ type: 'fanout', rounds }),
    cpuMs: () => ask<number>({ type: 'cpu' }),
    pauses: () => ask<Pauses>({ type: 'pauses' }),
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
