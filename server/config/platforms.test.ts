import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../providers/index.ts';
import type { AnyPlatform } from '../providers/platform.ts';
import { ConfigError, loadConfig } from './index.ts';

/** A third platform, as a new folder would define it: only its settings matter to config. */
const acme: AnyPlatform = {
  name: 'acme',
  title: 'Acme Chat',
  connects: 'that Acme inbox',
  standInName: 'the built-in Acme stand-in',
  settings: {
    selectors: ['ACME_URL'],
    names: ['ACME_URL', 'ACME_KEY'],
    pattern: 'ACME_*',
    parse: (value, issues) => {
      if (value('ACME_KEY') === undefined) issues.push('ACME_KEY: missing; expected the inbox key');
      return { kind: 'acme', url: value('ACME_URL'), key: value('ACME_KEY') };
    },
  },
  open: () => Promise.reject(new Error('not opened in these tests')),
  banner: () => ({ headline: 'Acme', details: [] }),
};
const platforms = [...PLATFORMS, acme];
const real = { CHATPORT_SECRET: 's'.repeat(40), PUBLIC_URL: 'https://chat.example.com', ALLOWED_ORIGINS: 'https://www.example.com' };
const demoSecret = () => 'd'.repeat(64);

const issuesOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, { platforms, demoSecret });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('platforms in config: everything comes from the list', () => {
  it('chooses a listed platform by its settings and keeps them under its name', () => {
    const config = loadConfig({ ...real, ACME_URL: 'https://acme.example', ACME_KEY: 'k' }, { platforms });
    expect(config.mode).toBe('acme');
    expect((config as unknown as Record<string, unknown>)['acme']).toEqual({ kind: 'acme', url: 'https://acme.example', key: 'k' });
    expect(config.uchat).toBeUndefined();
  });

  it("reports the platform's own issues and names it where the relay's settings are missing", () => {
    expect(issuesOf({ ACME_URL: 'https://acme.example' })).toEqual([
      'PUBLIC_URL: missing; expected the https URL where Acme Chat and browsers reach this relay, e.g. https://chat.example.com',
      expect.stringMatching(/^CHATPORT_SECRET: missing/),
      expect.stringMatching(/^ALLOWED_ORIGINS: missing/),
      'ACME_KEY: missing; expected the inbox key',
    ]);
  });

  it('takes its name for demo mode, and lists every name when one is wrong', () => {
    expect(loadConfig({ CHATPORT_DEMO_PROVIDER: 'acme' }, { platforms, demoSecret })).toMatchObject({ mode: 'demo', demoProvider: 'acme' });
    expect(issuesOf({ CHATPORT_DEMO_PROVIDER: 'zendesk' })).toEqual(['CHATPORT_DEMO_PROVIDER: got "zendesk"; expected "uchat" (default), "chatwoot" or "acme"']);
  });

  it("refuses two platforms' settings together, naming every platform's group", () => {
    const issues = issuesOf({ ...real, UCHAT_BOT_URL: 'https://bot.example/x', ACME_URL: 'https://acme.example', ACME_KEY: 'k' });
    expect(issues).toContain('ACME_URL: set together with UCHAT_BOT_URL; expected the settings of one platform only (UCHAT_* or CHATWOOT_* or ACME_*)');
  });
});
