import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  AppTabs,
  chooseRating,
  DOC_SHOTS,
  haveChromium,
  framesStalled,
  launchChromium,
  PAGE_SETTINGS,
  requireWebBuild,
} from '../support/browser';
import { DEMO_PASSWORD } from '../support/env';
import { Harness } from '../support/harness';

const describeInBrowser = haveChromium('web-summons.e2e-spec') ? describe : describe.skip;

/** Screenshots: docs/screenshots/summons-*.png and joint-*.png with UPDATE_SCREENSHOTS=1 (see DOC_SHOTS). */
const OUT = DOC_SHOTS;

describeInBrowser('summons and joint actions in Chromium', () => {
  const h = new Harness();
  let browser: Browser;
  /** Two contexts, so that a street and a department are signed in at once: one for each side. */
  let streetTabs: AppTabs;
  let departmentTabs: AppTabs;

  beforeAll(async () => {
    requireWebBuild();
    mkdirSync(OUT, { recursive: true });
    await h.start({ worker: 'in-api' });
    browser = await launchChromium();
    const options = { viewport: { width: 1440, height: 900 }, ...PAGE_SETTINGS, timezoneId: 'Asia/Shanghai' };
    [streetTabs, departmentTabs] = await Promise.all([
      AppTabs.open(browser, h.baseUrl, options),
      AppTabs.open(browser, h.baseUrl, options),
    ]);
  }, 90_000);
  afterEach(async () => {
    await Promise.all([streetTabs.closePages(), departmentTabs.closePages()]);
  });
  afterAll(async () => {
    await browser?.close();
    await h.stop();
  });

  const url = (path: string) => `${h.baseUrl}${path}`;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(OUT, name), fullPage: true });

  /**
   * A signed-in page in its side's context (a street's or a department's: their own storage, so both
   * are signed in at once). One of each per test.
   */
  async function signedIn(username: string): Promise<Page> {
    const page = await (/^D\d+-S\d+$/.test(username) ? streetTabs : departmentTabs).newPage();
    await page.goto(url('/login'));
    await page.getByLabel(/用户名|Username/).fill(username);
    await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  }
  const option = (page: Page, text: string): Locator =>
    page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: text });
  const dialog = (page: Page) => page.locator('.ant-modal:visible');
  const ok = (page: Page) =>
    dialog(page)
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();

  it('a street summons two departments, one reports, the street rates it', async () => {
    const street = await signedIn('D1-S01');
    // Everyone lands on the workbench; the street's home list has the whistle button.
    await street.goto(url('/assignments'));
    await street.getByTestId('home-blow-whistle').click();
    await street.waitForURL('**/summons/new');
    await street.locator('#subject').fill('幸福里燃气管道被违章搭建占压');
    await street.locator('#place').fill('东关街道幸福里 3 号楼北侧');
    await street
      .locator('#description')
      .fill('居民反映燃气管道上方搭建彩钢房,街道无执法权,请执法和住建部门到场。');
    await street.locator('#departmentCodes').fill('综合行政执法');
    await option(street, 'ZHZF').click();
    await street.locator('#departmentCodes').fill('住房和城乡建设');
    // each option names the department's principal matters from the list in force
    await expect(option(street, 'ZJJ').textContent()).resolves.toContain('主责事项');
    await shot(street, 'summons-new.png');
    await option(street, 'ZJJ').click();
    await street.keyboard.press('Escape');
    await street.getByTestId('summons-submit').click();
    await street.waitForURL(/\/summons\/[0-9a-f-]{36}$/);
    const summonsId = street.url().split('/').pop()!;
    const responses = street.getByTestId('summons-responses');
    await responses.locator('tbody tr').nth(1).waitFor();
    await expect(responses.textContent()).resolves.toMatch(/待报到.*剩余/);

    // The department's "summoned" inbox shows it with its countdown; it reports.
    const dept = await signedIn('ZHZF');
    await dept.getByRole('menuitem', { name: /被吹哨/ }).click();
    await dept.waitForURL('**/summons');
    const row = dept.getByTestId('summons-list').locator('tbody tr').filter({ hasText: '幸福里燃气管道' });
    await row.waitFor();
    await expect(row.getByTestId('countdown').textContent()).resolves.toMatch(/剩余/);
    await shot(dept, 'summons-received.png');
    await row.getByRole('link', { name: /幸福里燃气管道/ }).click();
    await dept.getByTestId('summons-report').click();
    await dialog(dept).locator('#reporter').fill('执法中队 王队长等 3 人');
    await dialog(dept).locator('#note').fill('今日 16 时前拆除占压搭建物,恢复管道安全间距');
    await ok(dept);
    await dept.getByTestId('summons-responses').locator('[data-state="reported"]').waitFor();
    await shot(dept, 'summons-report.png');

    // The street sees who came and what they will do, and rates that department.
    await street.reload();
    const reportedRow = street
      .getByTestId('summons-responses')
      .locator('tbody tr')
      .filter({ hasText: 'ZHZF' });
    await reportedRow.locator('[data-state="reported"]').waitFor();
    await expect(reportedRow.textContent()).resolves.toContain('执法中队 王队长等 3 人');
    // the one that has not answered cannot be rated yet
    await expect(street.getByTestId('rate-ZJJ').count()).resolves.toBe(0);
    await street.getByTestId('rate-ZHZF').click();
    // No rating is preselected: OK is enabled only once four stars are chosen.
    const okButton = dialog(street).getByRole('button', { name: /确\s*定|OK/ });
    await chooseRating(dialog(street), okButton, 4);
    await dialog(street).locator('#comment').fill('到场及时,处置果断');
    await ok(street);
    await reportedRow.locator('.ant-rate-disabled').waitFor();
    await shot(street, 'summons-detail.png');

    const detail = await h.request('GET', `/api/summons/${summonsId}`, { as: 'D1-S01' });
    expect(detail.body.ratings).toEqual([
      expect.objectContaining({ departmentCode: 'ZHZF', score: 4, comment: '到场及时,处置果断' }),
    ]);
    expect(detail.body.responses.map((r: any) => [r.departmentCode, r.state])).toEqual([
      ['ZHZF', 'reported'],
      ['ZJJ', 'pending'],
    ]);

    // the street's list, and the supervisors' view of every summons
    await street.getByRole('menuitem', { name: /吹哨报到/ }).click();
    await street.getByTestId('summons-list').locator('tbody tr.ant-table-row').first().waitFor();
    await shot(street, 'summons-list.png');
  }, 300_000);

  it('a lead department and a street run a joint action on the assignment page', async () => {
    const t = await h.request('POST', '/api/tasks', {
      as: 'ZHZF',
      body: {
        title: '科技园企业未批先建厂房查处',
        description: '企业未取得规划许可擅自建设厂房约 2000㎡,请属地配合查处。',
        streetCodes: ['D5-S04'],
        matterCode: 'CG-01',
        actionType: 'enforcement',
        enforcementSubject: 'organization',
        deadlineWorkingDays: 20,
      },
    });
    expect(t.status).toBe(201);
    await h.waitRouted([t.body.id]);
    const assignmentId = t.body.assignments[0].id;

    const lead = await signedIn('ZHZF');
    await lead.goto(url(`/assignments/${assignmentId}`));
    await lead.getByTestId('joint-schedule').click();
    await dialog(lead).locator('#scheduledAt').click();
    // three days ahead, 09:30 in Shanghai (the browser's zone)
    const day = new Date(Date.now() + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await dialog(lead).locator('#scheduledAt').fill(`${day} 09:30`);
    await dialog(lead).locator('#scheduledAt').press('Enter');
    await dialog(lead).locator('#place').fill('科技园 B 区 7 号地块');
    await dialog(lead).locator('#plan').fill('执法局两个中队 08:30 集合;街道网格员负责现场秩序和群众解释');
    await ok(lead);
    await lead.getByTestId('joint-actions').locator('[data-state="scheduled"]').waitFor();
    await shot(lead, 'joint-assignment-lead.png');

    const street = await signedIn('D5-S04');
    await street.goto(url(`/assignments/${assignmentId}`));
    await street.getByTestId('joint-attend').click();
    await street.getByTestId('joint-actions').locator('[data-state="confirmed"]').waitFor();
    await shot(street, 'joint-assignment-street.png');
    await street.getByRole('menuitem', { name: /联合执法/ }).click();
    await street.getByTestId('joint-actions-list').locator('tbody tr.ant-table-row').first().waitFor();
    await shot(street, 'joint-list.png');

    const list = await h.request('GET', `/api/joint-actions?assignmentId=${assignmentId}`, { as: 'ZHZF' });
    expect(list.body.items).toEqual([
      expect.objectContaining({ state: 'confirmed', attending: true, place: '科技园 B 区 7 号地块' }),
    ]);
    expect(list.body.items[0].scheduledAt).toMatch(/T01:30:00/);
  }, 300_000);

  // The probe AppTabs runs on every test's pages when it closes them: a page whose compositor
  // stopped drawing made this file's joint-action test fail once (stop 33's CI run).
  it('framesStalled tells a page that draws from one whose animation frames never come', async () => {
    const page = await streetTabs.newPage();
    await page.goto(url('/health'));
    expect(await framesStalled(page, 500)).toBeUndefined();
    await page.evaluate('window.requestAnimationFrame = () => 0');
    expect(await framesStalled(page, 500)).toBe('no animation frame in 500 ms (timers run)');
    await page.evaluate('window.setTimeout = () => 0');
    expect(await framesStalled(page, 500)).toBe('no answer from the page in 1000 ms');
    await page.close(); // before afterEach would probe it again
  });
});
