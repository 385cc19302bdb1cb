import { describe, expect, it } from 'vitest';
import { chatwoot } from './chatwoot/index.ts';
import { PLATFORMS, runningPlatform } from './index.ts';
import { uchat } from './uchat/index.ts';

const publicUrl = 'https://chat.example.com';

describe('the platform list', () => {
  it('names each platform once, with settings of its own group that select it', () => {
    expect(new Set(PLATFORMS.map((platform) => platform.name)).size).toBe(PLATFORMS.length);
    for (const { settings } of PLATFORMS) {
      const prefix = settings.pattern.replace(/\*$/, '');
      expect(settings.names.every((name) => name.startsWith(prefix))).toBe(true);
      expect(settings.selectors.every((name) => settings.names.includes(name))).toBe(true);
    }
  });

  it('runs the configured platform, or in demo mode the demo provider', () => {
    expect(runningPlatform({ mode: 'chatwoot', demoProvider: 'uchat' }).name).toBe('chatwoot');
    expect(runningPlatform({ mode: 'demo', demoProvider: 'chatwoot' }).name).toBe('chatwoot');
    expect(runningPlatform({ mode: 'demo', demoProvider: 'uchat' }).name).toBe('uchat');
  });
});

describe('start banners', () => {
  const uchatSettings = { kind: 'uchat' as const, botUrl: 'https://bot.example/x', apiKey: 'k', verificationKey: 'v'.repeat(10) };
  const chatwootSettings = {
    kind: 'chatwoot' as const,
    url: 'https://cw.example.com',
    inboxIdentifier: 'inbox1',
    signatureMode: 'upstream' as const,
    realtime: 'webhook' as const,
  };

  it('gives UChat the webhook URL to register, and demo mode the simulator with its control API', () => {
    expect(uchat.banner({ settings: uchatSettings, publicUrl })).toEqual({
      headline: 'Chatport relay is running for UChat.',
      details: [`Webhook URL for UChat: ${publicUrl}/webhooks/uchat`],
    });
    expect(uchat.banner({ settings: uchatSettings, publicUrl, standInUrl: 'http://127.0.0.1:9' }).details).toEqual([
      'Simulator: http://127.0.0.1:9  (QA control API under /_simulator/)',
    ]);
  });

  it("names Chatwoot's inbox and path: the webhook URL to set, or the socket followed", () => {
    expect(chatwoot.banner({ settings: chatwootSettings, publicUrl })).toEqual({
      headline: 'Chatport relay is running for the Chatwoot inbox inbox1 at https://cw.example.com (webhook path).',
      details: [`Set the API inbox's webhook URL to: ${publicUrl}/webhooks/chatwoot`],
    });
    expect(chatwoot.banner({ settings: { ...chatwootSettings, realtime: 'cable' }, publicUrl }).details).toEqual(['Following conversations over https://cw.example.com/cable.']);
    expect(chatwoot.banner({ settings: chatwootSettings, publicUrl, standInUrl: 'http://127.0.0.1:9' }).details).toEqual(['Stand-in: http://127.0.0.1:9']);
  });
});
