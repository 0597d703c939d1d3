import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import { PROJECT_ROOT } from './env';

/**
 * Debian's Chromium; Playwright's own browser downloads are not used. The old headless shell
 * (`apt-get install chromium-headless-shell`, what `.ci/run` installs) when it is there, else the
 * full browser (`apt-get install chromium`) in its headless mode; `TEST_CHROMIUM` names another.
 * The shell has no browser UI to run behind the page: the eleven browser files took 165 busy
 * core-seconds and 89 s with it against 202 and 105 s with the full browser (2026-12-03, same
 * machine, one run each; web-workbench alone 29–31 against 36 core-seconds, two runs each).
 */
export const CHROMIUM =
  process.env.TEST_CHROMIUM ||
  ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => existsSync(p)) ||
  '/usr/bin/chromium';
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
    `${file}: skipped, ${CHROMIUM} is absent (install Debian's chromium-headless-shell or chromium to run the browser tests)`,
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

/**
 * Headless Chromium; the machine has no network beyond loopback, so it is kept from reaching out.
 * One renderer process per site (`--process-per-site`): the pages of one context on the app share
 * it, as `AppTabs` relies on.
 *
 * Two settings of Chromium's own are changed for the tests unless `asShipped` is asked for.
 *
 * Script streaming is off. By default Chromium parses every module script over ~30 kB on a
 * background thread as it arrives, on every load: the same ~1 MB of the app's code, for each test's
 * page. Without streaming the renderer compiles a script when it runs it, and its main thread's CPU
 * did not grow: V8 finds the same source compiled in that process already (its compilation cache,
 * we think; not traced), as a test file loads the same app again and again in one renderer.
 * Measured on the street's list (8 loads after two warm ones, 2026-12-04): the renderer's
 * background threads 523–590 → 260–323 ms a load, its main thread unchanged; web-workbench's 13
 * tests 28.3 and 30.9 → 26.0 and 26.1 core-s of Chromium, alternated. Chromium's code cache would
 * spare the parse too, but no module script was ever taken from it here, in Playwright's contexts
 * or in a persistent profile.
 *
 * V8's optimising compilers are off in the pages (`--js-flags=--no-opt --no-maglev`): the app's
 * code runs in the interpreter and the baseline compiler (Sparkplug) only. A test's page lives
 * seconds, and optimising its hot functions cost V8 more than it won back before the page closed
 * (which threads the saving came from was not traced). Both flags are ones this V8 knows: it names
 * an unknown one on stderr. Measured (2026-12-05, web-workbench, web-summons and web-rules in one
 * run, alternated twice): Chromium 53.5 and 53.9 → 48.5 and 46.2 core-s, the run's wall time
 * 64.7 → 61.6 s; `--jitless` saved as much (47.7, 47.0). What the tests check is the app's
 * behaviour, which does not depend on the tier that runs its code.
 *
 * web-first-load, which times a user's first load, runs the browser as shipped (`asShipped`).
 */
export function launchChromium(options: { asShipped?: boolean } = {}): Promise<Browser> {
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
      '--process-per-site',
      ...(options.asShipped ? [] : ['--disable-features=ScriptStreaming', '--js-flags=--no-opt --no-maglev']),
    ],
  });
}

/**
 * Signs the app in as the sign-in form would, without the form and without loading the app: the
 * session the API's login answered is stored where the app keeps it (localStorage
 * `dutygate.session`), from `/health` on the app's origin, so the app's next load starts signed in.
 * For tests whose subject comes after signing in: such a test loads its screen once, instead of the
 * sign-in page, the workbench and then its screen. The form has tests of its own (web, csp,
 * web-first-load, web-summons, and the workbench's landing per role).
 */
export async function storeSession(page: Page, origin: string, session: object): Promise<void> {
  await page.goto(`${origin}/health`);
  await page.evaluate(`localStorage.setItem('dutygate.session', ${JSON.stringify(JSON.stringify(session))})`);
}

