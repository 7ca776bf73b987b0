/**
 * Chromium for the browser tests: Debian's `chromium` package driven by playwright-core (no
 * downloaded browser). Under CI=true a missing Chromium fails the tests; elsewhere they are
 * skipped with a note on how to install it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The reason to skip the browser tests, or undefined when they can (and must) run. */
export function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  if (process.env.CI === 'true') return undefined; // launching will fail loudly: CI must have it
  return `Chromium not found at ${CHROMIUM_PATH}; install it with \`apt-get install chromium\` (or set CHROMIUM_PATH) to run the browser tests.`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    timeout: 20_000,
  });
}
