import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHolidaysInRange } from 'chinese-days';
import ExcelJS from 'exceljs';
import { validTask } from '../support/fixtures';
import { DEMO_PASSWORD } from '../support/env';
import { Harness } from '../support/harness';

/**
 * The everyday API of the web app: workbench counts that agree with the lists they link to, the
 * assignment list's filters and sorts (keyset pages per sort), and the batch endpoints with
 * per-item outcomes.
 */
describe('workbench, list filters and sorts, batch work', () => {
  // The webhook test delivers to a receiver on this machine.
  const h = new Harness({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
  const tasks: { id: string; assignments: { id: string; streetCode: string }[] }[] = [];

  beforeAll(async () => {
    await h.start({ worker: 'in-api' });
    // Three admitted tasks for D1-S05, due in 3, 10 and 20 working days; one off-list task for two streets.
    for (const [title, days] of [
      ['工作台测试:甲 垃圾分类', 20],
      ['工作台测试:乙 高龄走访', 3],
      ['工作台测试:丙 低保核查', 10],
    ] as const) {
      const r = await h.request('POST', '/api/tasks', {
        as: 'MZJ',
        body: validTask({ title, streetCodes: ['D1-S05'], deadlineWorkingDays: days }),
      });
      expect(r.status).toBe(201);
      tasks.push(r.body);
    }
    const off = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: validTask({
        title: '工作台测试:清洁日专项行动',
        streetCodes: ['D1-S06', 'D1-S07'],
        matterCode: null,
        actionType: 'campaign',
        temporary: true,
        deadlineWorkingDays: 5,
      }),
    });
    expect(off.status).toBe(201);
    tasks.push(off.body);
    await h.waitRouted(tasks.map((t) => t.id));
  }, 120_000);
  afterAll(() => h.stop());

  const workbench = async (as: string) => {
    const r = await h.request('GET', '/api/workbench', { as });
    expect(r.status).toBe(200);
    return Object.fromEntries(r.body.tiles.map((t: { key: string; count: number }) => [t.key, t.count]));
  };
  const listCount = async (as: string, query: string) => {
    const r = await h.request('GET', `/api/assignments?limit=200&${query}`, { as });
    expect(r.status).toBe(200);
    return r.body.items.length as number;
  };

  it('counts each role its own tiles, equal to the filtered lists they link to', async () => {
    const street = await workbench('D1-S05');
    expect(street).toEqual({
      awaitingSignoff: 3,
      inProgress: 0,
      dueSoon: 0,
      overdue: 0,
      disputed: 0,
      unread: 3,
    });
    expect(await listCount('D1-S05', 'state=awaiting_signoff')).toBe(3);

    // 被吹哨待报到: two summons to MZJ, one answered; a third to another department only.
    const summon = async (departmentCodes: string[]) => {
      const r = await h.request('POST', '/api/summons', {
        as: 'D1-S05',
        body: {
          subject: '工作台测试:吹哨',
          place: '幸福里',
          description: '需部门到场',
          urgent: false,
          departmentCodes,
        },
      });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const [, answered] = [await summon(['MZJ', 'ZHZF']), await summon(['MZJ']), await summon(['ZHZF'])];
    const reported = await h.request('POST', `/api/summons/${answered}/respond`, {
      as: 'MZJ',
      body: { state: 'reported', reporter: '王科长', note: '下午到场' },
    });
    expect(reported.status).toBe(200);

    const dept = await workbench('MZJ');
    expect(dept.pendingSummons).toBe(1);
    expect((await workbench('ZHZF')).pendingSummons).toBe(2);
    expect(Object.keys(dept)).toEqual([
      'pendingSummons',
      'awaitingConfirmation',
      'pendingExtensions',
      'disputed',
      'inReview',
      'dueSoon',
      'overdue',
      'unread',
    ]);
    expect(dept.inReview).toBe(2);
    expect(await listCount('MZJ', 'state=in_review')).toBe(2);

    const reviewer = await h.request('GET', '/api/workbench', { as: 'WBB' });
    expect(reviewer.body.tiles).toEqual(
      expect.arrayContaining([
        { key: 'inReview', count: 2 },
        { key: 'openDisputes', count: 0 },
      ]),
    );
    // Charts for the organisation office and supervisors: decisions by month and outcome.
    const decided = reviewer.body.decisionsByMonth.reduce(
      (n: number, d: { count: number }) => n + d.count,
      0,
    );
    expect(decided).toBe(5);
    expect(reviewer.body.overdueByOrg).toEqual([]);
    const street5 = await h.request('GET', '/api/workbench', { as: 'D1-S05' });
    expect(street5.body.decisionsByMonth).toBeUndefined();
    expect((await workbench('admin')).failedDeliveries).toBe(0);
  });

  it("gives the administrator the system administration's workbench and inbox, not the 编办's", async () => {
    const login = await h.request('POST', '/api/auth/login', {
      body: { username: 'admin', password: DEMO_PASSWORD },
    });
    expect(login.body.user.org).toEqual({ code: 'SYS', name: '系统管理', kind: 'system' });
    const r = await h.request('GET', '/api/workbench', { as: 'admin' });
    expect(r.body.tiles.map((t: { key: string }) => t.key)).toEqual([
      'failedDeliveries',
      'pausedWebhooks',
      'calendarGaps',
      'failedJobs',
      'activeUsers',
      'unread',
    ]);
    expect(r.body.overdueByOrg).toBeUndefined();
    const [{ n: active }] = (await h.db.query(`SELECT count(*)::int AS n FROM app_user WHERE active`)).rows;
    const year = Number(new Date(Date.parse(r.body.asOf) + 8 * 3_600_000).toISOString().slice(0, 4));
    // The calendar's gaps are the years (this, next) with neither national holiday data nor overrides.
    const lacking = (y: number) => getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false).length === 0;
    const gaps = [year, year + 1].filter(lacking).length;
    expect(await workbench('admin')).toEqual({
      failedDeliveries: 0,
      pausedWebhooks: 0,
      calendarGaps: gaps,
      failedJobs: 0,
      activeUsers: active,
      unread: 0,
    });
    if (lacking(year + 1)) {
      const newYear = `${year + 1}-01-01`;
      const put = (body: object) => h.request('PUT', '/api/calendar/overrides', { as: 'admin', body });
      expect((await put({ overrides: [{ date: newYear, workday: false, note: '元旦' }] })).status).toBe(200);
      expect((await workbench('admin')).calendarGaps).toBe(gaps - 1);
      expect((await put({ overrides: [], remove: [newYear] })).status).toBe(200);
    }

    // The off-list task asked the 编办 for two reviews: news for the 编办, none of it for the admin.
    const kinds = async (as: string) =>
      (await h.request('GET', '/api/notifications?limit=100', { as })).body.items.map(
        (n: { kind: string; orgCode: string }) => `${n.orgCode} ${n.kind}`,
      );
    expect(await kinds('WBB')).toEqual(expect.arrayContaining(['WBB review.requested']));
    expect(await kinds('admin')).toEqual([]);
    expect((await workbench('WBB')).unread).toBeGreaterThan(0);
  });

  it('filters by title and matter, sorts by deadline, and pages each sort by its own keyset', async () => {
    const titles = async (query: string) =>
      (await h.request('GET', `/api/assignments?${query}`, { as: 'MZJ' })).body.items.map(
        (a: { taskTitle: string }) => a.taskTitle,
      );
    expect(await titles('q=高龄')).toEqual(['工作台测试:乙 高龄走访']);
    expect(await titles('q=100%25')).toEqual([]);
    expect((await titles('matterCode=MZ-01&streetCode=D1-S05')).length).toBe(3);
    expect((await titles('districtCode=D1')).length).toBe(5);
    expect((await titles('districtCode=D2')).length).toBe(0);

    const byDeadline = [
      '工作台测试:乙 高龄走访',
      '工作台测试:清洁日专项行动',
      '工作台测试:清洁日专项行动',
      '工作台测试:丙 低保核查',
      '工作台测试:甲 垃圾分类',
    ];
    expect(await titles('sort=dueAt')).toEqual(byDeadline);
    expect(await titles('sort=-dueAt')).toEqual([...byDeadline].reverse());
    for (const sort of ['dueAt', '-dueAt', 'createdAt', '-createdAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
          await h.request(
            'GET',
            `/api/assignments?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`,
            {
              as: 'MZJ',
            },
          );
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((a) => a.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const whole = (await h.request('GET', `/api/assignments?sort=${sort}`, { as: 'MZJ' })).body.items.map(
        (a: { id: string }) => a.id,
      );
      expect([sort, seen]).toEqual([sort, whole]);
      expect(new Set(seen).size).toBe(5);
    }
    // The open clock of each row: sign-for, with its window.
    const first = (await h.request('GET', '/api/assignments?sort=dueAt&streetCode=D1-S05', { as: 'MZJ' }))
      .body.items[0];
    expect(first.openDeadline).toMatchObject({ kind: 'signoff', ownerOrg: 'D1-S05' });
    expect(Date.parse(first.openDeadline.dueAt)).toBeGreaterThan(Date.parse(first.openDeadline.startsAt));
  });

  it('refuses bad filter and sort values with 400 naming each field', async () => {
    const r = await h.request(
      'GET',
      '/api/assignments?sort=title&dueSoon=maybe&dueFrom=2026-02-30&streetCode=%27%3B--&matterCode=mz1&q=%20',
      { as: 'MZJ' },
    );
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect([...new Set(r.body.details.map((d: { field: string }) => d.field))].sort()).toEqual([
      'dueFrom',
      'dueSoon',
      'matterCode',
      'q',
      'sort',
      'streetCode',
    ]);
  });

  it('signs several assignments at once, reporting each item; a repeat applies nothing twice', async () => {
    const mine = (await h.request('GET', '/api/assignments?streetCode=D1-S05&sort=dueAt', { as: 'D1-S05' }))
      .body.items as { id: string; version: number }[];
    const unknown = '00000000-0000-4000-8000-000000000000';
    const body = {
      items: [
        { id: mine[0].id, version: mine[0].version },
        { id: mine[1].id, version: mine[1].version + 7 },
        { id: unknown, version: 1 },
        { id: mine[2].id, version: mine[2].version },
      ],
    };
    const r = await h.request('POST', '/api/assignments/batch-sign', { as: 'D1-S05', body });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ succeeded: 2, failed: 2 });
    expect(
      r.body.results.map(
        (x: { ok: boolean; state?: string; error?: { code: string } }) => x.state ?? x.error!.code,
      ),
    ).toEqual(['in_progress', 'STALE_VERSION', 'NOT_FOUND', 'in_progress']);
    expect(r.body.results[1].error).toMatchObject({
      statusCode: 409,
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
    });
    expect(await workbench('D1-S05')).toMatchObject({ awaitingSignoff: 1, inProgress: 2 });

    const again = await h.request('POST', '/api/assignments/batch-sign', { as: 'D1-S05', body });
    expect(again.body).toMatchObject({ succeeded: 0, failed: 4 });
    const events = await h.db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE aggregate_id = $1 AND action = 'sign'`,
      [mine[0].id],
    );
    expect(events.rows[0].n).toBe(1);

    // Another street's assignment is not found for this one; duplicates and bad shapes are 400.
    const other = await h.request('POST', '/api/assignments/batch-sign', {
      as: 'D1-S06',
      body: { items: [{ id: mine[1].id, version: mine[1].version }] },
    });
    expect(other.body.results[0].error.code).toBe('NOT_FOUND');
    const dup = await h.request('POST', '/api/assignments/batch-sign', {
      as: 'D1-S05',
      body: {
        items: [
          { id: mine[1].id, version: 1 },
          { id: mine[1].id, version: 2 },
        ],
      },
    });
    expect(dup).toMatchObject({
      status: 400,
      body: { details: [expect.objectContaining({ field: 'items[1].id' })] },
    });
    for (const bad of [
      { items: [] },
      { items: [{ id: 'x', version: 1 }] },
      { items: Array(51).fill({ id: unknown, version: 1 }) },
    ])
      expect(
        (await h.request('POST', '/api/assignments/batch-sign', { as: 'D1-S05', body: bad })).status,
      ).toBe(400);
    expect((await h.request('POST', '/api/assignments/batch-sign', { as: 'MZJ', body })).status).toBe(403);
  });

  it('decides the same review for two streets of a task at once, item by item', async () => {
    const off = tasks[3];
    const ids = off.assignments.map((a) => a.id);
    const signed = (
      await h.request('GET', '/api/assignments?streetCode=D1-S05&state=in_progress', { as: 'WBB' })
    ).body.items[0].id;
    const r = await h.request('POST', '/api/reviews/batch-decide', {
      as: 'WBB',
      body: {
        assignmentIds: [...ids, signed],
        decision: 'admit',
        role: 'lead',
        note: '同意两个街道牵头办理',
      },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ succeeded: 2, failed: 1 });
    expect(
      r.body.results.map((x: { state?: string; error?: { code: string } }) => x.state ?? x.error!.code),
    ).toEqual(['awaiting_signoff', 'awaiting_signoff', 'STATE_CONFLICT']);
    expect((await workbench('MZJ')).inReview).toBe(0);
    expect(
      (
        await h.request('POST', '/api/reviews/batch-decide', {
          as: 'WBB',
          body: { assignmentIds: [ids[0], ids[0]], decision: 'refuse', note: '重复' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await h.request('POST', '/api/reviews/batch-decide', {
          as: 'ZFB',
          body: { assignmentIds: ids, decision: 'refuse', note: '督查室不能审查' },
        })
      ).status,
    ).toBe(403);
  });

  /** A downloaded file: status, headers and the bytes. */
  const fetchFile = async (path: string, as: string, lang = 'zh-CN') => {
    const res = await fetch(`${h.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${await h.login(as)}`, 'accept-language': lang },
    });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  const sheetRows = async (xlsx: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    return { name: wb.worksheets[0].name, rows };
  };

  it('exports the filtered assignments, the tasks and the overdue board to XLSX and CSV', async () => {
    const f = await fetchFile('/api/exports/assignments?streetCode=D1-S05&sort=dueAt', 'MZJ');
    expect(f.status).toBe(200);
    expect(f.headers.get('content-type')).toContain('spreadsheetml');
    expect(f.headers.get('content-disposition')).toMatch(
      /^attachment; .*filename\*=UTF-8''assignments-\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
    const sheet = await sheetRows(f.body);
    expect(sheet.name).toBe('派单');
    expect(sheet.rows[0]).toEqual([
      '任务',
      '事项编码',
      '交办部门',
      '街道',
      '状态',
      '角色',
      '判定结果',
      '签收期限',
      '办结期限',
      '是否超期',
      '创建时间',
    ]);
    expect(sheet.rows.slice(1).map((r) => [r[0], r[3], r[4], r[9]])).toEqual([
      ['工作台测试:乙 高龄走访', 'D1-S05', '办理中', '否'],
      ['工作台测试:丙 低保核查', 'D1-S05', '待签收', '否'],
      ['工作台测试:甲 垃圾分类', 'D1-S05', '办理中', '否'],
    ]);
    // A street exports only its own; English headers for an English client.
    const en = await sheetRows((await fetchFile('/api/exports/assignments', 'D1-S06', 'en')).body);
    expect(en.rows[0][0]).toBe('Task');
    expect(en.rows.slice(1).map((r) => r[3])).toEqual(['D1-S06']);

    const csv = await fetchFile('/api/exports/tasks?format=csv', 'MZJ');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.body
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('"任务","事项编码","交办部门","紧急","办结期限","清单版本","创建时间"');
    expect(lines).toHaveLength(5);

    const board = await fetchFile('/api/exports/overdue', 'ZFB');
    expect((await sheetRows(board.body)).rows[0]).toContain('超期天数');
    expect((await fetchFile('/api/exports/overdue', 'D1-S05')).status).toBe(403);
    expect((await fetchFile('/api/exports/assignments?format=pdf&sort=x', 'MZJ')).status).toBe(400);
  });

  it('serves a list template with Chinese headers that imports back as it is, and the list in force likewise', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const t = await fetchFile(`/api/exports/list-template?format=${format}`, 'WBB');
      expect(t.status).toBe(200);
      const header =
        format === 'xlsx'
          ? (await sheetRows(t.body)).rows[0]
          : t.body
              .toString('utf8')
              .replace(/^\ufeff/, '')
              .split('\r\n')[0]
              .replaceAll('"', '')
              .split(',');
      expect(header.slice(0, 3)).toEqual(['事项编码', '类别', '事项名称']);
      const f = new FormData();
      f.append('file', new Blob([t.body]), `template.${format}`);
      f.append('version', `2099.${format === 'xlsx' ? 1 : 2}`);
      f.append('effectiveFrom', '2099-01-01');
      const imported = await h.request('POST', '/api/lists', { as: 'WBB', rawBody: f });
      expect([format, imported.status, imported.body.matters]).toEqual([format, 201, 1]);
    }
    const whole = await fetchFile('/api/exports/lists/current', 'D1-S05');
    const f = new FormData();
    f.append('file', new Blob([whole.body]), 'list.xlsx');
    f.append('version', '2099.3');
    f.append('effectiveFrom', '2099-01-01');
    const imported = await h.request('POST', '/api/lists', { as: 'WBB', rawBody: f });
    expect(imported.status).toBe(201);
    const seeded = await h.db.query(
      `SELECT count(*)::int AS n FROM matter m JOIN list_version v ON v.id = m.list_version_id WHERE v.version = '2025.1'`,
    );
    expect(imported.body.matters).toBe(seeded.rows[0].n);
    // The same matters, field for field.
    const diff = await h.db.query(
      `SELECT count(*)::int AS n FROM (
         (SELECT code, category, name, mode, principal_dept_code, principal_duties, supporting_units, street_supporting_duties,
                 legal_basis, delegable_to_street, street_enforcement_power, street_power_subjects, note
            FROM matter m JOIN list_version v ON v.id = m.list_version_id WHERE v.version = '2025.1'
          EXCEPT
          SELECT code, category, name, mode, principal_dept_code, principal_duties, supporting_units, street_supporting_duties,
                 legal_basis, delegable_to_street, street_enforcement_power, street_power_subjects, note
            FROM matter m JOIN list_version v ON v.id = m.list_version_id WHERE v.version = '2099.3')) x`,
    );
    expect(diff.rows[0].n).toBe(0);
    expect((await fetchFile('/api/exports/lists/nope', 'WBB')).status).toBe(404);
  });

  it('edits, tests (through the delivery job) and deletes a webhook, never showing its secret again', async () => {
    const calls: { path: string; body: string; signature: string }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        calls.push({
          path: req.url ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['x-dutygate-signature'] ?? ''),
        });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const created = await h.request('POST', '/api/webhooks', {
        as: 'admin',
        body: { orgCode: 'ZFB', url: `${base}/first` },
      });
      expect(created.status).toBe(201);
      const id = created.body.id;

      const edited = await h.request('PUT', `/api/webhooks/${id}`, {
        as: 'admin',
        body: { url: `${base}/second` },
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toEqual({
        id,
        orgCode: 'ZFB',
        url: `${base}/second`,
        active: true,
        createdAt: expect.any(String),
      });
      const refused = await h.request('PUT', `/api/webhooks/${id}`, {
        as: 'admin',
        body: { url: 'http://169.254.169.254/latest' },
      });
      expect(refused).toMatchObject({
        status: 400,
        body: { details: [expect.objectContaining({ field: 'url' })] },
      });

      const test = await h.request('POST', `/api/webhooks/${id}/test`, { as: 'admin' });
      expect(test.status).toBe(202);
      await h.waitFor(async () => calls.length === 1, 30_000, 'the test delivery');
      expect(calls[0].path).toBe('/second');
      expect(JSON.parse(calls[0].body).notification).toMatchObject({ kind: 'webhook.test', orgCode: 'ZFB' });
      expect(calls[0].signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      await h.waitFor(
        async () =>
          (await h.request('GET', `/api/webhooks/${id}/deliveries`, { as: 'admin' })).body[0]?.state ===
          'delivered',
        10_000,
        'the delivery log',
      );
      // The test is no news for the 督查室's inbox.
      const inbox = await h.request('GET', '/api/notifications', { as: 'ZFB' });
      expect(inbox.body.items.map((n: { kind: string }) => n.kind)).not.toContain('webhook.test');
      const listed = await h.request('GET', '/api/webhooks', { as: 'admin' });
      expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

      expect((await h.request('POST', `/api/webhooks/${id}/test`, { as: 'ZFB' })).status).toBe(403);
      expect((await h.request('DELETE', `/api/webhooks/${id}`, { as: 'admin' })).status).toBe(204);
      expect((await h.request('GET', `/api/webhooks/${id}/deliveries`, { as: 'admin' })).status).toBe(404);
      expect((await h.request('POST', `/api/webhooks/${id}/test`, { as: 'admin' })).status).toBe(404);
      expect((await h.request('DELETE', `/api/webhooks/${id}`, { as: 'admin' })).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('pages an inbox newest first across the months, the recent ones first and the older ones when they run out', async () => {
    // D1-S03 has no other news in this file: six notifications from an hour to 400 days old (the
    // last before any month partition, in the default one), two of them read.
    const hours = [1, 2, 24 * 40, 24 * 100, 24 * 200, 24 * 400];
    const ids: string[] = [];
    for (const [i, h0] of hours.entries()) {
      const r = await h.db.query(
        `INSERT INTO notification (org_code, kind, payload, created_at, read_at)
         VALUES ('D1-S03', 'deadline.notice', '{}', now() - make_interval(hours => $1::int),
                 CASE WHEN $2::bool THEN now() END) RETURNING id`,
        [h0, i === 1 || i === 4],
      );
      ids.push(r.rows[0].id);
    }
    const all = await h.request('GET', '/api/notifications?limit=50', { as: 'D1-S03' });
    expect(all.status).toBe(200);
    expect(all.body.items.map((n: { id: string }) => n.id)).toEqual(ids);
    expect(all.body).toMatchObject({ unread: 4, nextCursor: null });
    // One, two and four at a time, following the cursors: every page in order, none twice, the count on each.
    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const q: string = cursor ? `&cursor=${cursor}` : '';
        const page = await h.request('GET', `/api/notifications?limit=${limit}${q}`, { as: 'D1-S03' });
        expect(page.status).toBe(200);
        expect(page.body.unread).toBe(4);
        expect(page.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.body.items.map((n: { id: string }) => n.id));
        cursor = page.body.nextCursor;
      }
      expect(seen).toEqual(ids);
    }
    const unread = await h.request('GET', '/api/notifications?limit=3&unread=true', { as: 'D1-S03' });
    expect(unread.body.items.map((n: { id: string }) => n.id)).toEqual([ids[0], ids[2], ids[3]]);
    const rest = await h.request(
      'GET',
      `/api/notifications?limit=3&unread=true&cursor=${unread.body.nextCursor}`,
      {
        as: 'D1-S03',
      },
    );
    expect(rest.body).toMatchObject({ items: [{ id: ids[5] }], nextCursor: null });
  });

  it('names the task and the other party in every notification, filtered by kind', async () => {
    const street = await h.request('GET', '/api/notifications?kind=assignment', { as: 'D1-S06' });
    expect(street.status).toBe(200);
    expect(street.body.items.length).toBeGreaterThan(0);
    for (const n of street.body.items) {
      expect(n.kind).toMatch(/^assignment\./);
      expect(n.task).toMatchObject({
        title: '工作台测试:清洁日专项行动',
        submitterCode: 'MZJ',
        streetCode: 'D1-S06',
      });
    }
    const reviews = await h.request('GET', '/api/notifications?kind=review.admitted', { as: 'MZJ' });
    expect(reviews.body.items.map((n: { task: { streetCode: string } }) => n.task.streetCode).sort()).toEqual(
      ['D1-S06', 'D1-S07'],
    );
    expect((await h.request('GET', '/api/notifications?kind=DROP%20TABLE', { as: 'MZJ' })).status).toBe(400);
  });
});
