import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  AppTabs,
  chooseRating,
  haveChromium,
  launchChromium,
  PAGE_SETTINGS,
  requireWebBuild,
  SHOTS,
} from '../support/browser';
import { DEMO_PASSWORD } from '../support/env';
import { validTask } from '../support/fixtures';
import { Harness } from '../support/harness';

const describeInBrowser = haveChromium('web.e2e-spec') ? describe : describe.skip;

describeInBrowser('the web app in Chromium, served by the API', () => {
  const h = new Harness();
  let browser: Browser;
  /** The tests' pages, one at a time, in one context (AppTabs). */
  let tabs: AppTabs;
  let page: Page;

  beforeAll(async () => {
    requireWebBuild();
    mkdirSync(SHOTS, { recursive: true });
    await h.start({ worker: 'in-api' });
    browser = await launchChromium();
    tabs = await AppTabs.open(browser, h.baseUrl, {
      viewport: { width: 1440, height: 900 },
      ...PAGE_SETTINGS,
    });
  });
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
  /** The open dropdown of an antd Select, narrowed to an option's text. */
  const option = (text: string): Locator =>
    page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: text });

  /** Fills in the login form the page shows (no page load: the app's state stays as it is). */
  async function signIn(username: string) {
    await page.getByLabel(/用户名|Username/).fill(username);
    await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }

  async function login(username: string) {
    await page.goto(url('/login'));
    await signIn(username);
  }

  /** Every role lands on its workbench; a list is one menu click away (the app's own navigation). */
  async function openMenu(name: string, path: string) {
    await page.waitForURL('**/workbench');
    await page.getByRole('link', { name, exact: true }).click();
    await page.waitForURL(`**${path}`);
  }

  /** A task from MZJ to one street, routed (MZ-01 is admitted for D1 streets: awaiting sign-off). */
  async function routedTask(
    title: string,
    street: string,
  ): Promise<{ taskId: string; assignmentId: string }> {
    const r = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: validTask({ title, streetCodes: [street] }),
    });
    expect(r.status).toBe(201);
    await h.waitRouted([r.body.id]);
    return { taskId: r.body.id, assignmentId: r.body.assignments[0].id };
  }

  /**
   * Marks the document, so a test can tell a full page load (which would empty every cache) from
   * the app's own navigation: `sameDocument()` is false after a reload. (Page scripts are
   * strings: the test's tsconfig has no DOM types.)
   */
  const markDocument = () => page.evaluate('window.marker = true');
  const sameDocument = () => page.evaluate('window.marker === true');

  it('serves the app at / and on deep links, leaving /api, /health and /docs to the server', async () => {
    for (const path of ['/', '/tasks/new', '/assignments/3f1c']) {
      const r = await fetch(url(path));
      expect([path, r.status, r.headers.get('content-type')]).toEqual([
        path,
        200,
        expect.stringMatching(/^text\/html/),
      ]);
      expect(await r.text()).toContain('<div id="root">');
    }
    const api = await h.request('GET', '/api/no-such-thing');
    expect(api).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect((await h.request('GET', '/health')).body).toMatchObject({ status: 'ok' });
    expect((await fetch(url('/docs-json'))).headers.get('content-type')).toContain('application/json');
    expect((await fetch(url('/assets/missing.js'))).status).toBe(404);
  });

  it('a department submits a task; the street sees it with the demands marked not binding, and signs it', async () => {
    await login('MZJ');
    await expect(page.getByTestId('current-org').textContent()).resolves.toContain('MZJ');
    await page.goto(url('/tasks/new'));
    await page.locator('#title').fill('浏览器测试:低保入户调查');
    await page.locator('#description').fill('请对辖区低保申请家庭开展入户调查。');
    const searched = page.waitForResponse((r) => r.url().includes('/api/lists/current/matters?q=MZ-01'));
    await page.locator('#matterCode').fill('MZ-01');
    await searched;
    await option('MZ-01').click();
    await page.locator('#actionType').click();
    await option('服务保障').click();
    await page.getByLabel('拍照留痕').check();

    // No street chosen: the API's 400 detail appears under the streets field, in Chinese.
    await page.getByTestId('submit-task').click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '至少指定一个街道或区' }).waitFor();

    await page.locator('#streetCodes').fill('D1-S01');
    await option('D1-S01').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('submit-task').click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    // Routing runs in the worker; the page polls until the decision is in.
    await page
      .locator('[data-testid="task-assignments"] [data-state="awaiting_signoff"]')
      .waitFor({ timeout: 30_000 });
    const row = page.locator('[data-testid="task-assignments"] tbody tr').filter({ hasText: 'D1-S01' });
    await expect(row.textContent()).resolves.toMatch(/R7.*2025\.1/);
    await page.screenshot({ path: join(SHOTS, 'department-task.png'), fullPage: true });

    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL('**/login');
    await login('D1-S01');
    await openMenu('我的派单', '/assignments');
    await page.getByRole('link', { name: '浏览器测试:低保入户调查' }).first().click();
    await page.getByTestId('stripped-demands').waitFor();
    await expect(page.getByTestId('stripped-demands').textContent()).resolves.toContain('拍照留痕');
    await expect(page.getByTestId('decision-card').textContent()).resolves.toContain('不具约束力');
    await page.screenshot({ path: join(SHOTS, 'street-assignment.png'), fullPage: true });

    await page.getByTestId('sign').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.locator('.ant-card-head [data-state="in_progress"]').waitFor();
    await expect(page.getByTestId('timeline').textContent()).resolves.toContain('签收');

    const [assignment] = (await h.request('GET', '/api/assignments?state=in_progress', { as: 'D1-S01' })).body
      .items;
    expect(assignment).toMatchObject({
      taskTitle: '浏览器测试:低保入户调查',
      state: 'in_progress',
      role: 'lead',
    });
  });

  it('a transition refreshes the screens that show it, without a reload; "mark all read" clears the badge', async () => {
    const title = '浏览器测试:缓存刷新';
    const { taskId, assignmentId } = await routedTask(title, 'D1-S02');
    // The street signs and completes over the API; the department's inbox gets both notices.
    let a = (await h.request('GET', `/api/assignments/${assignmentId}`, { as: 'D1-S02' })).body;
    a = (
      await h.request('POST', `/api/assignments/${assignmentId}/sign`, {
        as: 'D1-S02',
        body: { version: a.version },
      })
    ).body;
    const done = await h.request('POST', `/api/assignments/${assignmentId}/complete`, {
      as: 'D1-S02',
      body: { version: a.version, result: '已走访' },
    });
    expect(done).toMatchObject({ status: 200, body: { state: 'completed' } });

    await login('MZJ');
    await openMenu('我交办的任务', '/tasks');
    await markDocument();
    // The tasks list, the task page, and back: all the app's own navigation.
    await page.getByRole('link', { name: title }).click();
    await page.waitForURL(`**/tasks/${taskId}`);
    const row = page.locator('[data-testid="task-assignments"] tbody tr').filter({ hasText: 'D1-S02' });
    await row.locator('[data-state="completed"]').waitFor();

    // Confirming answers with the assignment; the task page (still on screen, not polling: routing
    // is over) shows the new state because the mutation invalidated it.
    await row.getByRole('button', { name: '确认办结' }).click();
    // The dialog shows what the street reported, and no rating is chosen for the department.
    const modal = page.locator('.ant-modal');
    await modal.getByTestId('completion-report').filter({ hasText: '已走访' }).waitFor();
    const ok = modal.getByRole('button', { name: /确\s*定|OK/ });
    await chooseRating(modal, ok, 4);
    await ok.click();
    await row.locator('[data-state="closed"]').waitFor({ timeout: 5_000 });

    // The header's badge counts the street's notices; reading them all clears it at once, well
    // before its 30 s poll would.
    const badgeCount = page.getByTestId('inbox-badge').locator('.ant-badge-count');
    await badgeCount.waitFor();
    expect(Number(await badgeCount.getAttribute('title'))).toBeGreaterThanOrEqual(2);
    await page.getByRole('link', { name: '收件箱' }).click();
    await page.getByTestId('read-all').click();
    await badgeCount.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await sameDocument()).toBe(true);
  });

  it('deciding an extension shows the current and the new due date and needs a comment', async () => {
    const { assignmentId } = await routedTask('浏览器测试:延期审批', 'D1-S03');
    let a = (await h.request('GET', `/api/assignments/${assignmentId}`, { as: 'D1-S03' })).body;
    a = (
      await h.request('POST', `/api/assignments/${assignmentId}/sign`, {
        as: 'D1-S03',
        body: { version: a.version },
      })
    ).body;
    const asked = await h.request('POST', `/api/assignments/${assignmentId}/extension`, {
      as: 'D1-S03',
      body: { workingDays: 3, reason: '需补充材料' },
    });
    expect(asked.status).toBe(201);
    const before = a.dueAt as string;

    await login('MZJ');
    await page.goto(url(`/assignments/${assignmentId}`));
    await page
      .getByRole('button', { name: '批 准' })
      .or(page.getByRole('button', { name: '批准' }))
      .first()
      .click();
    const modal = page.locator('.ant-modal');
    const dates = modal.getByTestId('extension-dates');
    await dates.filter({ hasText: '需补充材料' }).waitFor();
    await dates.getByTestId('new-due').waitFor();
    const shown = await dates.textContent();
    // No comment: the form says so and nothing is sent.
    await modal.getByRole('button', { name: /批\s*准/ }).click();
    await modal.locator('.ant-form-item-explain-error').filter({ hasText: '必填' }).waitFor();
    await modal.locator('#comment').fill('同意延期,请按期办结');
    await modal.getByRole('button', { name: /批\s*准/ }).click();
    await modal.waitFor({ state: 'hidden' });

    const after = (await h.request('GET', `/api/assignments/${assignmentId}`, { as: 'MZJ' })).body;
    expect(after.extensions[0].state).toBe('approved');
    const shanghai = (iso: string) =>
      new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    // The dialog showed the due date as it was and exactly the one the approval set.
    expect(shown).toContain(shanghai(before));
    expect(shown).toContain(shanghai(after.dueAt));
    const decided = after.timeline.filter((e: { action: string }) => e.action === 'decide_extension');
    expect(decided.at(-1).payload).toMatchObject({ approve: true, comment: '同意延期,请按期办结' });
  });

  it("signing out forgets every cached screen: the next user never sees the previous one's rows", async () => {
    const title = '浏览器测试:退出清缓存';
    await routedTask(title, 'D1-S03');
    await login('D1-S03');
    await openMenu('我的派单', '/assignments');
    await page.getByRole('link', { name: title }).waitFor();
    await markDocument();

    // From here on, record whether the first user's row is ever in the page, even for a frame.
    await page.evaluate(`
      window.leaked = false;
      new MutationObserver(() => {
        if (document.body.textContent.includes(${JSON.stringify(title)})) window.leaked = true;
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    `);
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL('**/login');
    const listed = page.waitForResponse((r) => r.url().includes('/api/assignments?') && r.ok());
    await signIn('D1-S04');
    await openMenu('我的派单', '/assignments');
    await listed;
    await page.getByTestId('assignments-table').locator('.ant-spin-spinning').waitFor({ state: 'detached' });

    expect(await sameDocument()).toBe(true);
    expect(await page.getByTestId('assignments-table').textContent()).not.toContain(title);
    expect(await page.evaluate('window.leaked')).toBe(false);
  });

  it("a failed read says why in the user's language with a retry, never an empty list", async () => {
    await login('MZJ');
    // The server becomes unreachable for the tasks list.
    await page.route('**/api/tasks?**', (route) => route.abort('connectionrefused'));
    await page.getByRole('link', { name: '交办任务' }).click();
    await page.getByRole('link', { name: '我交办的任务' }).click();
    const error = page.getByTestId('tasks-table').getByTestId('query-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('无法连接服务器');
    expect(await page.getByTestId('tasks-table').textContent()).not.toContain('暂无数据');

    await page.unroute('**/api/tasks?**');
    await error.getByTestId('query-retry').click();
    await page.getByTestId('tasks-table').locator('tbody tr.ant-table-row').first().waitFor();
    await error.waitFor({ state: 'detached' });
  });

  it('switches to English: the texts, and the API answers errors in English', async () => {
    await page.goto(url('/login'));
    await page.getByTestId('lang-switch').click();
    await page.getByLabel('Username (organisation code)').fill('MZJ');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toBe('Wrong username or password');

    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByRole('link', { name: 'My tasks' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'department-tasks-en.png'), fullPage: true });
  });
});
