import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { seedListCsv } from '../support/fixtures';
import { Harness } from '../support/harness';

/** The seed list as rows of cells, header first. */
const seedRows = (): string[][] => parse(seedListCsv(), { bom: true, skip_empty_lines: true });
const toCsv = (rows: string[][]) =>
  rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';

/** Edits one cell of the row whose code is `code`. */
function setCell(rows: string[][], code: string, column: string, value: string): void {
  const col = rows[0].indexOf(column);
  const row = rows.find((r) => r[0] === code);
  if (col < 0 || !row) throw new Error(`no cell ${code}/${column}`);
  row[col] = value;
}

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('责任清单');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function form(
  file: Buffer | string | null,
  filename: string,
  fields: Record<string, string>,
  type = 'text/csv',
) {
  const f = new FormData();
  if (file !== null) f.append('file', new Blob([file], { type }), filename);
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

/** Today in Asia/Shanghai, the calendar the list's effective dates are read in. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('responsibility list: import, rules, publish, search and version pinning', () => {
  // No worker at first: the pinning test routes a task submitted before the publish only after it.
  const h = new Harness();
  beforeAll(() => h.start({ worker: false }));
  afterAll(() => h.stop());

  const counts = async () =>
    (
      await h.db
        .query(`SELECT (SELECT count(*)::int FROM list_version) AS versions, (SELECT count(*)::int FROM matter) AS matters,
        (SELECT count(*)::int FROM routing_rule) AS rules,
        (SELECT count(*)::int FROM audit_event WHERE aggregate_type = 'list') AS events`)
    ).rows[0];
  const upload = (as: string, f: FormData, headers: Record<string, string> = {}) =>
    h.request('POST', '/api/lists', { as, rawBody: f, headers });
  const seededId = async () =>
    (await h.db.query(`SELECT id FROM list_version WHERE version = '2025.1'`)).rows[0].id as string;

  let draftId = '';

  it('refuses a CSV with bad rows with 422 naming each row and column, and stores nothing', async () => {
    const rows = seedRows();
    setCell(rows, 'CG-02', 'responsibility_mode', 'STREET_LEAD'); // row 3
    setCell(rows, 'CG-05', 'principal_dept_code', 'XYZ'); // row 6
    setCell(rows, 'SJ-01', 'code', 'CG-01'); // row 10, repeats row 2
    setCell(rows, 'AQ-01', 'street_enforcement_power', 'some'); // row 15
    setCell(rows, 'HB-01', 'matter_name', '  '); // row 22
    setCell(rows, 'ZJ-05', 'code', 'zj 5'); // row 31
    setCell(rows, 'ZR-02', 'street_power_subjects', 'individual;robot'); // row 34: partial power, unknown subject
    setCell(rows, 'MZ-01', 'street_power_subjects', 'individual'); // row 36: subjects without any power
    const before = await counts();
    const r = await upload(
      'WBB',
      form(toCsv(rows), 'list.csv', { version: '2026.9', effectiveFrom: '2027-01-01' }),
    );
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      statusCode: 422,
      code: 'INVALID_FILE_ROWS',
      message: '文件中有错误行,未保存任何内容',
    });
    expect(r.body.details.map((d: { row: number; column: string }) => [d.row, d.column])).toEqual([
      [3, 'responsibility_mode'],
      [3, 'principal_dept_code'],
      [6, 'principal_dept_code'],
      [10, 'code'],
      [15, 'street_enforcement_power'],
      [22, 'matter_name'],
      [31, 'code'],
      [34, 'street_power_subjects'],
      [36, 'street_power_subjects'],
    ]);
    const dup = r.body.details.find((d: { row: number }) => d.row === 10);
    expect(dup.message).toContain('2');
    for (const d of r.body.details) expect(d.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await counts()).toEqual(before);
    const en = await upload(
      'WBB',
      form(toCsv(rows), 'list.csv', { version: '2026.9', effectiveFrom: '2027-01-01' }),
      { 'accept-language': 'en' },
    );
    expect(en.body.message).toBe('The file has bad rows; nothing was stored');
    expect(en.body.details.find((d: { row: number }) => d.row === 10).message).toBe(
      'repeats the code of row 2',
    );
    expect(await counts()).toEqual(before);
  });

  it('names each missing column of a file on row 1', async () => {
    const rows = seedRows().map((r) => r.filter((_, i) => i !== 3 && i !== 11)); // responsibility_mode, street_enforcement_power
    const before = await counts();
    const r = await upload(
      'WBB',
      form(toCsv(rows), 'list.csv', { version: '2026.9', effectiveFrom: '2027-01-01' }),
    );
    expect(r.status).toBe(422);
    expect(r.body.details).toEqual([
      { row: 1, column: 'responsibility_mode', message: expect.any(String) },
      { row: 1, column: 'street_enforcement_power', message: expect.any(String) },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a missing file, a bad version and an impossible date with 400, naming each', async () => {
    const before = await counts();
    const r = await upload('WBB', form(null, '', { version: 'v 1', effectiveFrom: '2026-02-30' }));
    expect(r.status).toBe(400);
    expect(r.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'effectiveFrom',
      'file',
      'version',
    ]);
    expect(await counts()).toEqual(before);
    const month13 = await upload('WBB', form(null, '', { version: '2026.8', effectiveFrom: '2026-13-01' }));
    expect(month13.status).toBe(400);
    expect(month13.body.details.map((d: { field: string }) => d.field)).toContain('effectiveFrom');
  });

  it('refuses an existing version with 409, a broken XLSX with 400 and an oversize file with 413', async () => {
    const before = await counts();
    const again = await upload(
      'WBB',
      form(seedListCsv(), 'list.csv', { version: '2025.1', effectiveFrom: '2027-01-01' }),
    );
    expect({ status: again.status, code: again.body.code }).toEqual({
      status: 409,
      code: 'LIST_VERSION_EXISTS',
    });
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    const bad = await upload(
      'WBB',
      form(broken, 'list.xlsx', { version: '2026.9', effectiveFrom: '2027-01-01' }, XLSX_TYPE),
    );
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'UNSUPPORTED_FILE' });
    const huge = Buffer.alloc(6 * 1024 * 1024, 'a');
    const big = await upload(
      'WBB',
      form(huge, 'list.csv', { version: '2026.9', effectiveFrom: '2027-01-01' }),
    );
    expect({ status: big.status, code: big.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await counts()).toEqual(before);
  });

  it('lets only the reviewer import', async () => {
    for (const who of ['ZFB', 'ZJJ', 'D1-S01', 'admin']) {
      const r = await upload(
        who,
        form(seedListCsv(), 'list.csv', { version: '2026.9', effectiveFrom: '2027-01-01' }),
      );
      expect({ who, status: r.status }).toEqual({ who, status: 403 });
    }
  });

  it('imports a good XLSX as a draft of 61 matters that starts with the rules in force', async () => {
    const rows = seedRows();
    // In 2026.1, MZ-04 becomes street-principal: tasks on it are admitted instead of support-only.
    setCell(rows, 'MZ-04', 'responsibility_mode', 'STREET_PRINCIPAL');
    setCell(rows, 'MZ-04', 'principal_dept_code', 'STREET');
    const before = await counts();
    const r = await upload(
      'WBB',
      form(await xlsxOf(rows), 'list-2026.xlsx', { version: '2026.1', effectiveFrom: today() }, XLSX_TYPE),
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(String), version: '2026.1', status: 'draft', matters: 61 });
    draftId = r.body.id;
    const after = await counts();
    expect(after).toEqual({
      versions: before.versions + 1,
      matters: before.matters + 61,
      rules: before.rules + 8,
      events: before.events + 1,
    });
    const stored = await h.db.query(
      `SELECT mode, principal_dept_code, supporting_units FROM matter WHERE list_version_id = $1 AND code IN ('MZ-04', 'CG-01') ORDER BY code`,
      [draftId],
    );
    expect(stored.rows[0].supporting_units).toEqual(['街道办事处', '自然资源和规划分局', '住建局']);
    expect(stored.rows[1]).toMatchObject({ mode: 'STREET_PRINCIPAL', principal_dept_code: 'STREET' });
    const rules = await h.request('GET', `/api/lists/${draftId}/rules`, { as: 'WBB' });
    const seeded = await h.request('GET', `/api/lists/${await seededId()}/rules`, { as: 'WBB' });
    expect(rules.body.status).toBe('draft');
    expect(rules.body.rules).toEqual(seeded.body.rules);
    expect(rules.body.rules.map((x: { id: string }) => x.id)).toEqual([
      'R1',
      'R2',
      'R3',
      'R4',
      'R5',
      'R6',
      'R7',
      'R8',
    ]);
  });

  it('does not let a draft change what is in force', async () => {
    const r = await h.request('GET', '/api/lists/current/matters', { as: 'D1-S01' });
    expect(r.body.listVersion).toBe('2025.1');
    const mz04 = r.body.items.find((m: { code: string }) => m.code === 'MZ-04');
    expect(mz04.mode).toBe('DEPT_PRINCIPAL_STREET_SUPPORT');
  });

  it('replaces the rules of a draft, refuses a bad table, and refuses any change to a published list (409)', async () => {
    const current = (await h.request('GET', `/api/lists/${draftId}/rules`, { as: 'WBB' })).body.rules;
    const edited = current.map((rule: any) =>
      rule.id === 'R7'
        ? {
            ...rule,
            reason: {
              'zh-CN': '2026.1 版:事项「{matterName}」由街道牵头办理',
              en: '2026.1: the street leads on {matterName}',
            },
          }
        : rule,
    );
    const put = await h.request('PUT', `/api/lists/${draftId}/rules`, { as: 'WBB', body: { rules: edited } });
    expect(put.status).toBe(200);
    const reread = await h.request('GET', `/api/lists/${draftId}/rules`, { as: 'WBB' });
    expect(reread.body.rules).toEqual(edited);

    const noFallback = await h.request('PUT', `/api/lists/${draftId}/rules`, {
      as: 'WBB',
      body: { rules: edited.slice(0, -1) },
    });
    expect(noFallback.status).toBe(400);
    expect(noFallback.body.details[0].field).toBe('rules[6].when');
    expect((await h.request('GET', `/api/lists/${draftId}/rules`, { as: 'WBB' })).body.rules).toEqual(edited);

    const notReviewer = await h.request('PUT', `/api/lists/${draftId}/rules`, {
      as: 'ZFB',
      body: { rules: edited },
    });
    expect(notReviewer.status).toBe(403);

    const seeded = await seededId();
    const before = (await h.request('GET', `/api/lists/${seeded}/rules`, { as: 'WBB' })).body.rules;
    const published = await h.request('PUT', `/api/lists/${seeded}/rules`, {
      as: 'WBB',
      body: { rules: edited },
    });
    expect(published.status).toBe(409);
    expect(published.body).toMatchObject({ statusCode: 409, code: 'LIST_NOT_DRAFT' });
    expect((await h.request('GET', `/api/lists/${seeded}/rules`, { as: 'WBB' })).body.rules).toEqual(before);
  });

  describe('GET /api/lists/current/matters', () => {
    const codes = (r: { body: { items: { code: string }[] } }) => r.body.items.map((m) => m.code);
    const get = (qs: string) => h.request('GET', `/api/lists/current/matters${qs}`, { as: 'ZJJ' });

    it('lists all 61 matters of the version in force without filters', async () => {
      const r = await get('');
      expect(r.status).toBe(200);
      expect(r.body.listVersion).toBe('2025.1');
      expect(r.body.items).toHaveLength(61);
      expect(r.body.items[0]).toMatchObject({
        code: 'AQ-01',
        category: '安全生产',
        name: expect.any(String),
        mode: 'STREET_PRINCIPAL',
        streetSupportingDuties: expect.any(Array),
      });
      expect((await get('?q=&category=')).body.items).toHaveLength(61);
    });

    it('filters by category', async () => {
      expect(codes(await get(`?category=${encodeURIComponent('民政')}`))).toEqual([
        'MZ-01',
        'MZ-02',
        'MZ-03',
        'MZ-04',
        'MZ-05',
        'MZ-06',
      ]);
      expect(codes(await get(`?category=${encodeURIComponent('应急管理/防汛')}`))).toEqual([
        'YJ-01',
        'YJ-02',
        'YJ-03',
        'YJ-04',
        'YJ-05',
      ]);
      expect(codes(await get(`?category=${encodeURIComponent('不存在的类别')}`))).toEqual([]);
    });

    it('searches code, name and duties with q, alone and with a category', async () => {
      expect(codes(await get(`?q=${encodeURIComponent('违法建设')}`))).toContain('CG-01');
      expect(codes(await get('?q=zj-0'))).toEqual(['ZJ-01', 'ZJ-02', 'ZJ-03', 'ZJ-04', 'ZJ-05', 'ZJ-06']);
      const both = await get(`?q=${encodeURIComponent('执法')}&category=${encodeURIComponent('城市管理')}`);
      expect(codes(both).length).toBeGreaterThan(0);
      for (const m of both.body.items) expect(m.category).toBe('城市管理');
      const onlyQ = codes(await get(`?q=${encodeURIComponent('执法')}`));
      expect(onlyQ.length).toBeGreaterThan(codes(both).length);
      expect(
        codes(await get(`?q=${encodeURIComponent('违法建设')}&category=${encodeURIComponent('民政')}`)),
      ).toEqual([]);
    });

    it('takes q literally: % and _ are not wildcards', async () => {
      expect(codes(await get('?q=%25'))).toEqual([]);
      expect(codes(await get('?q=_'))).toEqual([]);
    });
  });

  it('pins each task to the list version in force when it was submitted, even if routed after a newer one is published', async () => {
    const body = {
      title: '困难群众临时救助对象核查',
      streetCodes: ['D5-S01'],
      matterCode: 'MZ-04',
      actionType: 'service_delivery',
      deadlineWorkingDays: 5,
    };
    const first = await h.request('POST', '/api/tasks', { as: 'MZJ', body });
    expect(first.status).toBe(201);

    const pub = await h.request('POST', `/api/lists/${draftId}/publish`, { as: 'WBB' });
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ status: 'published', effectiveFrom: today() });
    const again = await h.request('POST', `/api/lists/${draftId}/publish`, { as: 'WBB' });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'LIST_NOT_DRAFT' });
    const rules = (await h.request('GET', `/api/lists/${draftId}/rules`, { as: 'WBB' })).body.rules;
    const frozen = await h.request('PUT', `/api/lists/${draftId}/rules`, { as: 'WBB', body: { rules } });
    expect(frozen.status).toBe(409);
    const inForce = await h.request('GET', '/api/lists/current/matters?q=MZ-04', { as: 'MZJ' });
    expect(inForce.body.listVersion).toBe('2026.1');
    expect(inForce.body.items[0].mode).toBe('STREET_PRINCIPAL');

    const second = await h.request('POST', '/api/tasks', { as: 'MZJ', body });
    expect(second.status).toBe(201);

    // Only now does routing run: the first task must still be decided under 2025.1.
    h.startWorker();
    await h.waitRouted([first.body.id, second.body.id], 60_000);
    const t1 = (await h.request('GET', `/api/tasks/${first.body.id}`, { as: 'MZJ' })).body;
    const t2 = (await h.request('GET', `/api/tasks/${second.body.id}`, { as: 'MZJ' })).body;
    expect(t1.listVersion).toBe('2025.1');
    expect(t1.assignments[0]).toMatchObject({
      role: 'support',
      decision: { listVersion: '2025.1', outcome: 'support_only', ruleId: 'R8' },
    });
    expect(t2.listVersion).toBe('2026.1');
    expect(t2.assignments[0]).toMatchObject({
      role: 'lead',
      decision: { listVersion: '2026.1', outcome: 'admit', ruleId: 'R7' },
    });
    expect(t2.assignments[0].decision.reason).toMatch(/^2026\.1 版:事项「.+」由街道牵头办理$/);
    expect(t1.assignments[0].decision.reason).not.toContain('2026.1');
    const stored = await h.db.query(
      `SELECT t.id, lv.version FROM task t JOIN list_version lv ON lv.id = t.list_version_id WHERE t.id = ANY($1)`,
      [[first.body.id, second.body.id]],
    );
    expect(Object.fromEntries(stored.rows.map((r) => [r.id, r.version]))).toEqual({
      [first.body.id]: '2025.1',
      [second.body.id]: '2026.1',
    });
  });

  it('does not put a published version in force before its effective date', async () => {
    const r = await upload(
      'WBB',
      form(seedListCsv(), 'list.csv', { version: '2099.1', effectiveFrom: '2099-01-01' }),
    );
    expect(r.status).toBe(201);
    const pub = await h.request('POST', `/api/lists/${r.body.id}/publish`, { as: 'WBB' });
    expect(pub.body).toMatchObject({ status: 'published', effectiveFrom: '2099-01-01' });
    const current = await h.request('GET', '/api/lists/current/matters?q=MZ-04', { as: 'MZJ' });
    expect(current.body.listVersion).toBe('2026.1');
    const t = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: {
        title: '未来版本不生效',
        streetCodes: ['D5-S02'],
        matterCode: 'MZ-04',
        actionType: 'service_delivery',
        deadlineWorkingDays: 3,
      },
    });
    expect(t.status).toBe(201);
    expect((await h.request('GET', `/api/tasks/${t.body.id}`, { as: 'MZJ' })).body.listVersion).toBe(
      '2026.1',
    );
  });

  it('lists every version for the reviewer, and keeps every audit chain intact', async () => {
    const versions = await h.request('GET', '/api/lists', { as: 'WBB' });
    expect(
      versions.body.map((v: { version: string; status: string; matters: number }) => [
        v.version,
        v.status,
        v.matters,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['2025.1', 'published', 61],
        ['2026.1', 'published', 61],
        ['2099.1', 'published', 61],
      ]),
    );
    const audit = await h.request('GET', `/api/audit/list/${draftId}`, { as: 'WBB' });
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual([
      'imported',
      'rules_replaced',
      'published',
    ]);
    const verify = await h.request('GET', '/api/audit/verify', { as: 'WBB' });
    expect(verify.body.ok).toBe(true);
  });
});
