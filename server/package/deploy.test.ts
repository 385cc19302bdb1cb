import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, posix, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../src/protocol/uploads.ts';
import { startHarness, type Harness } from '../integration/harness.testing.ts';
import { packageFile } from './files.ts';

// The recipes in deploy/ cannot be run here (no Docker engine, no systemd as init, no nginx or Caddy in CI): these
// tests check what can be checked without them. Every file they name exists, every command they run is one the
// package provides, every setting they set is one the relay reads, the health check is run against a real relay,
// and the proxies' limits fit the relay's.

const read = (path: string) => readFileSync(packageFile(path), 'utf8');
const pkg = JSON.parse(read('package.json')) as { name: string; bin: Record<string, string>; files: string[]; scripts: Record<string, string> };

const sourceFiles = (dir: string): string[] =>
  readdirSync(packageFile(dir)).flatMap((name) => {
    const path = posix.join(dir, name);
    if (statSync(packageFile(path)).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(test|testing)\.ts$/.test(name) ? [path] : [];
  });

/** Every upper-case name the relay's own code (not its tests) spells as a string: the settings it reads. */
const knownSettings = new Set(sourceFiles('server').flatMap((file) => [...read(file).matchAll(/['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)['"`]/g)].map((match) => match[1]!)));
const unknownSettings = (names: string[]) => names.filter((name) => !knownSettings.has(name));

/** Dockerfile instructions, continuation lines joined, comments dropped. */
const instructions = (text: string) =>
  text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    });

/** KEY=value pairs of a Dockerfile ENV line (the `KEY=value KEY=value` form). */
const envPairs = (args: string) => Object.fromEntries([...args.matchAll(/([A-Z][A-Z0-9_]*)=(\S+)/g)].map((match) => [match[1]!, match[2]!]));

/** Runs a command (as an argv array) to its end. */
const run = (argv: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });

/** `chatport <args> --help` from the sources: exits 0 only for a command the CLI has. */
const isChatportCommand = async (args: string[]) => (await run([process.execPath, packageFile('server/bin.mjs'), ...args, '--help'])).code === 0;

const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('the settings check itself', () => {
  it('knows the settings the relay reads and nothing made up', () => {
    for (const name of [
      'PUBLIC_URL',
      'CHATPORT_SECRET',
      'ALLOWED_ORIGINS',
      'DATA_DIR',
      'PORT',
      'HOST',
      'UCHAT_BOT_URL',
      'CHATWOOT_INBOX_IDENTIFIER',
      'TRUST_PROXY',
      'METRICS_TOKEN',
      'LOG_LEVEL',
      'SHUTDOWN_GRACE_MS',
      'RETENTION_DAYS',
    ])
      expect(knownSettings.has(name), name).toBe(true);
    expect(unknownSettings(['CHATPORT_SECRETS', 'NODE_ENV', 'TRUST_PROXY'])).toEqual(['CHATPORT_SECRETS', 'NODE_ENV']);
  });

  it('cannot be fooled by a command the CLI lacks', async () => {
    expect(await isChatportCommand(['serve'])).toBe(true);
    expect(await isChatportCommand(['serve-all'])).toBe(false);
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = instructions(read('deploy/Dockerfile'));
  const stages = dockerfile.reduce<(typeof dockerfile)[]>((all, line) => (line.keyword === 'FROM' ? all.push([line]) : all.at(-1)!.push(line), all), []);
  const runtime = stages.at(-1)!;
  const env = envPairs(
    runtime
      .filter((line) => line.keyword === 'ENV')
      .map((line) => line.args)
      .join(' '),
  );
  const exec = (keyword: string) => JSON.parse(runtime.find((line) => line.keyword === keyword)!.args) as string[];

  it('builds in one stage with the dev dependencies and runs in a slim one as a user that is not root', () => {
    expect(stages).toHaveLength(2);
    const build = stages[0]!.map((line) => `${line.keyword} ${line.args}`).join('\n');
    expect(build).toMatch(/RUN npm ci\b/);
    // `npm pack` builds through prepack; the runtime gets production dependencies only.
    expect(pkg.scripts['prepack']).toBe('npm run build');
    expect(build).toContain('npm pack');
    expect(build).toContain(`${pkg.name}-*.tgz`);
    expect(build).toContain('npm ci --omit=dev');
    expect(runtime[0]!.args).toMatch(/-slim$/);
    expect(
      runtime
        .filter((line) => line.keyword === 'RUN')
        .map((line) => line.args)
        .join('\n'),
    ).not.toMatch(/\bnpm (ci|install)\b/);
    const user = runtime.findLast((line) => line.keyword === 'USER')?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('copies only files that exist in the repository, and keeps local builds and dependencies out of the context', () => {
    const copied = dockerfile.filter((line) => line.keyword === 'COPY' && !line.args.includes('--from=')).flatMap((line) => line.args.split(/\s+/).slice(0, -1));
    expect(copied.length).toBeGreaterThan(0);
    for (const source of copied) expect(existsSync(packageFile(source)), source).toBe(true);
    const ignored = read('deploy/Dockerfile.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    for (const local of ['node_modules', 'dist', 'lib', '.git']) expect(ignored).toContain(local);
  });

  it("runs the package's compiled command with a command the CLI has, on settings the relay reads", async () => {
    const [node, bin, ...args] = [...exec('ENTRYPOINT'), ...exec('CMD')];
    expect(node).toBe('node');
    expect(bin).toBe(`/app/${pkg.bin['chatport']}`);
    expect(await isChatportCommand(args)).toBe(true);
    expect(Object.keys(env).length).toBeGreaterThan(0);
    expect(unknownSettings(Object.keys(env))).toEqual([]);
  });

  it('keeps DATA_DIR on a volume and exposes PORT', () => {
    expect(JSON.parse(runtime.find((line) => line.keyword === 'VOLUME')!.args)).toEqual([env['DATA_DIR']]);
    expect(runtime.find((line) => line.keyword === 'EXPOSE')!.args).toBe(env['PORT']);
    // Listening on the loopback only would make the published port useless.
    expect(env['HOST']).toBe('0.0.0.0');
  });

  describe('HEALTHCHECK, run against a real relay', () => {
    let relay: Harness;
    beforeAll(async () => (relay = await startHarness()));
    afterAll(() => relay.close());

    const healthcheck = () => JSON.parse(runtime.find((line) => line.keyword === 'HEALTHCHECK')!.args.replace(/^.*?\bCMD\s+/, '')) as string[];

    it('uses node, not curl or wget, and passes while the relay answers /healthz', async () => {
      const command = healthcheck();
      expect(command[0]).toBe('node');
      expect(command.join(' ')).toContain('/healthz');
      const { code, out } = await run(command, { PORT: new URL(relay.url).port });
      expect(out).toBe('');
      expect(code).toBe(0);
    });

    it('fails when nothing answers', async () => {
      expect((await run(healthcheck(), { PORT: String(await closedPort()) })).code).toBe(1);
    });
  });
});

describe('deploy/compose.yaml', () => {
  const compose = read('deploy/compose.yaml');
  const dockerfile = instructions(read('deploy/Dockerfile'));
  const imageEnv = envPairs(
    dockerfile
      .filter((line) => line.keyword === 'ENV')
      .map((line) => line.args)
      .join(' '),
  );

  it('builds the Dockerfile from the repository root and reads an env file made from the example', () => {
    const context = /context:\s*(\S+)/.exec(compose)![1]!;
    const dockerfilePath = /dockerfile:\s*(\S+)/.exec(compose)![1]!;
    expect(relative(packageFile('.'), join(packageFile('deploy'), context))).toBe('');
    expect(dockerfilePath).toBe('deploy/Dockerfile');
    const envFile = /env_file:\s*(\S+)/.exec(compose)![1]!;
    expect(existsSync(packageFile(`deploy/${envFile}.example`))).toBe(true);
  });

  it("sets only settings the relay reads, keeps DATA_DIR on a volume and publishes the relay's port", () => {
    const environment = [...compose.matchAll(/^\s{6}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!);
    expect(environment).toContain('TRUST_PROXY');
    expect(unknownSettings(environment)).toEqual([]);
    expect(compose).toMatch(new RegExp(`- \\S+:${imageEnv['DATA_DIR']}\\n`));
    expect(compose).toContain(`:${imageEnv['PORT']}:${imageEnv['PORT']}"`);
    expect(compose).toMatch(/nofile:\s*\n\s*soft: 65536/);
  });
});

describe('deploy/chatport.env.example', () => {
  it('names only settings the relay reads, including the ones production needs', () => {
    const names = [...read('deploy/chatport.env.example').matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);
    for (const needed of ['PUBLIC_URL', 'CHATPORT_SECRET', 'ALLOWED_ORIGINS']) expect(names).toContain(needed);
    expect(unknownSettings(names)).toEqual([]);
  });
});

describe('deploy/chatport.service', () => {
  const unit = read('deploy/chatport.service');
  const values = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((match) => match[1]!.trim());
  const environment = Object.fromEntries(values('Environment').map((pair) => pair.split('=') as [string, string]));

  it("starts the package's installed command with a command the CLI has", async () => {
    const [command, ...args] = values('ExecStart')[0]!.split(/\s+/);
    expect(command).toMatch(new RegExp(`/node_modules/\\.bin/(${Object.keys(pkg.bin).join('|')})$`));
    expect(await isChatportCommand(args)).toBe(true);
  });

  it('runs as its own user, restarts on failure, raises the descriptor limit and keeps its data in its state directory', () => {
    expect(values('User')[0]).toBe('chatport');
    expect(values('Restart')).toEqual(['on-failure']);
    expect(Number(values('LimitNOFILE')[0])).toBeGreaterThanOrEqual(65536);
    expect(environment['DATA_DIR']).toBe(`/var/lib/${values('StateDirectory')[0]}`);
    expect(values('EnvironmentFile')[0]).toMatch(/\/chatport\.env$/);
    expect(existsSync(packageFile('deploy/chatport.env.example'))).toBe(true);
    for (const hardening of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'CapabilityBoundingSet='])
      expect(unit).toContain(`\n${hardening}\n`);
  });

  it('sets only settings the relay reads', () => {
    expect(Object.keys(environment)).toContain('TRUST_PROXY');
    expect(unknownSettings(Object.keys(environment))).toEqual([]);
  });
});

describe('the proxy snippets', () => {
  const heartbeatMs = Number(/heartbeatMs = ([\d_]+)/.exec(read('server/hub/index.ts'))![1]!.replace(/_/g, ''));
  const relayPort = /^Environment=PORT=(\d+)$/m.exec(read('deploy/chatport.service'))![1]!;

  it('nginx: streams unbuffered over kept-alive HTTP/1.1, outwaits the heartbeat, forwards the client address and takes 10 MB uploads', () => {
    const nginx = read('deploy/nginx.conf');
    const directive = (name: string) => new RegExp(`^\\s*${name}\\s+([^;]+);`, 'm').exec(nginx)?.[1];
    expect(directive('server')).toBe(`127.0.0.1:${relayPort}`);
    expect(directive('keepalive')).toBeDefined();
    expect(directive('proxy_http_version')).toBe('1.1');
    expect(directive('proxy_set_header Connection')).toBe('""');
    expect(directive('proxy_buffering')).toBe('off');
    expect(directive('proxy_set_header X-Forwarded-For')).toBe('$proxy_add_x_forwarded_for');
    expect(directive('proxy_set_header X-Forwarded-Proto')).toBe('$scheme');
    expect(Number(/^(\d+)s$/.exec(directive('proxy_read_timeout')!)![1]) * 1000).toBeGreaterThan(heartbeatMs);
    expect(Number(/^(\d+)m$/.exec(directive('client_max_body_size')!)![1]) * 1024 * 1024).toBeGreaterThanOrEqual(MAX_UPLOAD_BYTES);
  });

  it("Caddy: flushes at once, proxies to the relay's port and takes 10 MB uploads", () => {
    const caddy = read('deploy/Caddyfile');
    expect(caddy).toMatch(new RegExp(`reverse_proxy 127\\.0\\.0\\.1:${relayPort}\\b`));
    expect(caddy).toMatch(/flush_interval -1/);
    expect(Number(/max_size (\d+)MB/.exec(caddy)![1]) * 1000 * 1000).toBeGreaterThanOrEqual(MAX_UPLOAD_BYTES);
  });
});
