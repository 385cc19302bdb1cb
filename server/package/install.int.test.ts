import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '../../src/protocol/index.ts';
import { relayApi } from '../integration/relay-api.testing.ts';
import { openStream } from '../integration/sse-client.testing.ts';
import { packageFile } from './files.ts';

// The package as its users get it: `npm pack` of the built tree (`npm test` builds first), installed OFFLINE from the
// npm cache `npm ci` filled into a copy of examples/qa-playwright: a QA team's project, which is also a site that
// runs the relay. From there: `npx chatport serve` (a site owner), and the example's own `npm test` (its type check
// and Playwright flows on both platforms, written only against the documented kit). better-sqlite3 compiles from
// source during the install (its prebuilt download cannot be fetched here), about a minute on 2 cores.

const INSTALL_TIMEOUT_MS = 8 * 60_000;
const EXAMPLE_TIMEOUT_MS = 5 * 60_000;
/** The tools the example project pins beside chatport: the versions our package-lock.json installed. */
const EXAMPLE_TOOLS = ['@playwright/test', 'playwright', 'playwright-core', 'typescript', '@types/node', 'undici-types'];

interface PackedFile {
  path: string;
}

const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  types: string;
  exports: Record<string, string | Record<string, string>>;
  engines: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, unknown>;
  license: string;
  dependencies: Record<string, string>;
};

/** npm and npx as a site owner runs them: none of the npm_* settings of the `npm test` that started this file. */
const cleanEnv = (extra: Record<string, string> = {}): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    // Keep the cache `npm ci` filled; drop the rest (npm_config_local_prefix would point npm at this repository).
    if (value === undefined || name === 'INIT_CWD' || (name.startsWith('npm_') && name !== 'npm_config_cache')) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
};

const run = (command: string, args: string[], cwd: string, env = cleanEnv()) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });

