import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Throwaway database engines for tests: a real Postgres and a real Redis, on loopback, with their data in a
 * temporary directory that is removed when they stop. Test-only: nothing here is part of the relay.
 */
export interface Engine {
  /** postgres://postgres@127.0.0.1:<port>/postgres, or redis://127.0.0.1:<port>. */
  url: string;
  /** Stops the engine and removes its data. */
  stop(): Promise<void>;
  /** Stops the server, keeping its data and port (an outage, for a test). */
  down(): Promise<void>;
  /** Starts it again after `down`, on the same port with the same data. */
  up(): Promise<void>;
  /** The engine's own log so far (for a failure message). */
  log(): string;
}

export class EngineError extends Error {
  override readonly name = 'EngineError';
}

/** The directory that holds initdb and postgres: POSTGRES_BIN, else the newest /usr/lib/postgresql/<v>/bin, else PATH. */
export const postgresBin = (env: NodeJS.ProcessEnv = process.env): string | undefined => {
  if (env['POSTGRES_BIN']) return env['POSTGRES_BIN'];
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) if (existsSync(join(root, version, 'bin', 'postgres'))) return join(root, version, 'bin');
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  // /usr/local/bin/initdb may be a link into the versioned directory that also holds `postgres`.
  return found ? join(realpathSync(found), '..') : undefined;
};

/** A TCP port free on 127.0.0.1 a moment ago (the engine takes it next; a lost race is retried by the caller). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Postgres refuses to run as root: when we are root, the engine runs as the `postgres` user (Debian's package makes it). */
const unprivilegedUser = (): { uid: number; gid: number } | undefined => {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new EngineError('running as root and there is no `postgres` user to run Postgres as (install the postgresql package, or run the tests as another user)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
};

interface Watched {
  child: ChildProcess;
  output: () => string;
  /** Resolves once `pattern` shows in the output; rejects when the process exits first or `timeoutMs` passes. */
  ready: Promise<void>;
}

const watch = (child: ChildProcess, pattern: RegExp, timeoutMs: number, what: string): Watched => {
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new EngineError(`${what} did not start within ${timeoutMs} ms; its log:\n${output.slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new EngineError(`${what} could not be run: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new EngineError(`${what} exited (${signal ?? `status ${code}`}) before it was ready; its log:\n${output.slice(-2000)}`));
    });
  });
  ready.catch(() => undefined);
  return { child, output: () => output, ready };
};

/** Waits for a one-shot command to exit with status 0; its output goes into the error otherwise. */
const finished = (child: ChildProcess, timeoutMs: number, what: string) =>
  new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EngineError(`${what} did not finish within ${timeoutMs} ms; its output:\n${output.slice(-2000)}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new EngineError(`${what} could not be run: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new EngineError(`${what} failed (${signal ?? `status ${code}`}); its output:\n${output.slice(-2000)}`));
    });
  });

/** Stops a child process: `signal` first, SIGKILL if it is still there after `graceMs`. */
const stopChild = (child: ChildProcess, signal: NodeJS.Signals, graceMs = 5000) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });

/** An engine left running by a crashed test process would hold its port and data: kill it as this process exits. */
const killOnExit = (child: ChildProcess) => {
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  return () => process.off('exit', kill);
};

const attempt = async <T>(times: number, start: () => Promise<T>): Promise<T> => {
  for (let left = times; ; left--) {
    try {
      return await start();
    } catch (error) {
      // Another process may have taken the port between our check and the engine's bind: try a fresh one.
      if (left <= 1 || !/address already in use|Address already in use|could not bind/i.test(String(error))) throw error;
    }
  }
};

type SpawnAs = { uid?: number; gid?: number; stdio: ['ignore', 'pipe', 'pipe']; env: NodeJS.ProcessEnv };

/**
 * A pristine cluster (initdb's output, never started), made once per Postgres version and user and kept in the
 * temporary directory: initdb takes seconds on a busy machine, a copy of its result a fraction of that.
 */
