import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { writeNovemberFacts } from '../support/assessment-facts';
import { Harness } from '../support/harness';

/**
 * Assessment (考核) end to end: the built API and worker, a generated November 2026 written by SQL
 * (test/support/assessment-facts.ts) plus ratings through the API, and scorecards checked against
 * numbers computed by hand below. The month lies in the past of any clock this runs on, so the
 * wall clock only decides that 2099-01 has not begun.
 *
 * Default weights (config/assessment.json): street signOnTime 25, completionOnTime 30,
 * overdue 15 (cap 10), supervised 10 (cap 5), satisfaction 20, workload 0;
 * department pushedDown 10 (cap 100), violationRate 35, summonsOnTime 20, streetRating 20,
 * disputesLost 15 (cap 5).
 */
const INJECTION = '=HYPERLINK("http://evil.example/","点我")';

describe('assessment', () => {
  const h = new Harness();

  beforeAll(async () => {
    await h.start({ worker: 'in-api' });
    await writeNovemberFacts(h.db);
    // The name of a street is text an export carries: a formula there must stay inert.
    await h.db.query(`UPDATE organisation SET name = $1 WHERE code = 'D1-S05'`, [INJECTION]);
  });
  afterAll(() => h.stop());

  const rate = (as: string, body: Record<string, unknown>) =>
    h.request('POST', '/api/ratings/dispatched-units', { as, body });
  const counts = async () =>
    (
      await h.db.query(
        `SELECT (SELECT count(*) FROM assessment)::int AS assessments, (SELECT count(*) FROM dispatched_unit_rating)::int AS ratings,
                (SELECT count(*) FROM outbox WHERE job_name = 'compute-assessment')::int AS jobs`,
      )
    ).rows[0];

  async function computed(period: string) {
    const r = await h.request('POST', '/api/assessments', { as: 'ZFB', body: { period } });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ period, state: 'computing' });
    await h.waitFor(
      async () =>
        (await h.request('GET', `/api/assessments/${period}`, { as: 'ZFB' })).body.state === 'ready',
      30_000,
      `assessment ${period}`,
      200,
    );
  }
  const cards = async (period: string, kind: string, as = 'ZFB') => {
    const r = await h.request('GET', `/api/assessments/${period}/scorecards?kind=${kind}`, { as });
    expect(r.status).toBe(200);
    return r.body as any[];
  };
  const byOrg = (list: any[]) => Object.fromEntries(list.map((c) => [c.orgCode, c]));

  it('takes the streets’ periodic ratings, one per street, department and period, changeable', async () => {
    expect((await rate('D1-S01', { period: '2026-11', departmentCode: 'ZJJ', score: 5 })).status).toBe(200);
    const first = await rate('D1-S02', {
      period: '2026-11',
      departmentCode: 'ZJJ',
      score: 1,
      comment: '响应慢',
    });
    expect(first.status).toBe(200);
    const changed = await rate('D1-S02', { period: '2026-11', departmentCode: 'ZJJ', score: 3 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      streetCode: 'D1-S02',
      departmentCode: 'ZJJ',
      period: '2026-11',
      score: 3,
      comment: null,
    });
    expect(changed.body.createdAt).toBe(first.body.createdAt);
    expect((await rate('D1-S03', { period: '2026-11', departmentCode: 'SCJG', score: 2 })).status).toBe(200);
    // October's rating counts for October and for the fourth quarter, not for November
    expect((await rate('D1-S03', { period: '2026-10', departmentCode: 'SCJG', score: 5 })).status).toBe(200);

    const mine = await h.request('GET', '/api/ratings/dispatched-units', { as: 'D1-S03' });
    expect(mine.status).toBe(200);
    expect(mine.body.map((r: any) => [r.period, r.departmentCode, r.score])).toEqual([
      ['2026-11', 'SCJG', 2],
      ['2026-10', 'SCJG', 5],
    ]);
    expect((await h.db.query(`SELECT count(*)::int AS n FROM dispatched_unit_rating`)).rows[0].n).toBe(4);
  });

  it('refuses bad ratings and bad periods with the documented 4xx, writing nothing', async () => {
    const before = await counts();
    for (const [body, field] of [
      [{ period: '2026-11', departmentCode: 'ZJJ', score: 0 }, 'score'],
      [{ period: '2026-11', departmentCode: 'ZJJ', score: 6 }, 'score'],
      [{ period: '2026-11', departmentCode: 'ZJJ', score: 2.5 }, 'score'],
      [{ period: '2026-13', departmentCode: 'ZJJ', score: 3 }, 'period'],
      [{ period: '2026-Q5', departmentCode: 'ZJJ', score: 3 }, 'period'],
      [{ period: '2026-11', departmentCode: 'D1-S02', score: 3 }, 'departmentCode'],
      [{ period: '2026-11', departmentCode: 'NOPE', score: 3 }, 'departmentCode'],
    ] as const) {
      const r = await rate('D1-S01', body);
      expect([r.status, r.body.code, r.body.details.map((d: any) => d.field)]).toEqual([
        400,
        'VALIDATION_FAILED',
        [field],
      ]);
    }
    const future = await rate('D1-S01', { period: '2099-01', departmentCode: 'ZJJ', score: 3 });
    expect([future.status, future.body.code]).toEqual([422, 'PERIOD_NOT_BEGUN']);
    expect((await rate('ZJJ', { period: '2026-11', departmentCode: 'ZJJ', score: 3 })).status).toBe(403);

    for (const period of ['2026-13', '2026-Q5', '2026-1', '26-11', 'x']) {
      const r = await h.request('POST', '/api/assessments', { as: 'ZFB', body: { period } });
      expect([r.status, r.body.code, r.body.details.map((d: any) => d.field)]).toEqual([
        400,
        'VALIDATION_FAILED',
        ['period'],
      ]);
    }
    const notBegun = await h.request('POST', '/api/assessments', { as: 'ZFB', body: { period: '2099-Q1' } });
    expect([notBegun.status, notBegun.body.code]).toEqual([422, 'PERIOD_NOT_BEGUN']);
    expect(
      (await h.request('POST', '/api/assessments', { as: 'ZJJ', body: { period: '2026-11' } })).status,
    ).toBe(403);
    expect((await h.request('GET', '/api/assessments/2026-13', { as: 'ZFB' })).status).toBe(400);
    expect((await h.request('GET', '/api/assessments/2026-09', { as: 'ZFB' })).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('computes November as hand-computed, tolerated items left out and empty metrics spreading their weight', async () => {
    await computed('2026-11');
    const a = (await h.request('GET', '/api/assessments/2026-11', { as: 'ZFB' })).body;
    expect(a).toMatchObject({
      period: '2026-11',
      periodKind: 'month',
      start: '2026-10-31T16:00:00.000Z',
      end: '2026-11-30T16:00:00.000Z',
      state: 'ready',
      publishedAt: null,
    });
    expect(a.weights.street.completionOnTimeRate).toBe(30);
    expect(a.caps.department.disputesLost).toBe(5);

    const streets = await cards('2026-11', 'street');
    expect(streets).toHaveLength(35);
    const s = byOrg(streets);
    const m = (org: string) => s[org].metrics;
    const v = (value: number | null, numerator: number | null, denominator: number | null) =>
      expect.objectContaining({ value, numerator, denominator });

    // D1-S01: sign-for 2 of 3 on time (the cancelled one left out); completion 1 of 2 (the
    // tolerated overdue one left out); overdue 2 (not the tolerated one); supervised 1 (the
    // tolerated deadline's item cleared); satisfaction (5 + 3) / 2; workload 1 + 1 + 0.3 + 0.6 over 65 posts.
    expect(m('D1-S01')).toEqual({
      signOnTimeRate: v(2 / 3, 2, 3),
      completionOnTimeRate: v(0.5, 1, 2),
      overdueCount: v(2, 2, null),
      supervisedCount: v(1, 1, null),
      satisfaction: v(4, 8, 2),
      workloadPerPost: expect.objectContaining({ numerator: 2.9, denominator: 65 }),
    });
    expect(m('D1-S01').workloadPerPost.value).toBeCloseTo(2.9 / 65, 12);
    // 100 × (25·2/3 + 30·0.5 + 15·(1 − 2/10) + 10·(1 − 1/5) + 20·(4 − 1)/4) / 100
    expect(s['D1-S01'].score).toBeCloseTo(200 / 3, 9);

    // D1-S02: no confirmation rated in November: satisfaction null, its 20 spread over the other 80.
    expect(m('D1-S02')).toEqual({
      signOnTimeRate: v(1, 1, 1),
      completionOnTimeRate: v(0, 0, 1),
      overdueCount: v(1, 1, null),
      supervisedCount: v(0, 0, null),
      satisfaction: { value: null, numerator: 0, denominator: 0, normalised: null },
      workloadPerPost: v(1 / 70, 1, 70),
    });
    expect(s['D1-S02'].score).toBeCloseTo((100 * (25 + 0 + 15 * 0.9 + 10)) / 80, 9); // 60.625

    // D1-S03: the paused sign-for is not due; workload 1 + 0.6 + 1.
    expect(m('D1-S03')).toEqual({
      signOnTimeRate: v(0.5, 1, 2),
      completionOnTimeRate: v(1, 1, 1),
      overdueCount: v(1, 1, null),
      supervisedCount: v(1, 1, null),
      satisfaction: v(2, 2, 1),
      workloadPerPost: expect.objectContaining({ numerator: 2.6, denominator: 63 }),
    });
    expect(s['D1-S03'].score).toBeCloseTo(12.5 + 30 + 13.5 + 8 + 5, 9); // 69

    // The 32 streets without facts: no overdue, no supervision (counts 0 → full marks), rates null → 100, tied first.
    expect(s['D1-S04'].score).toBe(100);
    expect(streets.filter((c) => c.rank === 1)).toHaveLength(32);
    expect([s['D1-S03'].rank, s['D1-S01'].rank, s['D1-S02'].rank]).toEqual([33, 34, 35]);
    expect(streets.map((c) => c.rank)).toEqual([...streets.map((c) => c.rank)].sort((x, y) => x - y));

    const depts = await cards('2026-11', 'department');
    expect(depts).toHaveLength(22);
    const d = byOrg(depts);
    // ZJJ: 5 assignments pushed down in November; the one rejected after a dispute it lost, which
    // was tolerated, is left out of the violation index (1 violation of 4) and of disputes lost;
    // summons: one reported on time, one declined; ratings: a summons rating 4 and the periodic 5 and 3.
    expect(d.ZJJ.metrics).toEqual({
      pushedDown: v(5, 5, null),
      violationRate: v(0.25, 1, 4),
      summonsOnTimeRate: v(0.5, 1, 2),
      streetRating: v(4, 12, 3),
      disputesLost: v(0, 0, null),
    });
    expect(d.ZJJ.score).toBeCloseTo(10 * 0.95 + 35 * 0.75 + 20 * 0.5 + 20 * 0.75 + 15, 9); // 75.75
    // MZJ: the street won one dispute (a violation and a lost dispute); a summons response never
    // reported, the other excused by a granted claim on its deadline; no rating at all: null.
    expect(d.MZJ.metrics).toEqual({
      pushedDown: v(3, 3, null),
      violationRate: v(1 / 3, 1, 3),
      summonsOnTimeRate: v(0, 0, 1),
      streetRating: { value: null, numerator: 0, denominator: 0, normalised: null },
      disputesLost: v(1, 1, null),
    });
    expect(d.MZJ.score).toBeCloseTo((100 * (10 * 0.97 + (35 * 2) / 3 + 0 + 15 * 0.8)) / 80, 9);
    // SCJG: no summons (null); November's periodic rating 2, October's not counted.
    expect(d.SCJG.metrics).toEqual({
      pushedDown: v(3, 3, null),
      violationRate: v(0, 0, 3),
      summonsOnTimeRate: { value: null, numerator: 0, denominator: 0, normalised: null },
      streetRating: v(2, 2, 1),
      disputesLost: v(0, 0, null),
    });
    expect(d.SCJG.score).toBeCloseTo((100 * (10 * 0.97 + 35 + 20 * 0.25 + 15)) / 80, 9); // 80.875
    expect([d.SCJG.rank, d.ZJJ.rank, d.MZJ.rank]).toEqual([20, 21, 22]);
    expect(depts.filter((c) => c.rank === 1)).toHaveLength(19);

    // every scorecard shows the weights and caps it was computed with
    for (const c of [...streets, ...depts]) {
      expect(c.weights).toEqual(a.weights);
      expect(c.caps).toEqual(a.caps);
    }
  });

  it('counts a quarter over its months, its monthly ratings included', async () => {
    await computed('2026-Q4');
    const d = byOrg(await cards('2026-Q4', 'department'));
    expect(d.SCJG.metrics.streetRating).toMatchObject({ value: 3.5, numerator: 7, denominator: 2 });
    // October adds the support assignment created on 5 October
    expect(d.ZJJ.metrics.pushedDown.value).toBe(6);
    expect(d.ZJJ.metrics.violationRate).toMatchObject({ value: 0.2, numerator: 1, denominator: 5 });
  });

  it('shows a street or department nothing before publication', async () => {
    expect((await h.request('GET', '/api/assessments/2026-11', { as: 'D1-S01' })).status).toBe(404);
    expect((await h.request('GET', '/api/assessments/2026-11/scorecards', { as: 'ZJJ' })).status).toBe(404);
    expect((await h.request('GET', '/api/assessments', { as: 'D1-S01' })).body).toEqual([]);
  });

  it('exports the same numbers as XLSX and CSV, with a formula in a name left inert', async () => {
    const json = [...(await cards('2026-11', 'department')), ...(await cards('2026-11', 'street'))];
    const download = async (format: string) => {
      const res = await fetch(`${h.baseUrl}/api/assessments/2026-11/export?format=${format}`, {
        headers: { authorization: `Bearer ${await h.login('ZFB')}` },
      });
      expect(res.status).toBe(200);
      return { type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
    };

    const xlsx = await download('xlsx');
    expect(xlsx.type).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as any);
    const sheet = wb.worksheets[0];
    const header = (sheet.getRow(1).values as any[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(sheet.rowCount).toBe(1 + 35 + 22);
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => n > 1 && rows.set(String(row.getCell(col('单位代码 orgCode')).value), row));
    for (const c of json) {
      const row = rows.get(c.orgCode)!;
      expect(row.getCell(col('得分 score')).value).toBe(c.score);
      expect(row.getCell(col('排名 rank')).value).toBe(c.rank);
      for (const [metric, mv] of Object.entries<any>(c.metrics)) {
        const name = header.find((h: string) => h.endsWith(` ${metric}`));
        const cell = row.getCell(header.indexOf(name) + 1).value;
        expect(cell === null || cell === '' ? null : cell).toBe(mv.value);
      }
    }
    const evil = rows.get('D1-S05')!.getCell(col('单位名称 orgName'));
    expect(evil.value).toBe(`'${INJECTION}`);
    expect(evil.formula).toBeUndefined();
    expect(evil.type).toBe(ExcelJS.ValueType.String);

    const csv = await download('csv');
    expect(csv.type).toMatch(/^text\/csv/);
    const table: string[][] = parse(csv.body, { bom: true });
    const csvHeader = table[0];
    const csvRow = (org: string) => table.find((r) => r[csvHeader.indexOf('单位代码 orgCode')] === org)!;
    expect(csvRow('D1-S05')[csvHeader.indexOf('单位名称 orgName')]).toBe(`'${INJECTION}`);
    expect(Number(csvRow('ZJJ')[csvHeader.indexOf('得分 score')])).toBe(byOrg(json).ZJJ.score);
    expect(csvRow('MZJ')[csvHeader.indexOf('属地泛化指数 violationRate')]).toBe(String(1 / 3));
  });

  it('publishes once; then the period is frozen: recompute, republish and rating changes are refused', async () => {
    const before = await cards('2026-11', 'street');
    const p = await h.request('POST', '/api/assessments/2026-11/publish', { as: 'ZFB' });
    expect(p.status).toBe(200);
    expect(p.body.state).toBe('published');
    expect(p.body.publishedAt).toEqual(expect.any(String));

    const again = await h.request('POST', '/api/assessments/2026-11/publish', { as: 'ZFB' });
    expect([again.status, again.body.code]).toEqual([409, 'ASSESSMENT_PUBLISHED']);
    const ratingsBefore = (await h.db.query(`SELECT * FROM dispatched_unit_rating ORDER BY 1, 2, 3`)).rows;
    const jobsBefore = await counts();
    const recompute = await h.request('POST', '/api/assessments', { as: 'ZFB', body: { period: '2026-11' } });
    expect([recompute.status, recompute.body.code]).toEqual([409, 'ASSESSMENT_PUBLISHED']);
    const late = await rate('D1-S01', { period: '2026-11', departmentCode: 'ZJJ', score: 1 });
    expect([late.status, late.body.code]).toEqual([409, 'ASSESSMENT_PUBLISHED']);
    expect((await rate('D1-S01', { period: '2026-11', departmentCode: 'MZJ', score: 1 })).status).toBe(409);
    expect((await h.db.query(`SELECT * FROM dispatched_unit_rating ORDER BY 1, 2, 3`)).rows).toEqual(
      ratingsBefore,
    );
    expect(await counts()).toEqual(jobsBefore);
    expect(await cards('2026-11', 'street')).toEqual(before);
    // another period is still open for ratings
    expect((await rate('D1-S01', { period: '2026-10', departmentCode: 'ZJJ', score: 4 })).status).toBe(200);
  });

  it('shows a street and a department their own published scorecard, with how each metric was computed', async () => {
    const own = await cards('2026-11', 'street', 'D1-S01');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({
      orgCode: 'D1-S01',
      rank: 34,
      metrics: { signOnTimeRate: { numerator: 2, denominator: 3 } },
    });
    expect(own[0].weights.street.signOnTimeRate).toBe(25);
    expect(await cards('2026-11', 'department', 'D1-S01')).toEqual([]);
    const dept = await cards('2026-11', 'department', 'MZJ');
    expect(dept.map((c) => c.orgCode)).toEqual(['MZJ']);
    expect(
      (await h.request('GET', '/api/assessments', { as: 'MZJ' })).body.map((x: any) => x.period),
    ).toEqual(['2026-11']);
    // unpublished periods stay hidden
    expect((await h.request('GET', '/api/assessments/2026-Q4/scorecards', { as: 'MZJ' })).status).toBe(404);
  });

  it('traces the violation index across computed periods', async () => {
    await computed('2026-10');
    const r = await h.request(
      'GET',
      '/api/assessments/trend?metric=violationRate&orgCode=ZJJ&periodKind=month',
      {
        as: 'ZFB',
      },
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      metric: 'violationRate',
      kind: 'department',
      series: [
        {
          orgCode: 'ZJJ',
          points: [
            { period: '2026-10', state: 'ready', value: 0 },
            { period: '2026-11', state: 'published', value: 0.25 },
          ],
        },
      ],
    });
    const all = await h.request('GET', '/api/assessments/trend?metric=violationRate', { as: 'ZFB' });
    expect(all.body.series).toHaveLength(22);
    // a department sees its own line, published periods only
    const own = await h.request('GET', '/api/assessments/trend?metric=score', { as: 'ZJJ' });
    expect(own.body.series).toEqual([
      {
        orgCode: 'ZJJ',
        points: [
          {
            period: '2026-11',
            state: 'published',
            value: byOrg(await cards('2026-11', 'department')).ZJJ.score,
          },
        ],
      },
    ]);
    expect((await h.request('GET', '/api/assessments/trend?metric=bogus', { as: 'ZFB' })).status).toBe(400);
  });

  it('computes a quarter over a few thousand generated facts with set-based SQL in seconds', async () => {
    // 2025: 6,000 assignments over the year across every street and department, each with a
    // sign-for and a completion deadline, some late, some supervised, some disputed.
    await h.db.query(`
      WITH u AS (SELECT id FROM app_user WHERE username = 'ZJJ'), lv AS (SELECT id FROM list_version LIMIT 1),
      s AS (SELECT array_agg(code ORDER BY code) AS c FROM organisation WHERE kind = 'street'),
      d AS (SELECT array_agg(code ORDER BY code) AS c FROM organisation WHERE kind = 'department'),
      g AS (SELECT i, gen_random_uuid() AS task_id, gen_random_uuid() AS a_id,
                   timestamptz '2025-01-01 00:00+08' + (i * interval '87 minutes') AS at FROM generate_series(1, 6000) i),
      t AS (INSERT INTO task (id, submitter_code, created_by, title, description, action_type, temporary, due_at, urgent, demands, list_version_id, created_at)
            SELECT g.task_id, d.c[1 + i % array_length(d.c, 1)], u.id, 'bench', '', 'service_delivery', false, g.at, false, '{}', lv.id, g.at
              FROM g, u, lv, d RETURNING id)
      INSERT INTO assignment (id, task_id, street_code, state, role, due_at, created_at, updated_at, rating)
      SELECT g.a_id, g.task_id, s.c[1 + i % array_length(s.c, 1)],
             (ARRAY['in_progress', 'closed', 'rejected', 'completed'])[1 + i % 4],
             (ARRAY['lead', 'lead', NULL, 'support'])[1 + i % 4], g.at, g.at, g.at + interval '9 days',
             CASE WHEN i % 4 = 1 THEN 1 + i % 5 END
        FROM g, s WHERE EXISTS (SELECT 1 FROM t WHERE t.id = g.task_id)`);
    await h.db.query(`
      INSERT INTO deadline (assignment_id, kind, owner_org, state, starts_at, due_at, met_at, overdue_at)
      SELECT a.id, k.kind, a.street_code, CASE WHEN n % 3 = 0 THEN 'open' ELSE 'met' END, a.created_at,
             a.created_at + k.len, CASE WHEN n % 3 <> 0 THEN a.created_at + k.len * (n % 3) * 0.7 END,
             CASE WHEN n % 3 <> 1 THEN a.created_at + k.len END
        FROM (SELECT a.*, row_number() OVER (ORDER BY a.created_at) AS n FROM assignment a
               WHERE a.created_at < '2026-01-01') a
        CROSS JOIN (VALUES ('signoff', interval '1 day'), ('completion', interval '8 days')) k(kind, len)`);
    await h.db.query(`
      INSERT INTO supervision_item (deadline_id, assignment_id, kind, org_code, created_at)
      SELECT id, assignment_id, kind, owner_org, overdue_at + interval '1 day' FROM deadline
       WHERE overdue_at IS NOT NULL AND overdue_at < '2026-01-01' AND state = 'open'`);
    const facts = (
      await h.db.query(
        `SELECT (SELECT count(*) FROM assignment WHERE created_at < '2026-01-01')::int AS a,
                (SELECT count(*) FROM deadline d JOIN assignment a ON a.id = d.assignment_id
                  WHERE a.created_at < '2026-01-01')::int AS d`,
      )
    ).rows[0];
    expect(facts).toEqual({ a: 6000, d: 12000 });

    const started = Date.now();
    await computed('2025-Q4');
    const ms = Date.now() - started;
    const streets = await cards('2025-Q4', 'street');
    expect(streets.every((c) => c.metrics.signOnTimeRate.denominator > 0)).toBe(true);
    const total = streets.reduce((n, c) => n + c.metrics.signOnTimeRate.denominator, 0);
    const expected = (
      await h.db.query(
        `SELECT count(*)::int AS n FROM deadline WHERE kind = 'signoff' AND state <> 'cancelled'
            AND due_at >= '2025-10-01T00:00+08' AND due_at < '2026-01-01T00:00+08'`,
      )
    ).rows[0].n;
    expect(total).toBe(expected);
    // Request, outbox relay, job and polling included; the two statements themselves take far less.
    expect(ms).toBeLessThan(15_000);
    console.log(`2025-Q4 over ${facts.a} assignments / ${facts.d} deadlines: ready after ${ms} ms`);
  });
});
