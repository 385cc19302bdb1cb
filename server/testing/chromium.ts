import { existsSync } from 'node:fs';

/** The system Chromiums looked for, in order, when Playwright's own browser is not installed. */
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * The Chromium for Playwright's `launchOptions.executablePath`: `CHROMIUM_PATH` when set; else undefined when
 * Playwright's own is installed (use it); else the first system Chromium found (Debian's `chromium` package installs
 * /usr/bin/chromium).
 *
 * @example
 * import { chromium, defineConfig } from '@playwright/test';
 * import { chromiumPath } from 'chatport/testing';
 * const executablePath = chromiumPath(chromium);
 * export default defineConfig({ use: { launchOptions: executablePath ? { executablePath } : {} } });
 */
export const chromiumPath = (playwrightChromium?: { executablePath(): string }): string | undefined => {
  if (process.env['CHROMIUM_PATH']) return process.env['CHROMIUM_PATH'];
  try {
    if (playwrightChromium && existsSync(playwrightChromium.executablePath())) return undefined;
  } catch {
    // Playwright knows no browser for this platform: look on the system.
  }
  return SYSTEM_CHROMIUMS.find((path) => existsSync(path));
};
