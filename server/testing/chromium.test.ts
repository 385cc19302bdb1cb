import { afterEach, describe, expect, it, vi } from 'vitest';
import { chromiumPath } from './chromium.ts';

describe('chromiumPath', () => {
  afterEach(() => vi.unstubAllEnvs());
  const installed = { executablePath: () => process.execPath };
  const missing = { executablePath: () => '/nowhere/chrome' };

  it("takes CHROMIUM_PATH first, then Playwright's own browser (undefined: its default), then a system one", () => {
    vi.stubEnv('CHROMIUM_PATH', '/opt/my-chromium');
    expect(chromiumPath(installed)).toBe('/opt/my-chromium');
    vi.stubEnv('CHROMIUM_PATH', '');
    expect(chromiumPath(installed)).toBeUndefined();
    const found = chromiumPath(missing);
    expect(found === undefined || ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].includes(found)).toBe(true);
    expect(
      chromiumPath({
        executablePath: () => {
          throw new Error('no browser for this platform');
        },
      }),
    ).toBe(found);
  });
});
