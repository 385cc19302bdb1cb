import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../standins/uchat/index.ts';
import { startServer } from '../../../http/recording-server.testing.ts';
import { startHarness, type Harness } from '../../../integration/harness.testing.ts';
import { runUchat } from './webhook.ts';
import { runChatport } from '../../../cli/process.testing.ts';

/** Runs the command in-process with captured output. */
const run = async (argv: string[], env: Record<string, string | undefined> = {}) => {
  let stdout = '';
  let stderr = '';
  const code = await runUchat(argv, { env, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
};

const simEnv = (sim: Simulator, extra: Record<string, string> = {}) => ({
  UCHAT_PARTNER_URL: sim.url,
  UCHAT_WORKSPACE_ID: sim.workspaceId,
  UCHAT_PARTNER_API_KEY: sim.partnerApiKey,
  ...extra,
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('chatport uchat webhook, against the simulator and a running relay', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });
  const relay = async (): Promise<Harness> => {
    const h = await startHarness();
    cleanup.push(() => h.close());
    return h;
  };

  it('set, then get, then remove', async () => {
    const h = await relay();
    const key = h.config.uchat!.verificationKey;
    const env = simEnv(h.sim, { PUBLIC_URL: h.url, UCHAT_VERIFICATION_KEY: key });

    const set = await run(['webhook', 'set'], env);
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toContain(`UChat verified the webhook ${h.url}/webhooks/uchat (workspace ${h.sim.workspaceId}).`);
    expect(set.stdout.split('\n')).toEqual(
      expect.arrayContaining([`bot_url: ${h.sim.botUrl}`, `PUBLIC_URL=${h.url}`, `UCHAT_BOT_URL=${h.sim.botUrl}`, '# UCHAT_VERIFICATION_KEY: keep the key you gave (not shown)']),
    );
    expect(set.stdout).toMatch(/^# UCHAT_API_KEY: the workspace's flow API key/m);
    expect(h.sim.webhook()).toMatchObject({ webhookUrl: `${h.url}/webhooks/uchat`, verificationKey: key, status: 'verified' });

    const got = await run(['webhook', 'get'], env);
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(
      `webhook_url:      ${h.url}/webhooks/uchat\nwebhook_status:   verified\nbot_url:          ${h.sim.botUrl}\nverification key: set (not shown); matches UCHAT_VERIFICATION_KEY\n`,
    );
    expect((await run(['webhook', 'get'], { ...env, UCHAT_VERIFICATION_KEY: 'another-key-entirely' })).stdout).toContain('DIFFERS from UCHAT_VERIFICATION_KEY');

    expect(await run(['webhook', 'remove'], env)).toEqual({ code: 0, stdout: `Removed the API Chat webhook of workspace ${h.sim.workspaceId}.\n`, stderr: '' });
    expect(h.sim.webhook()).toBeUndefined();
    expect((await run(['webhook', 'get'], env)).stdout).toBe(`No API Chat webhook is set for workspace ${h.sim.workspaceId}.\n`);

    for (const output of [set, got].flatMap((r) => [r.stdout, r.stderr])) {
      for (const secret of [key, h.sim.partnerApiKey, h.sim.flowApiKey]) expect(output).not.toContain(secret);
    }
  });

  it('a wrong partner API key: a clear error, exit 1, no key shown', async () => {
    const h = await relay();
    const result = await run(['webhook', 'set', '--api-key', 'wrong-partner-key', '--verification-key', h.config.uchat!.verificationKey], simEnv(h.sim, { PUBLIC_URL: h.url }));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('chatport uchat webhook set: UChat partner API set failed (HTTP 401): the partner API key is missing or wrong');
    expect(result.stderr).toContain('Check the partner API key (--api-key / UCHAT_PARTNER_API_KEY)');
    expect(result.stderr).not.toContain('wrong-partner-key');
    expect(result.stderr).not.toContain(h.config.uchat!.verificationKey);
  });

  it('a relay that does not answer the handshake (other key): a clear error, the old webhook kept', async () => {
    const h = await relay();
    const before = h.sim.webhook();
    const result = await run(['webhook', 'set', '--verification-key', 'not-the-relays-key'], simEnv(h.sim, { PUBLIC_URL: h.url }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(HTTP 400): webhook verification failed: webhook_url answered HTTP 403');
    expect(result.stderr).toContain(`UChat could not verify ${h.url}/webhooks/uchat: the relay there must be running and answer the handshake with the same verification key.`);
    expect(result.stderr).not.toContain('not-the-relays-key');
    expect(h.sim.webhook()).toEqual(before);
  });

  it('a generated key cannot pass a running relay: says why and what to do instead', async () => {
    const h = await relay();
    const result = await run(['webhook', 'set'], simEnv(h.sim, { PUBLIC_URL: h.url }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('This run generated a new key, which a running relay cannot know');
    expect(result.stdout).not.toMatch(/UCHAT_VERIFICATION_KEY=/);
  });

  it('first setup with --listen: generates a key, answers the handshake itself, prints the settings', async () => {
    const sim = await createSimulator();
    cleanup.push(() => sim.close());
    const port = await freePort();
    const result = await run(['webhook', 'set', '--listen', `127.0.0.1:${port}`], simEnv(sim, { PUBLIC_URL: `http://127.0.0.1:${port}` }));
    expect(result.stderr).toBe(`Answering UChat's handshake on http://127.0.0.1:${port} until UChat has answered…\n`);
    expect(result.code).toBe(0);
    const key = /^UCHAT_VERIFICATION_KEY=([0-9a-f]{64})$/m.exec(result.stdout)?.[1];
    expect(sim.webhook()).toMatchObject({ webhookUrl: `http://127.0.0.1:${port}/webhooks/uchat`, verificationKey: key, status: 'verified' });
    // The listener is gone once the command is done.
    await expect(fetch(`http://127.0.0.1:${port}/webhooks/uchat`, { method: 'POST' })).rejects.toThrow();
  });

  it('--listen that UChat never reaches: says so', async () => {
    const sim = await createSimulator();
    cleanup.push(() => sim.close());
    const [port, elsewhere] = [await freePort(), await freePort()];
    const result = await run(['webhook', 'set', '--listen', `127.0.0.1:${port}`], simEnv(sim, { PUBLIC_URL: `http://127.0.0.1:${elsewhere}` }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No handshake reached --listen http://127.0.0.1:${port}`);
  });

  it('--listen on a port in use: says what to do, exit 1', async () => {
    const sim = await createSimulator();
    cleanup.push(() => sim.close());
    const busy = await startServer(() => undefined);
    cleanup.push(() => busy.close());
    const port = new URL(busy.url).port;
    const result = await run(['webhook', 'set', '--listen', `127.0.0.1:${port}`], simEnv(sim, { PUBLIC_URL: busy.url }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^chatport uchat webhook set: --listen: .*EADDRINUSE.*; stop whatever uses that port/);
    expect(sim.webhook()).toBeUndefined();
  });

  it('an unreachable or silent partner API: network error and timeout, exit 1', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const env = { UCHAT_WORKSPACE_ID: 'w', UCHAT_PARTNER_API_KEY: 'k-secret' };
    const unreachable = await run(['webhook', 'get', '--base-url', closed], env);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('UChat partner API get failed: could not reach the partner API');
    expect(unreachable.stderr).toContain(`Check --base-url / UCHAT_PARTNER_URL (now ${closed})`);
    const silent = await startServer(() => undefined);
    cleanup.push(() => silent.close());
    const timeout = await run(['webhook', 'remove', '--base-url', silent.url, '--timeout-ms', '200'], env);
    expect(timeout.code).toBe(1);
    expect(timeout.stderr).toContain('UChat partner API remove failed: no answer within 200 ms');
    expect(timeout.stderr).not.toContain('k-secret');
  });

  it('an unknown workspace: the platform message and what to check', async () => {
    const sim = await createSimulator();
    cleanup.push(() => sim.close());
    const result = await run(['webhook', 'get', '--workspace', 'nope'], simEnv(sim));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(HTTP 404): workspace not found');
    expect(result.stderr).toContain('Check the workspace id (--workspace / UCHAT_WORKSPACE_ID)');
  });

  it('bad or missing options: exit 2 with every problem; --help documents every option', async () => {
    const bad = await run(['webhook', 'set'], {});
    expect(bad.code).toBe(2);
    for (const name of ['UCHAT_WORKSPACE_ID', 'UCHAT_PARTNER_API_KEY', 'PUBLIC_URL']) expect(bad.stderr).toContain(name);
    const help = await run(['webhook', '--help']);
    expect(help.code).toBe(0);
    for (const word of [
      'get',
      'set',
      'remove',
      '--base-url',
      'UCHAT_PARTNER_URL',
      '--workspace',
      'UCHAT_WORKSPACE_ID',
      '--api-key',
      'UCHAT_PARTNER_API_KEY',
      '--public-url',
      'PUBLIC_URL',
      '--verification-key',
      'UCHAT_VERIFICATION_KEY',
      '--listen',
      '--timeout-ms',
      'https://www.uchat.com.au',
    ]) {
      expect(help.stdout).toContain(word);
    }
  });
});

describe('chatport uchat webhook through the package bin', () => {
  it('exits 1 with the error on stderr for a wrong key, and 0 for a get that works', async () => {
    const sim = await createSimulator();
    try {
      const wrong = await runChatport(['uchat', 'webhook', 'get'], { ...simEnv(sim), UCHAT_PARTNER_API_KEY: 'wrong-key-123' }, { limitMs: 15_000 });
      expect(wrong).toMatchObject({ code: 1, stdout: '' });
      expect(wrong.stderr).toContain('(HTTP 401)');
      expect(wrong.stderr).not.toContain('wrong-key-123');
      const fine = await runChatport(['uchat', 'webhook', 'get'], simEnv(sim), { limitMs: 15_000 });
      expect(fine).toEqual({ code: 0, stdout: `No API Chat webhook is set for workspace ${sim.workspaceId}.\n`, stderr: '' });
    } finally {
      await sim.close();
    }
  });
});
