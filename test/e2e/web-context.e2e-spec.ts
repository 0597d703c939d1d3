import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import {
  AppTabs,
  DOC_SHOTS,
  haveChromium,
  launchChromium,
  openInApp,
  PAGE_SETTINGS,
  requireWebBuild,
  storeSession,
} from '../support/browser';
import { DEMO_PASSWORD } from '../support/env';
import { seedListCsv } from '../support/fixtures';
import { Harness } from '../support/harness';

const describeInBrowser = haveChromium('web-context.e2e-spec') ? describe : describe.skip;

/** The smallest screen the offices use. */
const VIEWPORT = { width: 1366, height: 768 };

const seedRows = (): string[][] => parse(seedListCsv(), { bom: true, skip_empty_lines: true });
const toCsv = (rows: string[][]) =>
  rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';

describeInBrowser('the web app gives context, current decisions, the list, and fits 1366×768', () => {
  const h = new Harness();
  let browser: Browser;
  /** The tests' pages, one at a time, in one context (AppTabs). */
  let tabs: AppTabs;
  let page: Page;
  /** Console errors and uncaught exceptions of the current page. */
  let consoleErrors: string[] = [];
  /** Set by a test that makes requests fail on purpose (the browser logs each failed load). */
  let failingOnPurpose = false;

  beforeAll(async () => {
    requireWebBuild();
    mkdirSync(DOC_SHOTS, { recursive: true });
    await h.start({ worker: 'in-api' });
    browser = await launchChromium();
    tabs = await AppTabs.open(browser, h.baseUrl, { viewport: VIEWPORT, ...PAGE_SETTINGS });
  });
  afterAll(async () => {
    await browser?.close();
    await h.stop();
  });
  beforeEach(async () => {
    page = await tabs.newPage();
    consoleErrors = [];
    failingOnPurpose = false;
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  });
  afterEach(async () => {
    await tabs.closePages();
    const unexpected = failingOnPurpose
      ? consoleErrors.filter((e) => !/Failed to load resource/.test(e))
      : consoleErrors;
    expect(unexpected).toEqual([]);
  });

  const url = (path: string) => `${h.baseUrl}${path}`;

  /** Signed in as `username` for the app's next load, without the form (storeSession). */
  const signInFor = async (username: string) => storeSession(page, h.baseUrl, await h.session(username));

  async function login(username: string) {
    await page.goto(url('/login'));
    await page.getByLabel(/用户名/).fill(username);
    await page.getByLabel(/密码/).fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }

  /** Waits until the screen has loaded: no request under way and no spinner. */
  async function settled() {
    await page.waitForLoadState('networkidle');
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 10_000 });
  }

  async function submit(as: string, body: Record<string, unknown>) {
    const r = await h.request('POST', '/api/tasks', { as, body });
    expect(r.status).toBe(201);
    await h.waitRouted([r.body.id]);
    return r.body as { id: string; assignments: { id: string; streetCode: string }[] };
  }

  let disputedAssignment = '';
  let reviewedAssignment = '';
  let draftId = '';
  let seededId = '';

  it('serves the production build compressed, hashed assets cached for good and index.html revalidated', async () => {
    const index = await fetch(url('/'));
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    // The first download: the entry (the sign-in card) and React in a chunk of its own; the rest of
    // the app (UI kit, router, TanStack Query) is not in index.html.
    expect(scripts.some((s) => /\/assets\/react-[\w-]+\.js$/.test(s))).toBe(true);
    expect(scripts.some((s) => /\/assets\/vendor-[\w-]+\.js$/.test(s))).toBe(false);
    expect(scripts.some((s) => /\/assets\/index-[\w-]+\.js$/.test(s))).toBe(true);
    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip, deflate', 'gzip'],
      ['identity', null],
    ] as const) {
      const r = await fetch(url(scripts[0]), { headers: { 'accept-encoding': accept } });
      expect({
        accept,
        status: r.status,
        encoding: r.headers.get('content-encoding'),
        cache: r.headers.get('cache-control'),
        type: r.headers.get('content-type'),
        vary: r.headers.get('vary'),
      }).toEqual({
        accept,
        status: 200,
        encoding,
        cache: 'public, max-age=31536000, immutable',
        type: expect.stringMatching(/javascript/),
        vary: expect.stringMatching(/accept-encoding/i),
      });
      // fetch decodes the body: whatever the encoding, it is the same script.
      expect((await r.text()).length).toBeGreaterThan(1000);
    }
    // A production React build: no development-only warnings text in the shipped code.
    const react = await (await fetch(url(scripts.find((s) => s.includes('/react-'))!))).text();
    // (React 19's development build has these texts; its production build has neither.)
    expect(react).not.toContain('Each child in a list should have a unique');
    expect(react).not.toContain('validateDOMNesting');
  });

  it('the dispute ruling shows the task, the street, the disputed decision, the list text and both sides; nothing preselected', async () => {
    const t = await submit('ZJJ', {
      title: '问题楼盘逾期交房矛盾化解',
      description: '请街道牵头化解某小区逾期交房引发的群体矛盾,每日报送进展。',
      streetCodes: ['D3-S03'],
      matterCode: 'ZJ-01',
      actionType: 'coordination_mediation',
      deadlineWorkingDays: 10,
      legalBasis: '《城市房地产开发经营管理条例》',
    });
    disputedAssignment = t.assignments[0].id;
    const a = (await h.request('GET', `/api/assignments/${disputedAssignment}`, { as: 'D3-S03' })).body;
    const disputed = await h.request('POST', `/api/assignments/${disputedAssignment}/dispute`, {
      as: 'D3-S03',
      body: {
        version: a.version,
        reasonCode: 'principal_is_department',
        citedMatterCode: 'ZJ-01',
        reason: '清单载明问题楼盘由住建局牵头处置,街道仅负责矛盾排查和信息报送。',
      },
    });
    expect(disputed.status).toBe(200);

    await signInFor('WBB');
    await page.goto(url('/disputes'));
    const row = page
      .getByTestId('disputes-table')
      .locator('tbody tr')
      .filter({ hasText: '问题楼盘逾期交房矛盾化解' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(a.decision.ruleId);
    await row.getByTestId('arbitrate').click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByTestId('decider-context').waitFor();
    await expect(dialog.getByTestId('ctx-task').textContent()).resolves.toBe('问题楼盘逾期交房矛盾化解');
    await expect(dialog.getByTestId('ctx-street').textContent()).resolves.not.toBe('D3-S03');
    const decision = await dialog.getByTestId('ctx-decision').textContent();
    expect(decision).toContain(a.decision.ruleId);
    expect(decision).toContain(a.decision.reason);
    const matter = await dialog.getByTestId('ctx-matter').textContent();
    expect(matter).toContain(a.matter.name);
    expect(matter).toContain(a.matter.principalDuties);
    expect(matter).toContain(a.matter.streetSupportingDuties[0]);
    await expect(dialog.getByTestId('ctx-cited-matter').textContent()).resolves.toContain('ZJ-01');
    await expect(dialog.getByTestId('ctx-street-side').textContent()).resolves.toContain(
      '街道仅负责矛盾排查',
    );
    const departmentSide = await dialog.getByTestId('ctx-department-side').textContent();
    expect(departmentSide).toContain('每日报送进展');
    expect(departmentSide).toContain('城市房地产开发经营管理条例');
    expect(await dialog.locator('.ant-radio-wrapper-checked').count()).toBe(0);
    await page.screenshot({ path: join(DOC_SHOTS, 'dispute-ruling.png') });

    await dialog.getByLabel(/支持街道/).check();
    await dialog.locator('textarea#note').fill('依清单,主体为住建局');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await dialog.waitFor({ state: 'detached' });

    // The current decision, everywhere: the ruling, not the routing outcome.
    await page.goto(url(`/assignments/${disputedAssignment}`));
    const card = page.getByTestId('decision-card');
    await card.locator('[data-outcome="refused"]').waitFor();
    const text = await card.textContent();
    expect(text).toContain('编办争议裁定');
    expect(text).toContain('依清单,主体为住建局');
    expect(await card.locator(`[data-outcome="${a.decision.outcome}"]`).count()).toBe(0);
    await expect(page.getByTestId('timeline').textContent()).resolves.toContain('裁定');
  });

  it('the review dialog names the street, preselects nothing, and the refusal is what the department then sees', async () => {
    const t = await submit('CGJ', {
      title: '背街小巷生活垃圾分类督导专项行动',
      description: '组织街道力量开展背街小巷生活垃圾分类督导和清理,建立台账。',
      streetCodes: ['D2-S04'],
      actionType: 'campaign',
      temporary: true,
      deadlineWorkingDays: 5,
    });
    reviewedAssignment = t.assignments[0].id;
    await signInFor('WBB');
    await page.goto(url('/reviews'));
    const row = page
      .getByTestId('reviews-table')
      .locator('tbody tr')
      .filter({ hasText: '背街小巷生活垃圾分类督导专项行动' });
    await row.waitFor();
    const suggestions = await row.getByTestId('suggestions').textContent();
    expect(suggestions).toMatch(/生活垃圾分类日常督导 · 匹配度 \d{2,3}%/);
    expect(suggestions).not.toContain('0.00');
    await row.getByTestId('review').click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByTestId('decider-context').waitFor();
    const street = await dialog.getByTestId('ctx-street').textContent();
    expect(street).toBeTruthy();
    await expect(dialog.locator('.ant-modal-title').textContent()).resolves.toContain(street!);
    await expect(dialog.getByTestId('ctx-decision').textContent()).resolves.toContain('R4');
    expect(await dialog.locator('.ant-radio-wrapper-checked').count()).toBe(0);
    expect(await dialog.locator('.ant-select-selection-item').count()).toBe(0);
    await page.screenshot({ path: join(DOC_SHOTS, 'review-dialog.png') });

    // Sending without a choice is refused in the dialog, in Chinese.
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await dialog.locator('.ant-form-item-explain-error').filter({ hasText: '请选择决定' }).waitFor();
    await dialog.getByLabel('不予准入').check();
    await dialog.locator('textarea#note').fill('属部门自身专项行动,不得转嫁街道');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: /退出登录/ }).click();
    await signInFor('CGJ');
    await page.goto(url(`/assignments/${reviewedAssignment}`));
    const card = page.getByTestId('decision-card');
    await card.locator('[data-outcome="refused"]').waitFor();
    await expect(card.getByTestId('decision-reason').textContent()).resolves.toBe(
      '编办准入审查决定不予准入:属部门自身专项行动,不得转嫁街道',
    );
    expect(await card.locator('[data-outcome="needs_admission_review"]').count()).toBe(0);
    await page.goto(url(`/tasks/${t.id}`));
    await page.locator('[data-testid="task-assignments"] [data-outcome="refused"]').waitFor();
  });

  it('a street reads the list: versions with 现行版本, search, category, a matter in full; the assignment names its matter', async () => {
    const t = await submit('MZJ', {
      title: '低保对象入户核查',
      description: '对辖区低保对象开展入户核查。',
      streetCodes: ['D1-S05'],
      matterCode: 'MZ-01',
      actionType: 'service_delivery',
      deadlineWorkingDays: 10,
    });
    await signInFor('D1-S05');
    await page.goto(url(`/assignments/${t.assignments[0].id}`));
    await expect(page.getByTestId('task-matter').textContent()).resolves.toMatch(/最低生活保障.*MZ-01/);
    const matter = await page.getByTestId('decision-matter').textContent();
    expect(matter).toContain('社会救助暂行办法');

    await page.getByRole('link', { name: '清单查阅' }).click();
    await page.waitForURL('**/matters');
    await page.getByTestId('version-select').getByTestId('in-force').waitFor();
    await page.getByText('共 61 项').waitFor();
    await page.getByTestId('matter-search').locator('input').fill('垃圾分类');
    await page.getByTestId('matter-search').locator('input').press('Enter');
    await page.getByText(/共 [1-9] 项/).waitFor();
    await page.getByTestId('matters-table').locator('tbody tr').filter({ hasText: 'CG-05' }).click();
    const detail = page.getByTestId('matter-detail');
    await detail.waitFor();
    await expect(detail.textContent()).resolves.toContain('生活垃圾管理条例');
    await page.screenshot({ path: join(DOC_SHOTS, 'list-browser.png') });
    // The search is in the URL: a link shows the same list.
    expect(new URL(page.url()).searchParams.get('q')).toBe('垃圾分类');
  });

  it('shows what a new list version adds, removes and changes', async () => {
    seededId = (await h.db.query(`SELECT id FROM list_version WHERE version = '2025.1'`)).rows[0].id;
    const rows = seedRows();
    const col = (name: string) => rows[0].indexOf(name);
    rows.splice(
      rows.findIndex((r) => r[0] === 'HB-01'),
      1,
    );
    rows.find((r) => r[0] === 'MZ-01')![col('principal_duties')] = '受理、入户调查、审核上报';
    const added = [...rows.find((r) => r[0] === 'MZ-01')!];
    added[col('code')] = 'XX-01';
    added[col('matter_name')] = '新增测试事项';
    rows.push(added);
    const f = new FormData();
    f.append('file', new Blob([toCsv(rows)], { type: 'text/csv' }), 'list.csv');
    f.append('version', '2026.1');
    f.append('effectiveFrom', '2030-01-01');
    const up = await h.request('POST', '/api/lists', { as: 'WBB', rawBody: f });
    expect(up.status).toBe(201);
    draftId = up.body.id;
    const rules = (await h.request('GET', `/api/lists/${draftId}/rules`, { as: 'WBB' })).body.rules;
    rules[rules.length - 1] = { ...rules[rules.length - 1], outcome: 'admit' };
    expect(
      (await h.request('PUT', `/api/lists/${draftId}/rules`, { as: 'WBB', body: { rules } })).status,
    ).toBe(200);

    await signInFor('WBB');
    await page.goto(url(`/matters/diff?from=${seededId}&to=${draftId}`));
    const matters = page.getByTestId('diff-matters');
    await matters.waitFor();
    await expect(matters.getByTestId('diff-matters-added').textContent()).resolves.toContain(
      'XX-01 新增测试事项',
    );
    await expect(matters.getByTestId('diff-matters-removed').textContent()).resolves.toContain('HB-01');
    const changed = await matters.getByTestId('diff-matters-changed').textContent();
    expect(changed).toContain('MZ-01');
    expect(changed).toContain('主体职责');
    expect(changed).toContain('受理、入户调查、民主评议、审核上报');
    await page.screenshot({ path: join(DOC_SHOTS, 'version-diff.png') });
    await page.getByRole('tab', { name: /准入规则/ }).click();
    const ruleChanges = await page.getByTestId('diff-rules-changed').textContent();
    expect(ruleChanges).toContain('R8');
    expect(ruleChanges).toContain('判定结果');
    expect(ruleChanges).toContain('准入(街道牵头)');
  });

  it('edits routing rules in a Chinese form; the JSON stays one tab away', async () => {
    await signInFor('WBB');
    await page.goto(url('/lists'));
    const row = page.locator('tbody tr').filter({ hasText: '2026.1' });
    await row.getByRole('button', { name: '准入规则' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByTestId('rule-form').waitFor();
    const first = dialog.getByTestId('rule-card').first();
    await expect(first.textContent()).resolves.toContain('事项责任模式 为 部门专属');
    await expect(dialog.getByTestId('rule-card').last().textContent()).resolves.toContain('其余所有情况');
    await dialog.getByRole('tab', { name: 'JSON(专家)' }).click();
    await expect(dialog.getByTestId('rules-json').inputValue()).resolves.toContain('"always": true');
  });

  it('a failed read shows the error where the data would be, in Chinese, with 重试', async () => {
    failingOnPurpose = true;
    await signInFor('D1-S01');
    await page.route('**/api/lists/*/matters**', (route) => route.abort('connectionrefused'));
    await page.goto(url('/matters'));
    const error = page.getByTestId('query-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('无法连接服务器');
    expect(await page.locator('main').textContent()).not.toContain('暂无数据');
    await page.unroute('**/api/lists/*/matters**');
    await error.getByRole('button', { name: /重\s*试/ }).click();
    await page.getByTestId('matters-table').locator('tbody tr.ant-table-row').first().waitFor();
    await error.waitFor({ state: 'detached' });
  });

  // Twenty-two screens, each loaded and settled: minutes on a busy machine.
  const MANY_SCREENS_MS = 600_000;

  it(
    'fits every screen into 1366×768: no page or table wider than its box',
    async () => {
      const t = await submit('MZJ', {
        title: '高龄老人走访慰问,核实高龄津贴发放情况并建立走访台账以便后续督查',
        description: '请对辖区80周岁以上老人开展一次入户走访。',
        streetCodes: ['D1-S01', 'D1-S02', 'D1-S03'],
        matterCode: 'MZ-01',
        actionType: 'service_delivery',
        deadlineWorkingDays: 10,
        demands: ['photo_evidence', 'responsibility_pledge'],
      });
      const screens: Record<string, string[]> = {
        MZJ: [
          '/tasks',
          '/tasks/new',
          `/tasks/${t.id}`,
          `/assignments/${t.assignments[0].id}`,
          '/matters',
          '/inbox',
        ],
        'D1-S01': ['/assignments', `/assignments/${t.assignments[0].id}`, '/matters'],
        WBB: [
          '/reviews',
          '/disputes',
          '/lists',
          '/overdue',
          '/matters',
          `/matters/diff?from=${seededId}&to=${draftId}`,
          `/assignments/${disputedAssignment}`,
        ],
        ZFB: ['/overdue', '/reviews', '/disputes'],
        admin: ['/calendar', '/webhooks', '/users'],
      };
      const overflow: string[] = [];
      for (const [who, paths] of Object.entries(screens)) {
        await login(who);
        await page.locator('main').waitFor();
        await settled();
        // Screen to screen inside the app, as its links go: one app start per user, not per screen.
        for (const path of paths) {
          await openInApp(page, path);
          await page.locator('main').waitFor();
          const wide = (await page.evaluate(`(() => {
          const out = [];
          const check = (el, name) => {
            if (el && el.scrollWidth > el.clientWidth + 1) out.push(name + ' ' + el.scrollWidth + '>' + el.clientWidth);
          };
          check(document.documentElement, 'page');
          check(document.querySelector('main'), 'main');
          document.querySelectorAll('main .ant-table-content, main .ant-table-body, main .ant-card-body, main .ant-descriptions-view')
            .forEach((el, i) => check(el, el.className.split(' ')[0] + '#' + i));
          return out;
        })()`)) as string[];
          for (const w of wide) overflow.push(`${who} ${path}: ${w}`);
        }
        await page.getByRole('button', { name: /退出登录/ }).click();
        await page.waitForURL('**/login');
      }
      expect(overflow).toEqual([]);
    },
    MANY_SCREENS_MS,
  );
});
