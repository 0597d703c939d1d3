import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PROJECT_ROOT } from './env';

/** Debian's Chromium (apt-get install chromium); Playwright's own browser downloads are not used. */
export const CHROMIUM = '/usr/bin/chromium';
/** The built web app the API serves (`npm run build`). */
export const WEB_INDEX = join(PROJECT_ROOT, 'dist/web/index.html');
/** Screenshots of the pages the browser tests walk through, for a person to look at. */
export const SHOTS = join(tmpdir(), 'dutygate-web-e2e');
/**
 * Where the browser tests put the screenshots the README shows: the temporary folder above, or
 * docs/screenshots with UPDATE_SCREENSHOTS=1 (how they are refreshed). A plain test run writes
 * nothing in the repository, so test files running in parallel share no file there.
 */
export const DOC_SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(PROJECT_ROOT, 'docs/screenshots') : SHOTS;

/** Whether the browser tests can run; when not, `file` says so once (the caller skips its suite). */
export function haveChromium(file: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  console.warn(
    `${file}: skipped, ${CHROMIUM} is absent (install Debian's chromium to run the browser tests)`,
  );
  return false;
}

/** Fails the suite early when the web app was not built. */
export function requireWebBuild(): void {
  if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run \`npm run build\` first`);
}

/** Headless Chromium; the machine has no network beyond loopback, so it is kept from reaching out. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