const clusterTemplate = async (bin: string, spawnAs: SpawnAs, timeoutMs: number): Promise<string> => {
  const version = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' })
    .stdout.trim()
    .replace(/[^A-Za-z0-9.]+/g, '-');
  const template = join(tmpdir(), `chatport-pg-template-${version}-${spawnAs.uid ?? process.getuid?.() ?? 'user'}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  // Made beside its final name and renamed into place, so a run side by side never copies a half-made one.
  const making = mkdtempSync(`${template}.making-`);
  try {
    if (spawnAs.uid !== undefined) chownSync(making, spawnAs.uid, spawnAs.gid!);
    const init = spawn(join(bin, 'initdb'), ['-D', join(making, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], spawnAs);
    await finished(init, timeoutMs, 'initdb');
    try {
      renameSync(join(making, 'data'), template);
    } catch (error) {
      if (!existsSync(join(template, 'PG_VERSION'))) throw error; // another run made it first: use theirs
    }
    return template;
  } finally {
    rmSync(making, { recursive: true, force: true });
  }
};

/** `cp -a` keeps the owner and modes Postgres insists on (its data directory must be 0700 and its own). */
const copyCluster = (template: string, target: string, timeoutMs: number) =>
  finished(spawn('cp', ['-a', template, target], { stdio: ['ignore', 'pipe', 'pipe'] }), timeoutMs, 'copying the Postgres cluster template');

/** How to run an engine's server on a port, and the log line that says it is ready. */
interface ServerSpec {
  what: string;
  command: string;
  args: (port: number) => string[];
  options: SpawnAs | { stdio: ['ignore', 'pipe', 'pipe'] };
  ready: RegExp;
  /** The signal that stops it without keeping anyone waiting. */
  stopSignal: NodeJS.Signals;
}

/**
 * Starts `spec` on a free port (a fresh one if another process took it first), and keeps it startable again on the
 * same port: `down` and `up` let a test take the engine away and bring it back with its data.
 */
const serve = async (spec: ServerSpec, timeoutMs: number, dir: string, url: (port: number) => string): Promise<Engine> => {
  const logs: (() => string)[] = [];
  const launch = async (port: number) => {
    const watched = watch(spawn(spec.command, spec.args(port), spec.options), spec.ready, timeoutMs, spec.what);
    logs.push(watched.output);
    try {
      await watched.ready;
    } catch (error) {
      await stopChild(watched.child, 'SIGKILL');
      throw error;
    }
    const forget = killOnExit(watched.child);
    return async () => {
      await stopChild(watched.child, spec.stopSignal);
      forget();
    };
  };
  let port = 0;
  let stopRunning: (() => Promise<void>) | undefined = await attempt(3, async () => launch((port = await freePort())));
  const down = async () => {
    await stopRunning?.();
    stopRunning = undefined;
  };
  return {
    url: url(port),
    log: () => logs.map((output) => output()).join(''),
    down,
    up: async () => {
      stopRunning ??= await launch(port);
    },
    stop: async () => {
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export interface PostgresOptions {
  /** Making the cluster and the first start together (cold caches on a busy machine are slow). */
  timeoutMs?: number;
  bin?: string;
}

/**
 * A fresh Postgres cluster (initdb's: trust auth, UTF-8) in a temporary directory, then the server on a free
 * 127.0.0.1 port with its socket in that directory. Durability is off: the data is thrown away anyway.
 */
export const startPostgres = async ({ timeoutMs = 60_000, bin = postgresBin() }: PostgresOptions = {}): Promise<Engine> => {
  if (!bin || !existsSync(join(bin, 'initdb')) || !existsSync(join(bin, 'postgres'))) {
    throw new EngineError(`Postgres binaries not found (${bin ?? 'no initdb on PATH, no /usr/lib/postgresql/<version>/bin'}); install the postgresql package or set POSTGRES_BIN`);
  }
  const user = unprivilegedUser();
  const dir = mkdtempSync(join(tmpdir(), 'chatport-pg-'));
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    const spawnAs: SpawnAs = { ...(user ?? {}), stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', LC_ALL: 'C', TZ: 'UTC' } };
    await copyCluster(await clusterTemplate(bin, spawnAs, timeoutMs), join(dir, 'data'), timeoutMs);
    const settings = ['listen_addresses=127.0.0.1', 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];
    return await serve(
      {
        what: 'postgres',
        command: join(bin, 'postgres'),
        args: (port) => ['-D', join(dir, 'data'), '-p', String(port), '-k', dir, ...settings.flatMap((setting) => ['-c', setting])],
        options: spawnAs,
        ready: /database system is ready to accept connections/,
        // SIGINT: a fast shutdown (ends the sessions, writes a checkpoint), so the data is all there on `up`.
        stopSignal: 'SIGINT',
      },
      timeoutMs,
      dir,
      (port) => `postgres://postgres@127.0.0.1:${port}/postgres`,
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
};

/** The redis-server binary: REDIS_SERVER, else redis-server on PATH. */
export const redisBin = (env: NodeJS.ProcessEnv = process.env): string | undefined =>
  env['REDIS_SERVER'] || spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim() || undefined;

/** A fresh Redis on a free 127.0.0.1 port, keeping nothing on disk. */
export const startRedis = async ({ timeoutMs = 20_000, bin = redisBin() }: { timeoutMs?: number; bin?: string } = {}): Promise<Engine> => {
  if (!bin || !existsSync(bin)) throw new EngineError('redis-server not found; install the redis-server package or set REDIS_SERVER');
  const dir = mkdtempSync(join(tmpdir(), 'chatport-redis-'));
  try {
    return await serve(
      {
        what: 'redis-server',
        command: bin,
        args: (port) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'notice'],
        options: { stdio: ['ignore', 'pipe', 'pipe'] },
        ready: /Ready to accept connections/,
        stopSignal: 'SIGTERM',
      },
      timeoutMs,
      dir,
      (port) => `redis://127.0.0.1:${port}`,
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
};
