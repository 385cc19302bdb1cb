import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.ts';
import { issuesOf } from './issues.testing.ts';

const secret = 's'.repeat(40);
const uchat = {
  UCHAT_BOT_URL: 'https://bot.example.test/api/apichat/abc',
  UCHAT_API_KEY: 'flow-key-123',
  UCHAT_VERIFICATION_KEY: 'verify-key-123',
  CHATPORT_SECRET: secret,
  PUBLIC_URL: 'https://chat.example.com/',
  ALLOWED_ORIGINS: 'https://www.example.com, https://shop.example.com',
};

describe('loadConfig', () => {
  it('runs demo mode when no UCHAT_* value is set, on loopback, with a supplied secret', () => {
    const config = loadConfig({}, { demoSecret: () => 'd'.repeat(64) });
    expect(config).toMatchObject({ mode: 'demo', host: '127.0.0.1', port: 8787, publicUrl: 'http://localhost:8787', store: 'sqlite', dataDir: './data', secret: 'd'.repeat(64) });
    expect(config.allowedOrigins).toEqual(['http://localhost:8787']);
    expect(config.uchat).toBeUndefined();
  });

  it('connects a UChat workspace by configuration alone', () => {
    const config = loadConfig({ ...uchat, PORT: '9000' });
    expect(config).toMatchObject({ mode: 'uchat', host: '0.0.0.0', port: 9000, publicUrl: 'https://chat.example.com' });
    expect(config.uchat).toEqual({ kind: 'uchat', botUrl: uchat.UCHAT_BOT_URL, apiKey: 'flow-key-123', verificationKey: 'verify-key-123' });
    expect(config.allowedOrigins).toEqual(['https://chat.example.com', 'https://www.example.com', 'https://shop.example.com']);
  });

  it('reports every bad or missing value at once, by name, without echoing secrets', () => {
    const issues = issuesOf({
      UCHAT_API_KEY: 'very-secret-flow-key',
      CHATPORT_SECRET: 'short-secret-value',
      PORT: 'eighty',
      ALLOWED_ORIGINS: '*,https://ok.example.com,https://bad.example.com/path',
    });
    const names = issues.map((issue) => issue.split(':')[0]);
    expect(names).toEqual(expect.arrayContaining(['UCHAT_BOT_URL', 'UCHAT_VERIFICATION_KEY', 'PORT', 'PUBLIC_URL', 'CHATPORT_SECRET', 'ALLOWED_ORIGINS']));
    expect(issues.filter((issue) => issue.startsWith('ALLOWED_ORIGINS'))).toHaveLength(2);
    expect(issues.join('\n')).not.toContain('very-secret-flow-key');
    expect(issues.join('\n')).not.toContain('short-secret-value');
    expect(issues.every((issue) => /expected/.test(issue))).toBe(true);
  });

  it('requires the relay secret, public URL and site origins for a real workspace', () => {
    const { CHATPORT_SECRET: _s, PUBLIC_URL: _p, ALLOWED_ORIGINS: _a, ...rest } = uchat;
    expect(issuesOf(rest).map((issue) => issue.split(':')[0])).toEqual(['PUBLIC_URL', 'CHATPORT_SECRET', 'ALLOWED_ORIGINS']);
  });

  it('accepts uploads up to 10 MB by default and lets UPLOAD_MAX_BYTES only lower that', () => {
    expect(loadConfig({ ...uchat }).uploadMaxBytes).toBe(10 * 1024 * 1024);
    expect(loadConfig({ ...uchat, UPLOAD_MAX_BYTES: '2097152' }).uploadMaxBytes).toBe(2_097_152);
    expect(loadConfig({ ...uchat, UPLOAD_MAX_BYTES: String(10 * 1024 * 1024) }).uploadMaxBytes).toBe(10 * 1024 * 1024);
    for (const raw of ['0', '-5', '1.5', '2MB', String(10 * 1024 * 1024 + 1)]) {
      const issues = issuesOf({ ...uchat, UPLOAD_MAX_BYTES: raw });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(/^UPLOAD_MAX_BYTES: got ".*"; expected a whole number of bytes from 1 to 10485760/);
    }
  });

  it('takes an optional identity secret of at least 32 characters and never echoes a short one', () => {
    expect(loadConfig({ ...uchat }).identitySecret).toBeUndefined();
    expect(loadConfig({ ...uchat, CHATPORT_IDENTITY_SECRET: 'i'.repeat(32) }).identitySecret).toBe('i'.repeat(32));
    const issues = issuesOf({ ...uchat, CHATPORT_IDENTITY_SECRET: 'tooshort-identity' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^CHATPORT_IDENTITY_SECRET: too short \(17 characters\); expected at least 32/);
    expect(issues[0]).not.toContain('tooshort-identity');
  });

  it('lets the demo bot answer after SIMULATOR_REPLY_DELAY_MS, immediately by default', () => {
    expect(loadConfig({}, { demoSecret: () => 'd'.repeat(64) }).simulatorReplyDelayMs).toBe(0);
    expect(loadConfig({ SIMULATOR_REPLY_DELAY_MS: '600' }, { demoSecret: () => 'd'.repeat(64) }).simulatorReplyDelayMs).toBe(600);
    for (const raw of ['-1', 'soon', '60001'])
      expect(issuesOf({ SIMULATOR_REPLY_DELAY_MS: raw })[0]).toMatch(/^SIMULATOR_REPLY_DELAY_MS: got ".*"; expected milliseconds from 0 to 60000/);
  });

  it('refuses a non-http bot_url and an unknown store', () => {
    const issues = issuesOf({ ...uchat, UCHAT_BOT_URL: 'ftp://x', CHATPORT_STORE: 'redis-ish' });
    expect(issues.map((issue) => issue.split(':')[0])).toEqual(['CHATPORT_STORE', 'UCHAT_BOT_URL']);
  });
});
