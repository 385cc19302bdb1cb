import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('./bin.mjs', import.meta.url));

/** Runs `chatport serve` with only the given environment (plus PATH) until it exits or prints `until`. */
const run = (env: Record<string, string>, until?: string) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, 'serve'], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
      if (until && out.includes(until)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });

describe('chatport serve', () => {
  it('reports every bad or missing setting at start, by name, and exits without echoing secrets', async () => {
    const { code, out } = await run({ UCHAT_API_KEY: 'flow-key-do-not-print', PORT: 'abc', ALLOWED_ORIGINS: 'example.com' });
    expect(code).toBe(1);
    for (const name of ['UCHAT_BOT_URL', 'UCHAT_VERIFICATION_KEY', 'PORT', 'PUBLIC_URL', 'CHATPORT_SECRET', 'ALLOWED_ORIGINS']) expect(out).toContain(`${name}:`);
    expect(out).not.toContain('flow-key-do-not-print');
  });

  it('starts in demo mode when no platform is configured, and says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chatport-cli-'));
    try {
      const { out } = await run({ PORT: '0', DATA_DIR: dataDir }, 'Open http');
      expect(out).toMatch(/DEMO MODE/);
      expect(out).toMatch(/Open http:\/\/127\.0\.0\.1:\d+\//);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
