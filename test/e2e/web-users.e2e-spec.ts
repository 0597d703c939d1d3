import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  haveChromium,
  launchChromium,
  PAGE_SETTINGS,
  pickOptions,
  requireWebBuild,
  SHOTS,
} from '../support/browser';
import { DEMO_PASSWORD } from '../support/env';
import { Harness } from '../support/harness';

const describeInBrowser = haveChromium('web-users.e2e-spec') ? describe : describe.skip;

describeInBrowser("the admin's Users screen in Chromium", () => {
  const h = new Harness();
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    requireWebBuild();
    mkdirSync(SHOTS, { recursive: true });
    await h.start({ worker: false });
    browser = await launchChromium();
    page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      ...PAGE_SETTINGS,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await h.stop();
  });

  const url = (path: string) => `${h.baseUrl}${path}`;
  const option = (text: string): Locator =>
    page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: text });
  const dialog = () => page.locator('.ant-modal:visible');

  afterEach(async () => {
    await page.screenshot({ path: join(SHOTS, 'admin-users-last.png'), fullPage: true });
  });

  it('lists, creates, deactivates and resets the password of users, linked from the admin menu', async () => {
    await page.goto(url('/login'));
    await page.getByLabel(/用户名|Username/).fill('admin');
    await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    await page.getByRole('menuitem', { name: /用户管理/ }).click();
    await page.waitForURL('**/users');
    await page.locator('tbody tr').filter({ hasText: 'D1-S01' }).first().waitFor();

    // Create: the API's password reason appears under the password field, in Chinese.
    await page.getByTestId('user-create').click();
    await dialog().locator('#username').fill('D1-S01-chen');
    await dialog().locator('#orgCode').fill('D1-S01');
    await option('D1-S01').click();
    // By exact title (the organisation dropdown, 东关街道 …, may still be fading out), until it shows.
    const role = dialog()
      .locator('.ant-select')
      .filter({ has: page.locator('#role') });
    await pickOptions(page, role, 'web-users', '街道');
    await dialog().locator('#password').fill('aaaaaaaaaaaaaaaa');
    await dialog()
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await dialog().locator('.ant-form-item-explain-error').filter({ hasText: '密码过于简单' }).waitFor();
    await dialog().locator('#password').fill('Lantern-river-2031');
    await dialog()
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    const row = page.locator('tbody tr').filter({ hasText: 'D1-S01-chen' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('启用');
    await page.screenshot({ path: join(SHOTS, 'admin-users.png'), fullPage: true });

    const login = (password: string) =>
      h.request('POST', '/api/auth/login', { body: { username: 'D1-S01-chen', password } });
    expect((await login('Lantern-river-2031')).status).toBe(200);

    // Deactivate (with confirmation): the user can no longer sign in.
    await row.getByRole('button', { name: /停\s*用/ }).click();
    await page
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await row.locator('.ant-tag').filter({ hasText: '已停用' }).waitFor();
    expect((await login('Lantern-river-2031')).status).toBe(401);

    // Reactivate and reset the password.
    await row.getByRole('button', { name: /启\s*用/ }).click();
    await page
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await row
      .locator('.ant-tag')
      .filter({ hasText: /^启用$/ })
      .waitFor();
    await row.getByRole('button', { name: /重置密码/ }).click();
    await dialog().locator('#password').fill('Second-lantern-4417');
    await dialog()
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await dialog().waitFor({ state: 'hidden' });
    expect((await login('Lantern-river-2031')).status).toBe(401);
    expect((await login('Second-lantern-4417')).status).toBe(200);

    // The organisation filter.
    await page.locator('.ant-card-body .ant-select').first().click();
    await page.keyboard.type('ZJJ');
    await option('ZJJ').click();
    await page.locator('tbody tr').filter({ hasText: 'D1-S01-chen' }).waitFor({ state: 'detached' });
    await page.locator('tbody tr').filter({ hasText: 'ZJJ' }).first().waitFor();
  });

  it("follows the system's reduced-motion setting: no dropdown animation, and animations again once it is off", async () => {
    const select = page.locator('.ant-card-body .ant-select').first();
    const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    /** Every class list a select dropdown had while it opened and closed once. */
    const classesWhileToggling = async (): Promise<string[]> => {
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { seenClasses: string[] }).seenClasses = seen;
        new MutationObserver((changes) => {
          for (const c of changes)
            for (const n of c.type === 'attributes' ? [c.target] : [...c.addedNodes])
              if (n instanceof HTMLElement)
                for (const el of [n, ...n.querySelectorAll('.ant-select-dropdown')])
                  if (el.classList.contains('ant-select-dropdown')) seen.push(el.className);
        }).observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['class'],
        });
      });
      await select.click();
      await open.waitFor();
      await page.keyboard.press('Escape');
      await open.waitFor({ state: 'hidden' });
      return page.evaluate(() => (window as unknown as { seenClasses: string[] }).seenClasses);
    };
    // An animation runs in the start and active steps; the prepare step (the popup measuring where to
    // open) comes with or without motion.
    const moving = (classes: string[]) =>
      classes.filter((c) => /-(appear|enter|leave)-(start|active)\b/.test(c));

    // The page was made with PAGE_SETTINGS (reduced motion), as every browser test's.
    expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
    const still = await classesWhileToggling();
    expect(still.length).toBeGreaterThan(0);
    expect(moving(still)).toEqual([]);

    // The setting changed while the page is open: the app follows it without a reload.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    try {
      expect(moving(await classesWhileToggling()).length).toBeGreaterThan(0);
    } finally {
      await page.emulateMedia({ reducedMotion: PAGE_SETTINGS.reducedMotion });
    }
  });
});
