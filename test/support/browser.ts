import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
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

/**
 * What every browser test's page is made with (beside its viewport): the app in Chinese, and reduced
 * motion, so the app runs without animations (useReducedMotion): a dropdown is there at once, never
 * half slid in under a click.
 */
export const PAGE_SETTINGS = { locale: 'zh-CN', reducedMotion: 'reduce' } as const;

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

/**
 * Picks each of `labels` (an option's title) in the antd Select `select` and waits until the
 * select shows it. The option is clicked only once its dropdown has finished sliding in: under a
 * loaded machine a click during the motion could land beside the option (web-rules and web-users
 * lost picks that way). A pick that still does not show within 5 s is made once more, said on the
 * console with `who` (the dropdown is opened again only if it closed); a second miss fails.
 * Several labels: a multiple select, closed after each pick.
 */
export async function pickOptions(page: Page, select: Locator, who: string, ...labels: string[]) {
  for (const label of labels) {
    for (let attempt = 1; ; attempt++) {
      const dropdown = page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
        .filter({ has: page.locator(`.ant-select-item-option[title="${label}"]`) });
      const option = dropdown.locator(`.ant-select-item-option[title="${label}"]`);
      if (!(await option.isVisible())) await select.click();
      await dropdown
        .and(page.locator(':not([class*="-appear"]):not([class*="-enter"]):not([class*="-leave"])'))
        .waitFor();
      await option.click();
      if (labels.length > 1) {
        await page.keyboard.press('Escape');
        await option.waitFor({ state: 'hidden' });
      }
      const shown = await select
        .filter({ hasText: label })
        .waitFor({ timeout: 5000 })
        .then(
          () => true,
          () => false,
        );
      if (shown) break;
      if (attempt === 2) throw new Error(`the select does not show “${label}” after two picks`);
      console.warn(`${who}: the pick of “${label}” did not take; picking again`);
    }
  }
}

/**
 * Opens `path` as the app's own links do: `history.pushState` and a `popstate` event, which React
 * Router follows, so the document (and the app booted in it) stays. Then waits until the screen has
 * drawn: the URL is `path`, no request (the screen's code or its reads) has been under way for
 * `quietMs`, and no spinner is left. A full `page.goto` costs Chromium a whole app start (about a
 * second of CPU); a test that walks many screens does this instead.
 */
export async function openInApp(page: Page, path: string, quietMs = 300, timeoutMs = 15_000): Promise<void> {
  let inFlight = 0;
  let lastChange = Date.now();
  const started = () => {
    inFlight++;
    lastChange = Date.now();
  };
  const ended = () => {
    inFlight = Math.max(0, inFlight - 1);
    lastChange = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    // A string, as the server build type-checks this file without the DOM's types.
    await page.evaluate(
      `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate', { state: null }))`,
    );
    await page.waitForURL((u) => u.pathname + u.search === path, { timeout: timeoutMs });
    const until = Date.now() + timeoutMs;
    while (inFlight > 0 || Date.now() - lastChange < quietMs) {
      if (Date.now() > until) throw new Error(`${path}: requests still under way after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
  }
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: timeoutMs });
}