/**
 * The tabs of one browser context on the app, for the tests of a file: each test gets a page of its
 * own that starts as a fresh context's would (no cookies, nothing the app stored for its origin:
 * local and session storage, IndexedDB, service workers and their caches). A keeper tab on
 * `/health` stays open between tests, so with one renderer process per site (launchChromium) every
 * test's page runs in the same process: no renderer to start per test, and (we think; not traced)
 * the app's scripts compiled from that process's warm caches. web-workbench's 13 tests took 16.8
 * core-s of Chromium's CPU this way against 26.7 with a context per test. Each page still has its own
 * document, JavaScript globals and query cache; the cold first load has a test of its own
 * (web-first-load), which makes its own contexts.
 */
export class AppTabs {
  private constructor(
    readonly context: BrowserContext,
    private readonly origin: string,
    private readonly keeper: Page,
  ) {}

  static async open(browser: Browser, origin: string, options: BrowserContextOptions): Promise<AppTabs> {
    const context = await browser.newContext(options);
    const keeper = await context.newPage();
    await keeper.goto(`${origin}/health`);
    return new AppTabs(context, origin, keeper);
  }

  /** A page for the next test, with the app's storage emptied first. */
  async newPage(): Promise<Page> {
    await this.context.clearCookies();
    const page = await this.context.newPage();
    const cdp = await this.context.newCDPSession(page);
    try {
      await cdp.send('Storage.clearDataForOrigin', {
        origin: this.origin,
        storageTypes: 'local_storage,session_storage,indexeddb,service_workers,cache_storage',
      });
    } finally {
      await cdp.detach();
    }
    return page;
  }

  /**
   * Closes every page but the keeper: the test's own and any it opened. Each is first asked for
   * one animation frame (framesStalled), and one that draws none is said on the console: a page
   * whose compositor has stopped fails its next click after 30 s with nothing in Playwright's log
   * past "waiting for element to be visible, enabled and stable" (web-summons in stop 33's CI
   * run), and this line tells that case apart from a slow app.
   */
  async closePages(): Promise<void> {
    await Promise.all(
      this.context.pages().map(async (p) => {
        if (p === this.keeper) return;
        const stalled = await framesStalled(p);
        if (stalled) console.warn(`${p.url()}: ${stalled}`);
        await p.close();
      }),
    );
  }
}

/**
 * Whether `page` still draws: undefined when it runs a requestAnimationFrame callback within
 * `within` ms, else what it did instead (timers ran but no frame came: the compositor stalled;
 * nothing answered: the renderer's main thread is busy or hung). Playwright's stability check
 * before every click waits on animation frames, so a page that draws none cannot be clicked.
 */
export async function framesStalled(page: Page, within = 2_000): Promise<string | undefined> {
  // a string, not a function: the tests' TypeScript has no DOM types
  const probe = page.evaluate<string>(`new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no animation frame in ${within} ms (timers run)'), ${within});
    requestAnimationFrame(() => { clearTimeout(timer); resolve(''); });
  })`);
  const silent = new Promise<string>((resolve) =>
    setTimeout(() => resolve(`no answer from the page in ${2 * within} ms`), 2 * within).unref(),
  );
  const answer = await Promise.race([probe, silent]).catch((e: Error) => `not probed: ${e.message}`);
  return answer || undefined;
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
 * Waits (at most `timeout`) until `control` is enabled, and fails if it is not by then. A click
 * that sets a form's value (a rating's star) has not drawn its effects when `click()` returns:
 * antd's form tells its `useWatch` watchers in a task of its own (a MessageChannel message,
 * @rc-component/form's useNotifyWatch), so a button enabled by a watched value is drawn after the
 * click, and Playwright's next read can come first. web.e2e-spec's confirmation read the OK button
 * still disabled that way in a CI run (2026-12-04).
 */
export async function untilEnabled(control: Locator, timeout = 5_000): Promise<void> {
  await control.and(control.page().locator(':enabled')).waitFor({ timeout });
}

/**
 * Gives `stars` stars in the antd Rate of `dialog`, whose `ok` button must stay disabled until a
 * rating is chosen (no rating is preselected), then waits until `ok` is enabled (untilEnabled). A
 * department confirming a completion and a street rating a summoned department both ask this way.
 */
export async function chooseRating(dialog: Locator, ok: Locator, stars: number): Promise<void> {
  if (!(await ok.isDisabled())) throw new Error('OK is enabled before a rating was chosen');
  await dialog
    .locator('.ant-rate-star')
    .nth(stars - 1)
    .click();
  await untilEnabled(ok);
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
