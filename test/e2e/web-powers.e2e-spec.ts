import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { DOC_SHOTS, haveChromium, launchChromium, PAGE_SETTINGS, requireWebBuild } from '../support/browser';
import { DEMO_PASSWORD } from '../support/env';
import { Harness } from '../support/harness';

const describeInBrowser = haveChromium('web-powers.e2e-spec') ? describe : describe.skip;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describeInBrowser('delegated powers in Chromium: a street records a case, the 编办 sees the report', () => {
  const h = new Harness();
  let browser: Browser;

  beforeAll(async () => {
    requireWebBuild();
    mkdirSync(DOC_SHOTS, { recursive: true });
    await h.start({ worker: false });
    browser = await launchChromium();
    // Some cases of this period at other streets of the district, so the chart has a shape.
    const version = (await h.db.query(`SELECT id FROM list_version WHERE version = '2025.1'`)).rows[0].id;
    await h.db.query(
      `INSERT INTO enforcement_case (street_code, list_version_id, power_code, subject, measure, amount_yuan, occurred_on, created_by, created_at)
       SELECT g.street, $1, g.power, g.subject, g.measure, g.amount, $2::date, (SELECT id FROM app_user WHERE username = g.street), now()
         FROM jsonb_to_recordset($3::jsonb) AS g(street text, power text, subject text, measure text, amount numeric)`,
      [
        version,
        today(),
        JSON.stringify([
          ...Array.from({ length: 6 }, () => ({
            street: 'D1-S02',
            power: 'CG-02-I',
            subject: 'individual',
            measure: 'persuasion',
          })),
          ...Array.from({ length: 3 }, () => ({
            street: 'D1-S03',
            power: 'CG-02-I',
            subject: 'individual',
            measure: 'rectification_notice',
          })),
          { street: 'D1-S03', power: 'CG-04-O', subject: 'organization', measure: 'penalty', amount: 2000 },
          ...Array.from({ length: 4 }, () => ({
            street: 'D1-S04',
            power: 'HB-01-I',
            subject: 'individual',
            measure: 'persuasion',
          })),
          { street: 'D1-S04', power: 'AQ-04-O', subject: 'organization', measure: 'transferred' },
          ...Array.from({ length: 2 }, () => ({
            street: 'D1-S05',
            power: 'CG-03-I',
            subject: 'individual',
            measure: 'rectification_notice',
          })),
        ]),
      ],
    );
  });
  afterAll(async () => {
    await browser?.close();
    await h.stop();
  });

  async function signIn(username: string): Promise<Page> {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
      ...PAGE_SETTINGS,
    });
    await page.goto(`${h.baseUrl}/login`);
    await page.getByLabel(/用户名|Username/).fill(username);
    await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  }
  const options = (page: Page): Locator =>
    page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');

  it('a street records a case under a power it holds; the form offers only those', async () => {
    const page = await signIn('D1-S01');
    await page.getByRole('menuitem', { name: /赋权执法/ }).click();
    await page.waitForURL('**/enforcement');
    await page.getByTestId('case-form').waitFor();

    // ZR-02-I (rural streets only) is not offered to 东关街道.
    await page.locator('#powerCode').fill('ZR-02');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-empty').waitFor();
    await page.locator('#powerCode').fill('CG-02-I');
    await options(page).filter({ hasText: 'CG-02-I' }).click();
    // The power list closes (its leave animation ends) before the subject list opens.
    await page.waitForFunction(
      () => document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').length === 0,
    );
    // CG-02-I covers individuals only.
    await page.locator('#subject').click();
    await options(page).first().waitFor();
    await expect(options(page).allTextContents()).resolves.toEqual(['个人']);
    await options(page).filter({ hasText: '个人' }).click();
    // The amount appears for a penalty only.
    await expect(page.locator('#amountYuan').count()).resolves.toBe(0);
    await page.locator('#measure').click();
    await options(page).filter({ hasText: '处罚' }).click();
    await page.locator('#amountYuan').fill('300');
    await page.locator('#note').fill('流动摊贩占道经营,经劝导拒不改正');
    await page.getByTestId('case-submit').click();
    await page.locator('.ant-message').filter({ hasText: '已登记执法案件' }).waitFor();
    await page.getByTestId('case-list').locator('tbody tr').filter({ hasText: 'CG-02-I' }).waitFor();

    const stored = await h.db.query(
      `SELECT street_code, power_code, subject, measure, amount_yuan::float8 AS amount, note FROM enforcement_case WHERE street_code = 'D1-S01'`,
    );
    expect(stored.rows).toEqual([
      {
        street_code: 'D1-S01',
        power_code: 'CG-02-I',
        subject: 'individual',
        measure: 'penalty',
        amount: 300,
        note: '流动摊贩占道经营,经劝导拒不改正',
      },
    ]);
    // Its own statistics: the penalty counted, nothing of the other streets.
    await page.getByTestId('report-summary').filter({ hasText: '本期 1 件,其中处罚 1 件' }).waitFor();
    await page.locator('[data-testid="powers-chart"] canvas').first().waitFor();
    await page.screenshot({ path: join(DOC_SHOTS, 'powers-street.png'), fullPage: true });
    await page.close();
  });

  it('the 编办 sees the catalogue and the report with its chart, in Chinese and English', async () => {
    const page = await signIn('WBB');
    await page.getByRole('menuitem', { name: /赋权事项/ }).click();
    await page.waitForURL('**/powers');
    // 1 + 6 + 3 + 1 + 4 + 1 + 2 cases this quarter, two of them penalties (D1-S01's and D1-S03's).
    await page.getByTestId('report-summary').filter({ hasText: '本期 18 件,其中处罚 2 件' }).waitFor();
    await page.locator('[data-testid="powers-chart"] canvas').first().waitFor();
    await page.getByTestId('export-xlsx').waitFor();
    await page.screenshot({ path: join(DOC_SHOTS, 'powers-report.png'), fullPage: true });

    // An export downloads the file the API makes.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^delegated-powers-\d{4}-Q[1-4]\.csv$/);

    await page.getByRole('tab', { name: '赋权目录' }).click();
    const catalogue = page.getByTestId('powers-catalogue');
    await catalogue.locator('tbody tr').filter({ hasText: 'ZR-02-I' }).waitFor();
    await expect(catalogue.locator('tbody tr.ant-table-row').count()).resolves.toBe(15);
    await page.screenshot({ path: join(DOC_SHOTS, 'powers-catalogue.png'), fullPage: true });

    await page.getByTestId('lang-switch').click();
    await page.getByRole('tab', { name: 'Report' }).click();
    await page.getByTestId('report-summary').filter({ hasText: '18 cases, 2 penalties' }).waitFor();
    await page.close();
  });
});
