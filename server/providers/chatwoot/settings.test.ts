import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { issuesOf } from '../../config/issues.testing.ts';

const base = {
  CHATPORT_SECRET: 's'.repeat(40),
  PUBLIC_URL: 'https://chat.example.com',
  ALLOWED_ORIGINS: 'https://www.example.com',
  CHATWOOT_URL: 'https://cw.example.com/',
  CHATWOOT_INBOX_IDENTIFIER: 'Xy12_ab-CD',
  CHATWOOT_WEBHOOK_SECRET: 'whsec-0123456789',
};

const names = (env: Record<string, string>) => issuesOf(env).map((issue) => issue.split(':')[0]);

describe('Chatwoot settings', () => {
  it('selects a Chatwoot API inbox with the upstream signature and the webhook path by default', () => {
    const config = loadConfig(base);
    expect(config.mode).toBe('chatwoot');
    expect(config.chatwoot).toEqual({
      kind: 'chatwoot',
      url: 'https://cw.example.com',
      inboxIdentifier: 'Xy12_ab-CD',
      webhookSecret: 'whsec-0123456789',
      signatureMode: 'upstream',
      realtime: 'webhook',
    });
    expect(config.uchat).toBeUndefined();
  });

  it('takes the body-only signature, the cable path and an identity token', () => {
    const config = loadConfig({ ...base, CHATWOOT_SIGNATURE: 'body', CHATWOOT_REALTIME: 'cable', CHATWOOT_HMAC_TOKEN: 'hmac-token-123' });
    expect(config.chatwoot).toMatchObject({ signatureMode: 'body', realtime: 'cable', hmacToken: 'hmac-token-123' });
  });

  it('accepts unsigned callbacks only when CHATWOOT_SIGNATURE=off is chosen, and needs no secret for the cable path', () => {
    const { CHATWOOT_WEBHOOK_SECRET: _, ...unsigned } = base;
    expect(names(unsigned)).toEqual(['CHATWOOT_WEBHOOK_SECRET']);
    expect(issuesOf(unsigned)[0]).toMatch(/CHATWOOT_SIGNATURE=off/);
    expect(loadConfig({ ...unsigned, CHATWOOT_SIGNATURE: 'off' }).chatwoot?.signatureMode).toBe('off');
    expect(loadConfig({ ...unsigned, CHATWOOT_REALTIME: 'cable' }).chatwoot?.realtime).toBe('cable');
  });

  it('reports bad values by name, without echoing secrets', () => {
    const issues = issuesOf({
      ...base,
      CHATWOOT_URL: 'ftp://cw',
      CHATWOOT_INBOX_IDENTIFIER: 'bad id!',
      CHATWOOT_SIGNATURE: 'hmac',
      CHATWOOT_REALTIME: 'socket',
      CHATWOOT_HMAC_TOKEN: 'tiny',
      CHATWOOT_WEBHOOK_SECRET: 'tinysec',
    });
    expect(issues.map((issue) => issue.split(':')[0]).sort()).toEqual(
      ['CHATWOOT_HMAC_TOKEN', 'CHATWOOT_INBOX_IDENTIFIER', 'CHATWOOT_REALTIME', 'CHATWOOT_SIGNATURE', 'CHATWOOT_URL', 'CHATWOOT_WEBHOOK_SECRET'].sort(),
    );
    expect(issues.join('\n')).not.toMatch(/tinysec|"tiny"/);
  });

  it('wants both CHATWOOT_URL and CHATWOOT_INBOX_IDENTIFIER, and one platform only', () => {
    expect(names({ ...base, CHATWOOT_INBOX_IDENTIFIER: '' })).toEqual(['CHATWOOT_INBOX_IDENTIFIER']);
    const both = { ...base, UCHAT_BOT_URL: 'https://bot.example/x', UCHAT_API_KEY: 'k'.repeat(10), UCHAT_VERIFICATION_KEY: 'v'.repeat(10) };
    expect(names(both)).toContain('CHATWOOT_URL, CHATWOOT_INBOX_IDENTIFIER');
  });

  it('needs the relay secret, public URL and site origins like any real platform', () => {
    const { CHATPORT_SECRET: _s, PUBLIC_URL: _p, ALLOWED_ORIGINS: _a, ...rest } = base;
    expect(names(rest)).toEqual(['PUBLIC_URL', 'CHATPORT_SECRET', 'ALLOWED_ORIGINS']);
  });

  it('runs the demo against the Chatwoot stand-in when asked', () => {
    expect(loadConfig({ CHATPORT_DEMO_PROVIDER: 'chatwoot' }, { demoSecret: () => 'd'.repeat(64) })).toMatchObject({ mode: 'demo', demoProvider: 'chatwoot' });
    expect(loadConfig({}, { demoSecret: () => 'd'.repeat(64) }).demoProvider).toBe('uchat');
    expect(names({ CHATPORT_DEMO_PROVIDER: 'zendesk' })).toEqual(['CHATPORT_DEMO_PROVIDER']);
  });
});
