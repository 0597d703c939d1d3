import ExcelJS from 'exceljs';
import { Harness } from '../support/harness';

/**
 * The staffing report (编制动态调整) over HTTP on the seed's 35 streets: the proposal keeps the
 * 2,275 authorised posts exactly, every street keeps the floor, the flags follow DESIGN.md, the
 * workload counts the streets' active assignments, and both exports open (XLSX with exceljs) with
 * the same numbers and a formula-like street name left inert.
 */
describe('staffing report', () => {
  const h = new Harness();
  beforeAll(async () => {
    await h.start({ worker: 'in-api' });
  }, 90_000);
  afterAll(() => h.stop());

  const report = async (query = '', as = 'WBB') => {
    const r = await h.request('GET', `/api/reports/staffing${query}`, { as });
    return r;
  };

  const download = async (query: string, lang = 'zh-CN') => {
    const res = await fetch(`${h.baseUrl}/api/reports/staffing${query}`, {
      headers: { authorization: `Bearer ${await h.login('WBB')}`, 'accept-language': lang },
    });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };

  /** DESIGN.md's flags, recomputed from the report's own numbers. */
  function expectedFlags(streets: any[]): Record<string, string[]> {
    const density = streets.map((s) => s.authorisedPosts / s.populationWan).sort((a, b) => a - b);
    const mid = density.length >> 1;
    const median = density.length % 2 ? density[mid] : (density[mid - 1] + density[mid]) / 2;
    return Object.fromEntries(
      streets.map((s) => {
        const d = s.authorisedPosts / s.populationWan;
        const flags: string[] = [];
        if (s.actualStaff > s.authorisedPosts) flags.push('over_establishment');
        if (d < median / 2) flags.push('understaffed');
        if (d > median * 2) flags.push('overstaffed');
        if (Math.abs(s.proposedPosts - s.authorisedPosts) / s.authorisedPosts > 0.2) flags.push('big_change');
        return [s.streetCode, flags];
      }),
    );
  }

  it('redistributes exactly the 2,275 authorised posts of the 35 seed streets, each keeping the floor of 40', async () => {
    const r = await report();
    expect(r.status).toBe(200);
    const { streets, totals } = r.body;
    expect(streets).toHaveLength(35);
    expect(totals).toMatchObject({ streets: 35, authorisedPosts: 2275, proposedPosts: 2275 });
    expect(streets.reduce((a: number, s: any) => a + s.proposedPosts, 0)).toBe(2275);
    expect(streets.reduce((a: number, s: any) => a + s.authorisedPosts, 0)).toBe(2275);
    expect(Math.min(...streets.map((s: any) => s.proposedPosts))).toBeGreaterThanOrEqual(40);
    expect(r.body).toMatchObject({
      floor: 40,
      weights: { population: 0.5, workload: 0.4, area: 0.1 },
      period: null,
    });
    // Default window: the last 12 months.
    expect(Date.parse(r.body.to) - Date.parse(r.body.from)).toBeGreaterThanOrEqual(365 * 86_400_000);
    for (const s of streets) {
      expect(s.population).toBe(Math.round(s.populationWan * 10_000));
      expect(s.change).toBe(s.proposedPosts - s.authorisedPosts);
    }
    expect(Object.fromEntries(streets.map((s: any) => [s.streetCode, s.flags]))).toEqual(
      expectedFlags(streets),
    );
    // The seed's own example: the 0.9万 street with as many posts as one of 4.7万 is overstaffed,
    // and the street with 70 posts and 117 actual staff is over establishment.
    const small = streets.find((s: any) => s.populationWan === 0.9);
    expect(small.flags).toContain('overstaffed');
    expect(streets.find((s: any) => s.streetCode === 'D1-S02').flags).toContain('over_establishment');
  });

  it('keeps the total per district and with another floor; refuses a floor the total cannot give (422)', async () => {
    const d1 = await report('?districtCode=D1');
    expect(d1.status).toBe(200);
    const total = d1.body.streets.reduce((a: number, s: any) => a + s.authorisedPosts, 0);
    expect(d1.body.streets.every((s: any) => s.districtCode === 'D1')).toBe(true);
    expect(d1.body.totals).toMatchObject({ authorisedPosts: total, proposedPosts: total });
    expect(d1.body.streets.reduce((a: number, s: any) => a + s.proposedPosts, 0)).toBe(total);

    const high = await report('?floor=65');
    expect(high.status).toBe(200);
    expect(high.body.totals.proposedPosts).toBe(2275);
    expect(high.body.streets.every((s: any) => s.proposedPosts >= 65)).toBe(true);

    // 35 × 66 = 2,310 > 2,275.
    const tooHigh = await report('?floor=66');
    expect(tooHigh.status).toBe(422);
    expect(tooHigh.body.code).toBe('STAFFING_FLOOR_TOO_HIGH');
    expect(tooHigh.body.details).toEqual([{ field: 'floor', message: expect.stringContaining('65') }]);
  });

  it('counts the weighted active assignments of the period as workload', async () => {
    const t = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: {
        title: '困难群众救助申请受理',
        streetCodes: ['D2-S01', 'D2-S02'],
        matterCode: 'MZ-01',
        actionType: 'service_delivery',
        deadlineWorkingDays: 10,
      },
    });
    expect(t.status).toBe(201);
    await h.waitRouted([t.body.id]);
    const roles = await h.db.query(
      `SELECT street_code, role FROM assignment WHERE task_id = $1 ORDER BY street_code`,
      [t.body.id],
    );
    const weight = { lead: 1, joint: 0.6, support: 0.3 } as Record<string, number>;
    const r = await report('?districtCode=D2');
    const byCode = Object.fromEntries(r.body.streets.map((s: any) => [s.streetCode, s]));
    for (const row of roles.rows) {
      expect(byCode[row.street_code].workload).toBe(weight[row.role]);
      expect(byCode[row.street_code].workloadPerPost).toBe(
        Math.round((weight[row.role] / byCode[row.street_code].authorisedPosts) * 100) / 100,
      );
    }
    expect(byCode['D2-S03'].workload).toBe(0);
    // A quarter long past holds none of it.
    const past = await report('?districtCode=D2&period=2025-Q1');
    expect(past.body).toMatchObject({
      period: '2025-Q1',
      from: '2024-12-31T16:00:00.000Z',
      to: '2025-03-31T16:00:00.000Z',
    });
    expect(past.body.streets.every((s: any) => s.workload === 0)).toBe(true);
    expect(past.body.totals.proposedPosts).toBe(past.body.totals.authorisedPosts);
  });

  it('refuses bad input (400) and other roles (403)', async () => {
    for (const [query, field] of [
      ['?period=2026-13', 'period'],
      ['?period=2026-Q5', 'period'],
      ['?districtCode=D9', 'districtCode'],
      ['?floor=-1', 'floor'],
      ['?floor=abc', 'floor'],
      ['?format=pdf', 'format'],
      ['?colour=red', 'colour'],
    ]) {
      const r = await report(query);
      expect({
        query,
        status: r.status,
        fields: [...new Set(r.body.details.map((d: any) => d.field))],
      }).toEqual({
        query,
        status: 400,
        fields: [field],
      });
    }
    expect((await report('', 'D1-S01')).status).toBe(403);
    expect((await report('', 'MZJ')).status).toBe(403);
    expect((await report('', 'ZFB')).status).toBe(200);
  });

  it('exports XLSX and CSV with the same numbers; a formula-like street name stays text', async () => {
    const evil = '=HYPERLINK("http://evil.example/x","点我")';
    await h.db.query(`UPDATE organisation SET name = $1 WHERE code = 'D5-S01'`, [evil]);
    const json = (await report()).body;

    const x = await download('?format=xlsx');
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(x.headers.get('content-disposition')).toMatch(/attachment; filename="staffing\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const rows: any[][] = [];
    sheet.eachRow((row) => rows.push((row.values as any[]).slice(1)));
    expect(rows[0][0]).toBe('街道代码');
    expect(rows).toHaveLength(1 + 35 + 1);
    const proposedCol = rows[0].indexOf('建议编制');
    const authorisedCol = rows[0].indexOf('编制数');
    const data = rows.slice(1, 36);
    expect(data.map((r) => r[0])).toEqual(json.streets.map((s: any) => s.streetCode));
    expect(data.map((r) => r[proposedCol])).toEqual(json.streets.map((s: any) => s.proposedPosts));
    expect(data.reduce((a, r) => a + r[proposedCol], 0)).toBe(2275);
    expect(rows[36][0]).toBe('合计');
    expect([rows[36][authorisedCol], rows[36][proposedCol]]).toEqual([2275, 2275]);
    const evilCell = sheet
      .getRow(1 + json.streets.findIndex((s: any) => s.streetCode === 'D5-S01') + 1)
      .getCell(2);
    expect(evilCell.type).toBe(ExcelJS.ValueType.String);
    expect(evilCell.value).toBe(`'${evil}`);
    expect(evilCell.formula).toBeUndefined();

    const c = await download('?format=csv&districtCode=D5', 'en');
    expect(c.status).toBe(200);
    expect(c.headers.get('content-type')).toMatch(/text\/csv/);
    expect(c.headers.get('content-disposition')).toMatch(/filename="staffing-D5\.csv"/);
    expect([...c.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = c.body.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0].startsWith('"Street code","Street","District"')).toBe(true);
    const evilLine = lines.find((l) => l.startsWith('"D5-S01"'))!;
    expect(evilLine).toContain(`"'=HYPERLINK(""http://evil.example/x"",""点我"")"`);
    expect(lines.at(-1)!.startsWith('"Total"')).toBe(true);
  });
});
