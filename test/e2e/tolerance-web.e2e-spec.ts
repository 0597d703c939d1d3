import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  AppTabs,
  DOC_SHOTS,
  haveChromium,
  launchChromium,
  PAGE_SETTINGS,
  requireWebBuild,
  storeSession,
} from '../support/browser';
import { DEMO_PASSWORD } from '../support/env';
import { Harness } from '../support/harness';

const describeInBrowser = haveChromium('tolerance-web.e2e-spec') ? describe : describe.skip;

/**
 * The claim and staffing screens in Chromium: a street files a tolerance claim from its overdue
 * deadline (only tolerable items offered, the time left shown), the supervisor decides it beside
 * the history, the board marks it; 编办 sees the staffing chart and table and downloads the export.
 */
describeInBrowser('tolerance and staffing screens', () => {
  const h = new Harness({
    DEADLINE_SIGNOFF: '2s',
    ESCALATION_SUPERVISE_AFTER: '1s',
    ESCALATION_NOTICE_AFTER: '1h',
  });
  let browser: Browser;
  /** The tests' pages, one at a time, in one context (AppTabs). */
  let tabs: AppTabs;
  let page: Page;

  beforeAll(async () => {
    requireWebBuild();
    mkdirSync(DOC_SHOTS, { recursive: true });
    await h.start({ worker: 'in-api' });
    browser = await launchChromium();
    tabs = await AppTabs.open(browser, h.baseUrl, {
      viewport: { width: 1440, height: 900 },
      ...PAGE_SETTINGS,
      acceptDownloads: true,
    });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await h.stop();
  });
  beforeEach(async () => {
    page = await tabs.newPage();
  });
  afterEach(async () => {
    await tabs.closePages();
  });

  const url = (path: string) => `${h.baseUrl}${path}`;
  const option = (text: string | RegExp): Locator =>
    page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: text });
  /** The screenshots this test takes are the ones docs/screenshots shows. */
  const shot = (name: string) => page.screenshot({ path: join(DOC_SHOTS, name), fullPage: true });

  /** Signed in as `username` for the app's next load, without the form (storeSession). */
  const signInFor = async (username: string) => storeSession(page, h.baseUrl, await h.session(username));

  async function login(username: string) {
    await page.goto(url('/login'));
    await page.getByLabel(/用户名|Username/).fill(username);
    await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }

  it('a street claims tolerance for its overdue deadline; the supervisor grants it beside the history; the board marks it', async () => {
    const r = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: {
        title: '汛期困难群众走访慰问',
        streetCodes: ['D1-S03'],
        matterCode: 'MZ-01',
        actionType: 'service_delivery',
        deadlineWorkingDays: 10,
      },
    });
    expect(r.status).toBe(201);
    await h.waitRouted([r.body.id]);
    const assignmentId = r.body.assignments[0].id as string;
    await h.waitFor(
      async () =>
        (
          await h.db.query(
            `SELECT 1 FROM supervision_item s JOIN deadline d ON d.id = s.deadline_id WHERE d.assignment_id = $1`,
            [assignmentId],
          )
        ).rowCount === 1,
      20_000,
      'the supervision item',
    );

    await login('D1-S03');
    await page.getByRole('link', { name: '容错申请' }).click();
    await page.waitForURL('**/tolerance/claims');
    const rows = page
      .locator('[data-testid="claimable-table"] tbody tr')
      .filter({ hasText: '汛期困难群众走访慰问' });
    await rows.nth(1).waitFor(); // the deadline and its supervision item
    await expect(rows.count()).resolves.toBe(2);
    const deadlineRow = rows.filter({ hasText: '逾期期限' });
    await expect(deadlineRow.textContent()).resolves.toMatch(/\d+ 天 \d+ 小时/);
    await deadlineRow.getByTestId('file-claim').click();
    await page.getByTestId('claim-item').click();
    // Only tolerable items are offered.
    await option(/防汛抢险/).waitFor();
    await expect(option(/弄虚作假/).count()).resolves.toBe(0);
    await expect(
      page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').count(),
    ).resolves.toBe(5);
    await option(/防汛抢险/).click();
    await page.locator('#explanation').fill('汛期全员参与防汛抢险,签收延误。');
    await page.locator('#evidence').fill('区防指〔2026〕12号');
    await shot('tolerance-claim-form.png');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await deadlineRow.locator('[data-claim-state="pending"]').waitFor();
    await shot('tolerance-claims.png');

    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL('**/login');
    await signInFor('ZFB');
    await page.goto(url('/tolerance/queue'));
    await page
      .locator('[data-testid="claim-queue"] tbody tr')
      .filter({ hasText: '汛期困难群众走访慰问' })
      .click();
    const detail = page.getByTestId('claim-detail');
    await detail.getByText('汛期全员参与防汛抢险,签收延误。').first().waitFor();
    await expect(detail.textContent()).resolves.toContain('区防指〔2026〕12号');
    // The history beside it: the assignment's timeline holds the claim.
    await expect(detail.textContent()).resolves.toContain('申请容错');
    await shot('tolerance-queue.png');
    await page.getByTestId('decide-claim').click();
    await page.locator('.ant-modal .ant-radio-wrapper').filter({ hasText: '予以容错' }).click();
    await page.locator('#note').fill('经核实系防汛抢险所致,予以容错。');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await detail.locator('[data-claim-state="granted"]').first().waitFor();

    await page.goto(url('/overdue'));
    const boardRow = page.locator('tbody tr').filter({ hasText: '汛期困难群众走访慰问' }).first();
    await boardRow.waitFor();
    await expect(boardRow.textContent()).resolves.toContain('予以容错');
    await shot('tolerance-board.png');

    await page.goto(url('/tolerance/items'));
    await page.getByTestId('tolerance-items').waitFor();
    await shot('tolerance-items.png');
  });

  it('编办 sees the staffing chart and table for all streets and a district, and downloads the export', async () => {
    // Some workload to share: every district, then two of them, then one, get street-led tasks.
    const ids: string[] = [];
    for (const districtCodes of [['D1', 'D2', 'D3', 'D4', 'D5'], ['D2', 'D3'], ['D5']]) {
      const t = await h.request('POST', '/api/tasks', {
        as: 'MZJ',
        body: {
          title: '困难群众救助申请受理',
          districtCodes,
          matterCode: 'MZ-01',
          actionType: 'service_delivery',
          deadlineWorkingDays: 10,
        },
      });
      expect(t.status).toBe(201);
      ids.push(t.body.id);
    }
    await h.waitRouted(ids);
    await login('WBB');
    await page.getByRole('link', { name: '编制测算' }).click();
    await page.waitForURL('**/staffing');
    await page.locator('[data-testid="staffing-chart"] canvas').waitFor();
    await page.locator('[data-testid="staffing-table"] tbody tr.ant-table-row').nth(34).waitFor();
    const table = page.locator('[data-testid="staffing-table"] tbody tr.ant-table-row');
    await expect(table.count()).resolves.toBe(35);
    await expect(page.locator('.ant-alert-info').first().textContent()).resolves.toMatch(
      /编制 2275,建议 2275/,
    );
    await shot('staffing-report.png');

    await page.getByTestId('staffing-district').click();
    await option(/城东区/).click();
    const districtRead = page.waitForResponse((res) =>
      res.url().includes('/api/reports/staffing?districtCode=D1'),
    );
    await page.getByTestId('staffing-apply').click();
    await districtRead;
    // The seven streets of 城东区 (D1) only.
    await h.waitFor(async () => (await table.count()) === 7, 10_000, 'the district table');
    const codes = await table.locator('td:first-child').allTextContents();
    expect(codes.every((c) => c.includes('(D1-'))).toBe(true);
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出 Excel/ }).click();
    expect((await downloaded).suggestedFilename()).toBe('staffing-D1.xlsx');
    await shot('staffing-district.png');

    await page.getByTestId('lang-switch').click();
    await page.getByText('Street staffing: dynamic adjustment').waitFor();
    await shot('staffing-en.png');
  });
});
