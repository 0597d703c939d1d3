import type { Browser, Page } from 'playwright-core';
import { haveChromium, launchChromium, PAGE_SETTINGS, requireWebBuild } from '../support/browser';
import { DEMO_PASSWORD } from '../support/env';
import { Harness } from '../support/harness';

const describeInBrowser = haveChromium('csp.e2e-spec') ? describe : describe.skip;

/**
 * The Content-Security-Policy (issue 6, class 10) must not break what it protects: the web app
 * (antd's run-time styles) and Swagger UI at /docs render in a real browser without one violation.
 */
describeInBrowser('Content-Security-Policy in Chromium', () => {
  const h = new Harness();
  let browser: Browser;
  let page: Page;
  let violations: string[];

  beforeAll(async () => {
    requireWebBuild();
    await h.start({ worker: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
      ...PAGE_SETTINGS,
    });
    violations = [];
    // Chromium reports each blocked resource or inline code on the console.
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    // A script string: it runs in the page, whose DOM types this Node test is not compiled with.
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
      console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))`);
  });
  afterEach(() => page.context().close());

  it('lets the web app sign in and render its antd screens', async () => {
    await page.goto(`${h.baseUrl}/login`);
    await page.getByLabel(/用户名|Username/).fill('MZJ');
    await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.locator('.ant-layout').first().waitFor();
    // antd's styles applied (its static sheet, under the CSP): the layout is a flex container, not unstyled markup.
    expect(
      await page
        .locator('.ant-layout')
        .first()
        .evaluate(
          (el) =>
            (
              el.ownerDocument.defaultView as { getComputedStyle(e: unknown): { display: string } }
            ).getComputedStyle(el).display,
        ),
    ).toBe('flex');
    expect(violations).toEqual([]);
  });

  it('lets Swagger UI at /docs load and render the API document', async () => {
    await page.goto(`${h.baseUrl}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
    expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(10);
    expect(violations).toEqual([]);
  });
});
