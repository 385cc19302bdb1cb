import { describe, expect, it } from 'vitest';
import { DEFAULT_PARTNER_URL, parseWebhookArgs } from './options.ts';

const env = { UCHAT_WORKSPACE_ID: 'ws-1', UCHAT_PARTNER_API_KEY: 'partner-SECRET', PUBLIC_URL: 'https://chat.example.com/' };

describe('parseWebhookArgs', () => {
  it('takes settings from the environment, with the default partner address', () => {
    expect(parseWebhookArgs(['webhook', 'set'], env)).toEqual({
      help: false,
      options: { action: 'set', baseUrl: DEFAULT_PARTNER_URL, workspaceId: 'ws-1', apiKey: 'partner-SECRET', publicUrl: 'https://chat.example.com', timeoutMs: 30_000 },
    });
  });

  it('prefers flags (both spellings) over the environment', () => {
    const parsed = parseWebhookArgs(
      ['webhook', 'get', '--workspace', 'ws-2', '--api-key=flag-key', '--base-url', 'https://app.agency.test/api/', '--verification-key', 'k'.repeat(20), '--timeout-ms', '500'],
      { ...env, UCHAT_PARTNER_URL: 'https://ignored.test', UCHAT_VERIFICATION_KEY: 'env-key-ignored' },
    );
    expect(parsed).toEqual({
      help: false,
      options: { action: 'get', baseUrl: 'https://app.agency.test', workspaceId: 'ws-2', apiKey: 'flag-key', verificationKey: 'k'.repeat(20), timeoutMs: 500 },
    });
  });

  it('reads --listen as a port or host:port', () => {
    const listen = (value: string) => {
      const parsed = parseWebhookArgs(['webhook', 'set', '--listen', value], env);
      return 'options' in parsed ? parsed.options.listen : parsed;
    };
    expect(listen('8787')).toEqual({ host: '0.0.0.0', port: 8787 });
    expect(listen('127.0.0.1:9000')).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(listen('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(listen('0')).toMatchObject({ issues: [expect.stringMatching(/^--listen: got "0"/)] });
    expect(listen('host:')).toMatchObject({ issues: [expect.stringMatching(/^--listen/)] });
  });

  it('reports every problem at once, by flag and variable, without repeating a secret', () => {
    const parsed = parseWebhookArgs(['webhook', 'set', '--verification-key', 'short', '--base-url', 'ftp://x', '--public-url', 'https://x.test/?a=1', '--timeout-ms', '5'], {});
    expect('issues' in parsed && parsed.issues.map((issue) => issue.split(':')[0])).toEqual([
      '--base-url / UCHAT_PARTNER_URL',
      '--workspace / UCHAT_WORKSPACE_ID',
      '--api-key / UCHAT_PARTNER_API_KEY',
      '--verification-key / UCHAT_VERIFICATION_KEY',
      '--public-url / PUBLIC_URL',
      '--timeout-ms',
    ]);
    expect(JSON.stringify(parsed)).not.toContain('short');
  });

  it('needs PUBLIC_URL for set only, and a known action', () => {
    const { PUBLIC_URL: _, ...noPublic } = env;
    expect(parseWebhookArgs(['webhook', 'remove'], noPublic)).toMatchObject({ options: { action: 'remove' } });
    expect(parseWebhookArgs(['webhook', 'set'], noPublic)).toMatchObject({ issues: [expect.stringMatching(/^--public-url \/ PUBLIC_URL: missing/)] });
    expect(parseWebhookArgs(['webhook', 'delete'], env)).toMatchObject({ issues: ['expected `webhook get`, `webhook set` or `webhook remove` followed by options'] });
    expect(JSON.stringify(parseWebhookArgs(['webhook', 'set', 'pasted-SECRET'], env))).not.toContain('pasted-SECRET');
    expect(parseWebhookArgs(['webhook', 'get', '--listen', '80'], env)).toMatchObject({ issues: [expect.stringMatching(/only `webhook set`/)] });
  });

  it('refuses unknown flags by name and answers --help', () => {
    expect(parseWebhookArgs(['webhook', 'get', '--api-kye', 'x'], env)).toEqual({ help: false, issues: ["Unknown option '--api-kye'"] });
    expect(parseWebhookArgs(['--help'], {})).toEqual({ help: true });
    expect(parseWebhookArgs(['webhook', 'set', '-h'], {})).toEqual({ help: true });
  });
});