type LockEntry = { version: string; dev?: boolean; devOptional?: boolean; resolved?: string };
const ourLock = () => JSON.parse(readFileSync(packageFile('package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

/**
 * The example project's lockfile: chatport from the tarball, its dependencies and the example's pinned tools at exactly
 * the versions our package-lock.json tested, each with its registry address so npm takes the tarball from the cache by
 * its integrity. Without it npm 11 resolves a new dependency from the registry's full metadata, which `npm ci` never
 * caches: a bare `npm install --offline chatport.tgz` then stops with ENOTCACHED for better-sqlite3, ws and zod.
 */
const exampleLockfile = (manifest: { name: string; devDependencies: Record<string, string> }, tarball: string, registry: string) => {
  const spec = manifest.devDependencies[pkg.name]!;
  const packages: Record<string, unknown> = {
    '': { name: manifest.name, devDependencies: manifest.devDependencies },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      peerDependencies: pkg.peerDependencies,
      peerDependenciesMeta: pkg.peerDependenciesMeta,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [path, { dev, devOptional, ...entry }] of Object.entries(ourLock().packages)) {
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!path.startsWith('node_modules/') || ((dev || devOptional) && !EXAMPLE_TOOLS.includes(name))) continue;
    packages[path] = { ...entry, resolved: entry.resolved ?? `${registry.replace(/\/+$/, '')}/${name}/-/${name.split('/').pop()}-${entry.version}.tgz` };
  }
  return { name: manifest.name, lockfileVersion: 3, requires: true, packages };
};

/** Whether any process of the group `pgid` (a detached child's pid) is still running. */
const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitUntil = async (done: () => boolean, timeoutMs: number, message: string) => {
  for (const until = Date.now() + timeoutMs; !done(); await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (Date.now() > until) throw new Error(message);
  }
};

/** Relative import specifiers of a compiled module (static and dynamic). */
const relativeImports = (source: string): string[] => [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((match) => match[1]!);

// Tests and the code only they use (`*.testing.ts`, CONTRIBUTING.md), the folders that hold nothing else, and our
// test runners' configs (the QA kit's lib/server/testing/playwright.js is product code, and shipped).
const TEST_ONLY = /(\.test\.|\.spec\.|\.testing\.|(^|\/)(e2e|bench|examples)\/|playwright\.config|vitest)/;

describe('the npm package', () => {
  let work: string;
  let tarball: string;
  let files: string[];

  beforeAll(async () => {
    for (const built of [pkg.bin['chatport']!, 'dist/embed.js', pkg.types]) expect(existsSync(packageFile(built)), `${built}: run \`npm run build\` first`).toBe(true);
    work = mkdtempSync(join(tmpdir(), 'chatport-pack-'));
    // The build is already there (`npm test` builds first); prepack would rebuild dist/ under the other tests' feet.
    const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], packageFile('.'));
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: PackedFile[] }[];
    tarball = join(work, info!.filename);
    files = info!.files.map((file) => file.path);
  }, 60_000);

  afterAll(() => work && rmSync(work, { recursive: true, force: true }));

  it('ships the compiled relay, the built widget, the files read at run time and the type entry, and none of our tests or sources', () => {
    const targets = [pkg.bin['chatport']!, pkg.types, ...Object.values(pkg.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))];
    for (const target of targets) expect(files, target).toContain(posix.normalize(target));
    for (const needed of [
      'dist/embed.js',
      'index.html',
      'server/demo/demo.css',
      'server/standins/media/clip.webm',
      'LICENSE',
      'README.md',
      'CHANGELOG.md',
      'deploy/chatport.service',
      'deploy/chatport.env.example',
      'deploy/nginx.conf',
      'deploy/Caddyfile',
    ])
      expect(files).toContain(needed);
    expect(files.some((file) => /^dist\/assets\/widget-[\w-]+\.js$/.test(file))).toBe(true);
    expect(files.filter((file) => TEST_ONLY.test(file))).toEqual([]);
    expect(files.filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => file.startsWith('dist/.vite/'))).toEqual([]);
    // Every module the compiled relay imports is in the package (not only those a demo run happens to load).
    const missing = files
      .filter((file) => file.startsWith('lib/') && file.endsWith('.js'))
      .flatMap((file) => relativeImports(readFileSync(packageFile(file), 'utf8')).map((specifier) => [file, posix.join(posix.dirname(file), specifier)]))
      .filter(([, target]) => !files.includes(target!));
    expect(missing).toEqual([]);
  });

  describe('installed offline into the QA example project (examples/qa-playwright), which is also a site', () => {
    let site: string;
    let relay: ChildProcess | undefined;
    let output = '';

    beforeAll(async () => {
      site = join(work, 'qa-playwright');
      cpSync(packageFile('examples/qa-playwright'), site, { recursive: true, filter: (from) => !/(^|\/)(node_modules|test-results|chatport\.tgz)$/.test(from) });
      const manifest = JSON.parse(readFileSync(join(site, 'package.json'), 'utf8')) as { name: string; devDependencies: Record<string, string> };
      // The example pins its tools to what we test with, so the offline install finds them in the cache.
      const lock = ourLock().packages;
      for (const tool of EXAMPLE_TOOLS.filter((name) => name in manifest.devDependencies)) {
        expect(manifest.devDependencies[tool], `examples/qa-playwright/package.json: ${tool} as in package-lock.json`).toBe(lock[`node_modules/${tool}`]!.version);
      }
      cpSync(tarball, join(site, manifest.devDependencies[pkg.name]!.replace(/^file:/, '')));
      const registry = (await run('npm', ['config', 'get', 'registry'], site)).stdout.trim();
      writeFileSync(join(site, 'package-lock.json'), JSON.stringify(exampleLockfile(manifest, tarball, registry), null, 2));
      const started = Date.now();
      const install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund'], site);
      // Printed so the run shows what the install costs (better-sqlite3's native build is most of it).
      console.log(`npm install --offline of ${posix.basename(tarball)} and the example's tools: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(install.code, `npm install --offline failed:\n${install.stdout}\n${install.stderr}`).toBe(0);
    }, INSTALL_TIMEOUT_MS);

    afterAll(() => {
      // A relay left behind by a failed assertion: its whole process group (npx, the shell, node).
      if (relay?.pid && groupAlive(relay.pid)) process.kill(-relay.pid, 'SIGKILL');
    });

    it('brings its production dependencies only: none of our build or test tools', () => {
      const installed = join(site, 'node_modules');
      for (const dependency of Object.keys(pkg.dependencies)) expect(existsSync(join(installed, dependency, 'package.json')), dependency).toBe(true);
      // (TypeScript is there, but as the example's own pinned devDependency.)
      for (const devOnly of ['tsx', 'vite', 'vitest', 'esbuild', 'happy-dom', '@axe-core/playwright']) expect(existsSync(join(installed, devOnly)), devOnly).toBe(false);
      expect(existsSync(join(installed, '.bin', 'chatport'))).toBe(true);
    });

    it('`npx chatport serve` answers health, the embed script, the demo page and a chat with the demo bot, and stops on SIGTERM', async () => {
      const dataDir = join(work, 'data');
      relay = spawn('npx', ['chatport', 'serve'], {
        cwd: site,
        env: cleanEnv({ PORT: '0', DATA_DIR: dataDir, npm_config_offline: 'true' }),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => relay!.once('exit', (code, signal) => resolve({ code, signal })));
      relay.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      relay.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`chatport serve did not start:\n${output}`)), 30_000);
        const look = () => {
          const found = /Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
          if (found) {
            clearTimeout(timer);
            resolve(found[1]!);
          }
        };
        relay!.stdout!.on('data', look);
        void exited.then(() => reject(new Error(`chatport serve exited:\n${output}`)));
      });

      const api = relayApi(url);
      expect((await api('/healthz')).json).toEqual({ ok: true, provider: 'uchat', mode: 'demo' });
      const embed = await api('/embed.js');
      expect(embed.status).toBe(200);
      expect(embed.text).toBe(readFileSync(packageFile('dist/embed.js'), 'utf8'));
      const page = await api('/');
      expect(page.text).toContain('<script src="/embed.js"');
      expect((await api('/demo.css')).status).toBe(200);
      // The simulator's committed video, read from the installed package.
      const simulator = /Simulator: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
      const clip = await fetch(`${simulator}/media/clip.webm`);
      expect(clip.status).toBe(200);
      expect(Buffer.from(await clip.arrayBuffer()).equals(readFileSync(packageFile('server/standins/media/clip.webm')))).toBe(true);

      // A visitor's message through the durable store, the simulator's signed webhook and back over SSE.
      const session = (await api<SessionResponse>('/v1/sessions', { method: 'POST', body: {} })).json;
      const stream = await openStream(url, session.token);
      const sent = await api('/v1/messages', { method: 'POST', token: session.token, body: { clientId: 'packed-1', body: { kind: 'text', text: 'from the package' } } });
      expect(sent.status).toBeLessThan(300);
      const reply = await stream.waitFor(() => stream.messages().find((message) => message.author === 'bot'), 10_000);
      expect(reply.body).toEqual({ kind: 'text', text: 'You said: "from the package"' });
      await stream.close();
      expect(existsSync(join(dataDir, 'chatport.db'))).toBe(true);

      // A supervisor or a terminal signals the whole process group: npx forwards a signal sent to it alone only to its
      // `sh -c`, which ends without passing it on and leaves the relay running (seen with npm 11).
      process.kill(-relay.pid!, 'SIGTERM');
      await exited;
      await waitUntil(() => !groupAlive(relay!.pid!), 15_000, `the relay did not stop after SIGTERM:\n${output}`);
      expect(output).toContain('"event":"relay.stopping"');
      // A store closed cleanly folds its write-ahead log back into the database and removes it.
      expect(existsSync(join(dataDir, 'chatport.db-wal'))).toBe(false);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    }, 60_000);

    it('types the embed API for a TypeScript consumer', async () => {
      writeFileSync(
        join(site, 'consumer.ts'),
        `import type { Chatport, ChatportMessage } from 'chatport';

const chat: Chatport | undefined = window.Chatport;
chat?.('init', { position: 'left', theme: 'dark', color: '#0a7f5a' });
chat?.('on', 'message', (message: ChatportMessage) => console.log(message.author, message.body.kind));
window.addEventListener('chatport:message', (event) => console.log(event.detail.seq.toFixed()));
// @ts-expect-error: not a command
chat?.('opne');
// @ts-expect-error: the launcher sits left or right
chat?.('init', { position: 'top' });
`,
      );
      writeFileSync(
        join(site, 'tsconfig.embed.json'),
        JSON.stringify({
          compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [] },
          files: ['consumer.ts'],
        }),
      );
      const tsc = packageFile('node_modules/typescript/bin/tsc');
      const checked = await run(process.execPath, [tsc, '-p', join(site, 'tsconfig.embed.json')], site);
      expect(checked.stdout + checked.stderr).toBe('');
      expect(checked.code).toBe(0);
    }, 60_000);

    it(
      "runs the example's `npm test`: its type check and its Playwright flows on both platforms, against the packed kit",
      async () => {
        const started = Date.now();
        const tested = await run('npm', ['test'], site, cleanEnv({ npm_config_offline: 'true' }));
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        // Printed so the run shows what the example suite costs.
        console.log(`examples/qa-playwright npm test (tsc, then Playwright): ${seconds} s`);
        expect(tested.code, `the example's npm test failed:\n${tested.stdout}\n${tested.stderr}`).toBe(0);
        expect(tested.stdout).toMatch(/\b8 passed\b/);
      },
      EXAMPLE_TIMEOUT_MS,
    );
  });
});
