import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, widget } from './fixtures.testing.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** `npm start`'s own entry point, as a child process that can be killed outright. */
const spawnRelay = async (env: Record<string, string>): Promise<ChildProcess> => {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../server/bin.mjs', import.meta.url)), 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Open http')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}:\n${output}`)));
  });
  return child;
};

const push = async (simulatorUrl: string, body: object) => {
  const response = await fetch(`${simulatorUrl}/_simulator/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBeLessThan(300);
};

test('after a network blip the widget reconnects by itself and shows what it missed, once', async ({ page, context, relay }) => {
  await page.goto(relay.url);
  const w = widget(page);
  await w.launcher.click();
  await w.composer.fill('before the blip');
  await w.composer.press('Enter');
  await expect(w.botMessages).toHaveCount(1);
  const visitorId = (relay.simulator!.received[0]!.body as { sender: { id: string } }).sender.id;

  await context.setOffline(true);
  await page.evaluate(() => window.dispatchEvent(new Event('offline')));
  await push(relay.simulator!.url, { sender_id: visitorId, text: 'sent while you were offline', type: 'text', message_type: 'outgoing', private: false });
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));

  await expect(w.botMessages.filter({ hasText: 'sent while you were offline' })).toHaveCount(1, { timeout: 20_000 });
  await push(relay.simulator!.url, { sender_id: visitorId, text: 'and live again', type: 'text', message_type: 'outgoing', private: false });
  await expect(w.botMessages.filter({ hasText: 'and live again' })).toHaveCount(1);
  await expect(w.botMessages).toHaveCount(3);
  await expect(w.visitorMessages).toHaveCount(1);
});

test('after the relay is killed and restarted the widget resumes: missed messages appear, none twice', async ({ page }) => {
  test.setTimeout(60_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'chatport-e2e-restart-'));
  const [port, simulatorPort] = [await freePort(), await freePort()];
  const env = { PORT: String(port), SIMULATOR_PORT: String(simulatorPort), DATA_DIR: dataDir, PUBLIC_URL: `http://127.0.0.1:${port}`, HOST: '127.0.0.1' };
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  let relay = await spawnRelay(env);
  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    const w = widget(page);
    await w.launcher.click();
    await w.composer.fill('before the crash');
    await w.composer.press('Enter');
    await expect(w.botMessages).toHaveCount(1);
    const received = (await (await fetch(`${simulatorUrl}/_simulator/received`)).json()) as { body: { sender: { id: string } } }[];
    const visitorId = received[0]!.body.sender.id;

    relay.kill('SIGKILL');
    await new Promise((resolve) => relay.once('exit', resolve));
    relay = await spawnRelay(env);
    await push(simulatorUrl, { sender_id: visitorId, text: 'while you were reconnecting 1', type: 'text', message_type: 'outgoing', private: false });
    await push(simulatorUrl, { sender_id: visitorId, text: 'while you were reconnecting 2', type: 'text', message_type: 'outgoing', private: false });

    await expect(w.botMessages.filter({ hasText: 'while you were reconnecting 2' })).toHaveCount(1, { timeout: 30_000 });
    await expect(w.botMessages).toHaveCount(3);
    await expect(w.visitorMessages).toHaveCount(1);
    await w.composer.fill('after the restart');
    await w.composer.press('Enter');
    await expect(w.botMessages.filter({ hasText: 'after the restart' })).toHaveCount(1);
  } finally {
    relay.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
