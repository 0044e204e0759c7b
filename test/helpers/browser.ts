/**
 * Debian's Chromium (/usr/bin/chromium) through playwright-core, which never downloads a
 * browser: headless, no sandbox (root in CI), no background traffic of its own.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** In CI the browser must be there (.ci/run installs it); locally a missing browser skips. */
export const noBrowser = !existsSync(CHROMIUM) && process.env.CI !== 'true';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
