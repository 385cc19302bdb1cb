import { chromium, defineConfig } from '@playwright/test';
import { chromiumPath } from 'chatport/testing';
import type { ChatportWorkerOptions } from 'chatport/testing/playwright';

// CHROMIUM_PATH when set, else Playwright's own Chromium when installed (`npx playwright install chromium`), else
// a system one (Debian's /usr/bin/chromium).
const executablePath = chromiumPath(chromium);

export default defineConfig<object, ChatportWorkerOptions>({
  testDir: 'tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: [['list']],
  use: {
    launchOptions: { ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox'] },
    trace: 'retain-on-failure',
  },
  // The same flows against each platform's stand-in; each platform's own kinds in a file of its own.
  projects: [
    { name: 'uchat', testIgnore: /chatwoot\.spec\.ts/, use: { chatport: { platform: 'uchat' } } },
    { name: 'chatwoot', testIgnore: /uchat\.spec\.ts/, use: { chatport: { platform: 'chatwoot' } } },
  ],
});
