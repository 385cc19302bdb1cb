import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnChatport } from './process.testing.ts';

const root = mkdtempSync(join(tmpdir(), 'chatport-startup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => {
  const dir = join(root, `d${++dirs}`);
  mkdirSync(dir);
  return dir;
};

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Runs a command to its end. */
const run = async (args: string[], env: Record<string, string> = {}, options: { uid?: number } = {}) => {
  const chatport = spawnChatport(args, env, options);
  const code = await chatport.exited;
  return { code, stdout: chatport.stdout(), stderr: chatport.stderr() };
};

/** `serve` that must fail at start: warnings only, so stderr holds just what the operator is told. */
const failedServe = (env: Record<string, string>, options: { uid?: number } = {}) => run(['serve'], { LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', ...env }, options);

const expectOneLine = (stderr: string, pattern: RegExp) => {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
};

const occupy = async (): Promise<{ port: number; server: Server }> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
};

describe('chatport commands', () => {
  it('prints the package version for --version and -v', async () => {
    for (const flag of ['--version', '-v']) {
      const { code, stdout, stderr } = await run([flag]);
      expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('refuses an unknown command or option with exit status 2 and where to look', async () => {
    expect(await run(['frobnicate'])).toEqual({ code: 2, stdout: '', stderr: 'chatport: unknown command "frobnicate"; see chatport --help\n' });
    const option = await run(['--frobnicate']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^chatport: Unknown option '--frobnicate'; see chatport --help\n$/);
    const serveOption = await run(['serve', '--port', '80']);
    expect(serveOption.code).toBe(2);
    expect(serveOption.stderr).toMatch(/^chatport serve: Unknown option '--port'; see chatport serve --help\n$/);
  });

  it('lists every command in --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}serve \[--provider uchat\|chatwoot\] +start the relay/m);
    expect(stdout).toMatch(/^ {2}uchat webhook get\|set\|remove +connect a UChat workspace/m);
    expect(stdout).toContain('-v, --version');
    expect((await run(['serve', '--help'])).stdout).toMatch(/^Usage: chatport serve/);
  });
});

describe('chatport serve start-up errors: one line each, no stack trace', () => {
  it('names the port in use and the setting that chose it', async () => {
    const { port, server } = await occupy();
    try {
      const taken = await failedServe({ PORT: String(port), DATA_DIR: newDir() });
      expect(taken.code).toBe(1);
      expectOneLine(taken.stderr, new RegExp(`^Chatport cannot start: port ${port} \\(PORT\\) is already in use on 127\\.0\\.0\\.1.*choose a free port with PORT\\.\\n$`));
      const metrics = await failedServe({ METRICS_PORT: String(port), DATA_DIR: newDir() });
      expect(metrics.code).toBe(1);
      expectOneLine(metrics.stderr, new RegExp(`port ${port} \\(METRICS_PORT\\) is already in use.*with METRICS_PORT\\.`));
    } finally {
      server.close();
    }
  });

  it('says DATA_DIR cannot be written, for a path through a file and for a directory without permission', async () => {
    const file = join(newDir(), 'not-a-directory');
    writeFileSync(file, 'x');
    const through = await failedServe({ DATA_DIR: join(file, 'data') });
    expect(through.code).toBe(1);
    expectOneLine(
      through.stderr,
      /^Chatport cannot start: DATA_DIR \(.*not-a-directory\/data\) cannot be written: part of the path is a file, not a directory .*set DATA_DIR to a writable directory/,
    );

    // Read-only for whoever runs the relay (root ignores permissions, so the relay then runs as nobody).
    const locked = newDir();
    chmodSync(root, 0o755);
    chmodSync(locked, 0o555);
    const asUser = process.getuid?.() === 0 ? { uid: 65534 } : {};
    const uchat = {
      UCHAT_BOT_URL: 'http://127.0.0.1:9/x',
      UCHAT_API_KEY: 'flow-key-123',
      UCHAT_VERIFICATION_KEY: 'verify-key-123',
      PUBLIC_URL: 'http://127.0.0.1:1',
      CHATPORT_SECRET: 's'.repeat(40),
      ALLOWED_ORIGINS: 'http://site.example.test',
    };
    // Demo mode writes its secret there first; with a platform, the database is the first thing written.
    for (const env of [{}, uchat] as Record<string, string>[]) {
      const denied = await failedServe({ DATA_DIR: locked, ...env }, asUser);
      expect(denied.code).toBe(1);
      expectOneLine(denied.stderr, new RegExp(`^Chatport cannot start: DATA_DIR \\(${locked}\\) cannot be written: .*give this user write access`));
    }
  });

  it('refuses a database file that is not a Chatport database, and leaves it alone', async () => {
    const text = newDir();
    writeFileSync(join(text, 'chatport.db'), 'shopping list: milk, eggs\n'.repeat(100));
    const notSqlite = await failedServe({ DATA_DIR: text });
    expect(readFileSync(join(text, 'chatport.db'), 'utf8')).toBe('shopping list: milk, eggs\n'.repeat(100));
    expect(notSqlite.code).toBe(1);
    expectOneLine(notSqlite.stderr, /^Chatport cannot start: .*chatport\.db is not a Chatport database \(it is not an SQLite database\); move it away or set DATA_DIR/);

    const foreign = newDir();
    const db = new Database(join(foreign, 'chatport.db'));
    db.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY)');
    db.close();
    const before = readFileSync(join(foreign, 'chatport.db'));
    const other = await failedServe({ DATA_DIR: foreign });
    expect(readFileSync(join(foreign, 'chatport.db')).equals(before)).toBe(true);
    expect(other.code).toBe(1);
    expectOneLine(other.stderr, /chatport\.db is not a Chatport database \(the database holds tables of another application/);
  });

  it('keeps settings problems in one block, LOG_LEVEL included', async () => {
    const { code, stderr } = await run(['serve'], { LOG_LEVEL: 'loud', METRICS_TOKEN: 'short', DATA_DIR: newDir() });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Chatport cannot start; fix these settings:\n {2}- LOG_LEVEL: got "loud"; expected one of "debug", "info", "warn", "error", "silent"/);
    expect(stderr).toContain('  - METRICS_TOKEN: expected at least 16 characters');
    expect(stderr).not.toContain('short');
  });
});

describe('LOG_LEVEL', () => {
  it('warn writes no info lines (the banner on stdout stays)', async () => {
    const chatport = spawnChatport(['serve'], { LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', DATA_DIR: newDir() });
    await chatport.waitFor(/Open http:\/\/127\.0\.0\.1:\d+\//);
    chatport.signal('SIGTERM');
    expect(await chatport.exited).toBe(0);
    expect(chatport.stderr()).toBe('');
  });
});
