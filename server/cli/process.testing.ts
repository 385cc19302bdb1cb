import { spawn, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin.mjs', import.meta.url));

export interface ChatportProcess {
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout + stderr; rejects if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  signal(name: NodeJS.Signals): void;
}

/**
 * Runs `chatport <args>` as its own process with only the given environment (plus PATH); killed after `limitMs`.
 * `openFiles` runs it under that open-file limit (`ulimit -n`, through /bin/sh).
 */
export const spawnChatport = (
  args: string[],
  env: Record<string, string>,
  { limitMs = 30_000, uid, openFiles }: { limitMs?: number; uid?: number; openFiles?: number } = {},
): ChatportProcess => {
  const options: SpawnOptions = { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(uid === undefined ? {} : { uid, gid: uid }) };
  const child =
    openFiles === undefined
      ? spawn(process.execPath, [bin, ...args], options)
      : spawn('/bin/sh', ['-c', `ulimit -n ${openFiles} && exec "$0" "$@"`, process.execPath, bin, ...args], options);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => ((out += chunk.toString()), listeners.forEach((wake) => wake())));
  child.stderr!.on('data', (chunk: Buffer) => ((err += chunk.toString()), listeners.forEach((wake) => wake())));
  const limit = setTimeout(() => child.kill('SIGKILL'), limitMs);
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(limit);
      done = true;
      listeners.forEach((wake) => wake());
      resolve(code);
    }),
  );
  const waitFor = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = (out + err).match(pattern);
        if (match) return finish(() => resolve(match));
        if (done) finish(() => reject(new Error(`exited before ${pattern} appeared:\n${out}${err}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${pattern} did not appear within ${timeoutMs} ms:\n${out}${err}`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });
  return { stdout: () => out, stderr: () => err, waitFor, exited, signal: (name) => child.kill(name) };
};

/** The JSON log lines a process wrote to stderr. */
export const logLines = (stderr: string): { event: string; level: string; [field: string]: unknown }[] =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { event: string; level: string });

/** Runs `chatport <args>` to its end (see spawnChatport): its exit code and everything it wrote. */
export const runChatport = async (args: string[], env: Record<string, string>, options: { limitMs?: number } = {}) => {
  const child = spawnChatport(args, env, options);
  const code = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
};
