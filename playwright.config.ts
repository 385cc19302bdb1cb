import { chromium, defineConfig } from '@playwright/test';
import { chromiumPath } from './server/testing/chromium.ts';

// CHROMIUM_PATH when set, else Playwright's own Chromium where installed, else the system one (Debian's `chromium`
// package), as the QA kit finds it for QA teams.
const executablePath = chromiumPath(chromium);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: process.env['CI'] ? 1 : 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: process.env['CI'] ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    },
  },
});
