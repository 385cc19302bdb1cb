import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWidget, expect, test } from './fixtures.testing.ts';

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

test('after a network blip the widget reconnects by itself and shows what it missed, once', async ({ page, context, widget, bot }) => {
  await page.goto('/');
  await widget.send('before the blip');
  await expect(widget.replies()).toHaveCount(1);

  await context.setOffline(true);
  await page.evaluate(() => window.dispatchEvent(new Event('offline')));
  await bot.say('sent while you were offline');
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));

  await expect(widget.replies('sent while you were offline')).toHaveCount(1, { timeout: 20_000 });
  await bot.say('and live again');
  await expect(widget.replies('and live again')).toHaveCount(1);
  await expect(widget.replies()).toHaveCount(3);
  await expect(widget.sent()).toHaveCount(1);
});

test('the platform down, the streams cut and the relay restarted: nothing is lost and nothing shows twice', async ({ page, widget, bot, relay }) => {
  test.setTimeout(60_000);
  await page.goto('/');
  await widget.send('start');
  await expect(widget.replies('You said: "start"')).toHaveCount(1);

  bot.down();
  await widget.send('while the platform is down');
  // The relay keeps it, pending, until the platform has it: then it shows as sent and the bot answers.
  const waiting = widget.sent('while the platform is down');
  await expect(waiting).toHaveAttribute('data-status', 'pending');
  await page.waitForTimeout(500);
  expect(bot.received()).toHaveLength(1);
  bot.up();
  await expect(waiting).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  await expect(widget.replies('You said: "while the platform is down"')).toHaveCount(1);

  relay.dropStreams();
  await bot.say('after the drop');
  await relay.restart();
  await bot.say('after the restart');
  await expect(widget.replies('after the restart')).toHaveCount(1, { timeout: 20_000 });
  await expect(widget.replies()).toHaveText(['You said: "start"', 'You said: "while the platform is down"', 'after the drop', 'after the restart']);
  expect(bot.received()).toEqual([
    { kind: 'text', text: 'start' },
    { kind: 'text', text: 'while the platform is down' },
  ]);
});

// Kept outside the kit: a relay process killed outright (SIGKILL) and started again from the command line, which a
// QA team's in-process relay (relay.restart) does not do.
test('after the relay process is killed and restarted the widget resumes: missed messages appear, none twice', async ({ page }) => {
  test.setTimeout(60_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'chatport-e2e-restart-'));
  const [port, simulatorPort] = [await freePort(), await freePort()];
  const env = { PORT: String(port), SIMULATOR_PORT: String(simulatorPort), DATA_DIR: dataDir, PUBLIC_URL: `http://127.0.0.1:${port}`, HOST: '127.0.0.1' };
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  let relay = await spawnRelay(env);
  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    const w = createWidget(page);
    await w.send('before the crash');
    await expect(w.replies()).toHaveCount(1);
    const received = (await (await fetch(`${simulatorUrl}/_simulator/received`)).json()) as { body: { sender: { id: string } } }[];
    const visitorId = received[0]!.body.sender.id;

    relay.kill('SIGKILL');
    await new Promise((resolve) => relay.once('exit', resolve));
    relay = await spawnRelay(env);
    await push(simulatorUrl, { sender_id: visitorId, text: 'while you were reconnecting 1', type: 'text', message_type: 'outgoing', private: false });
    await push(simulatorUrl, { sender_id: visitorId, text: 'while you were reconnecting 2', type: 'text', message_type: 'outgoing', private: false });

    await expect(w.replies('while you were reconnecting 2')).toHaveCount(1, { timeout: 30_000 });
    await expect(w.replies()).toHaveCount(3);
    await expect(w.sent()).toHaveCount(1);
    await w.send('after the restart');
    await expect(w.replies('after the restart')).toHaveCount(1);
  } finally {
    relay.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
