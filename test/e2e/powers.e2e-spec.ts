import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fieldsOf, seedListCsv } from '../support/fixtures';
import { Harness } from '../support/harness';

/** Today and tomorrow in Asia/Shanghai, the calendar `occurredOn` is read in. */
const shanghai = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The six streets streets.csv marks `is_agri_related`: the only holders of ZR-02-I in the seed. */
const RURAL = ['D4-S05', 'D4-S06', 'D4-S07', 'D5-S05', 'D5-S06', 'D5-S07'];
/** Derived from the seed list: one power per matter with a street power (full/partial) and subject. */
const SEED_POWERS = [
  'AQ-04-I',
  'AQ-04-O',
  'AQ-05-I',
  'AQ-05-O',
  'CG-01-I',
  'CG-02-I',
  'CG-02-O',
  'CG-03-I',
  'CG-03-O',
  'CG-04-I',
  'CG-04-O',
  'CG-05-I',
  'HB-01-I',
  'HB-01-O',
  'ZR-02-I',
];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const INJECTION = '=HYPERLINK("http://evil.example/x","点我")';

describe('delegated powers: catalogue, enforcement cases and the report', () => {
  const h = new Harness();
  beforeAll(() => h.start({ worker: false }));
  afterAll(() => h.stop());

  const cases = async () =>
    (await h.db.query(`SELECT count(*)::int AS n FROM enforcement_case`)).rows[0].n as number;
  const record = (as: string, body: Record<string, unknown>) =>
    h.request('POST', '/api/enforcement-cases', { as, body });
  const good = {
    powerCode: 'CG-02-O',
    subject: 'organization',
    measure: 'penalty',
    amountYuan: 500,
    occurredOn: shanghai(),
  };

  it('seeds the catalogue from the list: one power per matter and subject, ZR-02 for rural streets only', async () => {
    const r = await h.request('GET', '/api/powers', { as: 'WBB' });
    expect(r.status).toBe(200);
    expect(r.body.map((p: { code: string }) => p.code)).toEqual(SEED_POWERS);
    expect(r.body.find((p: { code: string }) => p.code === 'CG-02-O')).toEqual({
      code: 'CG-02-O',
      name: '占道经营、流动摊贩(无证无照经营)监管执法(单位)',
      legalBasis: '《无证无照经营查处办法》;省赋予乡镇(街道)行政处罚权目录',
      matterCode: 'CG-02',
      matterName: '占道经营、流动摊贩(无证无照经营)监管执法',
      subjects: ['organization'],
      streetCodes: null,
      listVersion: '2025.1',
      held: true,
    });
    expect(r.body.find((p: { code: string }) => p.code === 'ZR-02-I').streetCodes).toEqual(RURAL);
    // AQ-07 is partial with no subject of its own (its penalties are AQ-04/AQ-05): no power.
    expect(r.body.some((p: { matterCode: string }) => p.matterCode === 'AQ-07')).toBe(false);

    const held = async (street: string) =>
      (await h.request('GET', '/api/powers', { as: street })).body
        .filter((p: { held: boolean }) => p.held)
        .map((p: { code: string }) => p.code);
    expect(await held('D1-S01')).toEqual(SEED_POWERS.filter((c) => c !== 'ZR-02-I'));
    expect(await held('D4-S05')).toEqual(SEED_POWERS);
  });

  it('records a case under a held power and shows it to the street and the reviewer only', async () => {
    const before = await cases();
    const r = await record('D1-S01', { ...good, note: '门店外摆占道' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: expect.any(String),
      streetCode: 'D1-S01',
      powerCode: 'CG-02-O',
      matterCode: 'CG-02',
      subject: 'organization',
      measure: 'penalty',
      amountYuan: 500,
      occurredOn: shanghai(),
      note: '门店外摆占道',
      listVersion: '2025.1',
    });
    const rural = await record('D4-S05', {
      powerCode: 'ZR-02-I',
      subject: 'individual',
      measure: 'rectification_notice',
      occurredOn: shanghai(-3),
    });
    expect(rural.status).toBe(201);
    expect(await cases()).toBe(before + 2);

    const own = await h.request('GET', '/api/enforcement-cases', { as: 'D1-S01' });
    expect(own.body.items.map((c: { id: string }) => c.id)).toEqual([r.body.id]);
    expect((await h.request('GET', '/api/enforcement-cases', { as: 'D1-S02' })).body.items).toEqual([]);
    // A street asking for another street's cases still sees only its own (none of those).
    expect(
      (await h.request('GET', '/api/enforcement-cases?streetCode=D4-S05', { as: 'D1-S01' })).body.items,
    ).toEqual([]);
    const all = await h.request('GET', '/api/enforcement-cases', { as: 'WBB' });
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual([rural.body.id, r.body.id]);
    const byPower = await h.request('GET', '/api/enforcement-cases?powerCode=ZR-02-I', { as: 'ZFB' });
    expect(byPower.body.items.map((c: { id: string }) => c.id)).toEqual([rural.body.id]);
    const byDate = await h.request('GET', `/api/enforcement-cases?from=${shanghai()}&to=${shanghai()}`, {
      as: 'WBB',
    });
    expect(byDate.body.items.map((c: { id: string }) => c.id)).toEqual([r.body.id]);
    const paged = await h.request('GET', '/api/enforcement-cases?limit=1', { as: 'WBB' });
    expect(paged.body.items).toHaveLength(1);
    const next = await h.request('GET', `/api/enforcement-cases?limit=1&cursor=${paged.body.nextCursor}`, {
      as: 'WBB',
    });
    expect(next.body.items.map((c: { id: string }) => c.id)).toEqual([r.body.id]);
    expect((await h.request('GET', '/api/enforcement-cases', { as: 'ZJJ' })).status).toBe(403);
  });

  it('refuses every bad case with its error body and writes nothing', async () => {
    const before = await cases();
    const expectRefused = async (
      as: string,
      body: Record<string, unknown>,
      status: number,
      code: string,
      fields: string[],
    ) => {
      const r = await record(as, body);
      expect({ body, status: r.status, code: r.body.code }).toEqual({ body, status, code });
      expect(fieldsOf(r.body)).toEqual(fields);
      return r;
    };
    // Not held: ZR-02-I is held by rural streets only; the message cites the catalogue entry.
    const notHeld = await expectRefused(
      'D1-S01',
      { powerCode: 'ZR-02-I', subject: 'individual', measure: 'persuasion', occurredOn: shanghai() },
      422,
      'POWER_NOT_HELD',
      ['powerCode'],
    );
    expect(notHeld.body.details[0].message).toBe(
      '本街道未获赋权目录中的 ZR-02-I(所属事项 ZR-02,适用对象:个人)',
    );
    const en = await h.request('POST', '/api/enforcement-cases', {
      as: 'D1-S01',
      headers: { 'accept-language': 'en' },
      body: { powerCode: 'CG-01-I', subject: 'organization', measure: 'persuasion', occurredOn: shanghai() },
    });
    expect(en.status).toBe(422);
    expect(en.body.details).toEqual([
      {
        field: 'subject',
        message: 'catalogue power CG-01-I (matter CG-01) covers individual only, not organization',
      },
    ]);
    // Subject not covered, in Chinese too.
    const zh = await expectRefused(
      'D1-S01',
      { powerCode: 'CG-05-I', subject: 'organization', measure: 'persuasion', occurredOn: shanghai() },
      422,
      'POWER_NOT_HELD',
      ['subject'],
    );
    expect(zh.body.details[0].message).toBe('赋权事项 CG-05-I(所属事项 CG-05)仅适用于个人,不适用于单位');
    // Amount rules.
    await expectRefused('D1-S01', { ...good, amountYuan: undefined }, 400, 'VALIDATION_FAILED', [
      'amountYuan',
    ]);
    for (const amountYuan of [0, -5, 1_000_000.01, 12.345])
      await expectRefused('D1-S01', { ...good, amountYuan }, 400, 'VALIDATION_FAILED', ['amountYuan']);
    await expectRefused('D1-S01', { ...good, amountYuan: '500' }, 400, 'VALIDATION_FAILED', ['amountYuan']);
    for (const measure of ['persuasion', 'rectification_notice', 'transferred'])
      await expectRefused('D1-S01', { ...good, measure, amountYuan: 10 }, 400, 'VALIDATION_FAILED', [
        'amountYuan',
      ]);
    // Future, impossible and out-of-window dates.
    const tomorrow = await expectRefused(
      'D1-S01',
      { ...good, occurredOn: shanghai(1) },
      400,
      'VALIDATION_FAILED',
      ['occurredOn'],
    );
    expect(tomorrow.body.details[0].message).toBe(`不能晚于今天(${shanghai()})`);
    for (const occurredOn of ['2026-02-30', '1999-12-31', '2026-1-5', ''])
      await expectRefused('D1-S01', { ...good, occurredOn }, 400, 'VALIDATION_FAILED', ['occurredOn']);
    // Bad enums, unknown power, unknown fields, missing fields.
    await expectRefused('D1-S01', { ...good, measure: 'fine' }, 400, 'VALIDATION_FAILED', ['measure']);
    await expectRefused('D1-S01', { ...good, subject: 'robot' }, 400, 'VALIDATION_FAILED', ['subject']);
    await expectRefused('D1-S01', { ...good, powerCode: 'XX-99-I' }, 400, 'VALIDATION_FAILED', ['powerCode']);
    await expectRefused('D1-S01', { ...good, powerCode: 'CG-02' }, 400, 'VALIDATION_FAILED', ['powerCode']);
    await expectRefused('D1-S01', { ...good, streetCode: 'D1-S02' }, 400, 'VALIDATION_FAILED', [
      'streetCode',
    ]);
    await expectRefused('D1-S01', {}, 400, 'VALIDATION_FAILED', [
      'measure',
      'occurredOn',
      'powerCode',
      'subject',
    ]);
    // Wrong roles.
    for (const who of ['ZJJ', 'WBB', 'ZFB', 'admin']) {
      const r = await record(who, good);
      expect({ who, status: r.status }).toEqual({ who, status: 403 });
    }
    expect(await cases()).toBe(before);
  });

  it('reports a generated quarter: cases by measure, soft share, dormant powers, exact totals', async () => {
    const version = (await h.db.query(`SELECT id FROM list_version WHERE version = '2025.1'`)).rows[0].id;
    const user = (await h.db.query(`SELECT id FROM app_user WHERE username = 'D1-S01'`)).rows[0].id;
    const gen: [string, string, string, string, number | null, string][] = [
      // street, power, subject, measure, amount, day
      ['D1-S01', 'CG-02-I', 'individual', 'persuasion', null, '2026-07-01'],
      ['D1-S01', 'CG-02-I', 'individual', 'persuasion', null, '2026-08-15'],
      ['D1-S01', 'CG-02-I', 'individual', 'persuasion', null, '2026-09-30'],
      ['D1-S01', 'CG-02-I', 'individual', 'rectification_notice', null, '2026-08-01'],
      ['D1-S01', 'CG-02-I', 'individual', 'penalty', 200, '2026-08-02'],
      ['D1-S01', 'CG-03-O', 'organization', 'persuasion', null, '2026-07-10'],
      ['D1-S01', 'CG-03-O', 'organization', 'persuasion', null, '2026-07-11'],
      ['D1-S02', 'CG-02-I', 'individual', 'penalty', 100, '2026-09-01'],
      ['D1-S02', 'CG-02-I', 'individual', 'penalty', 50.5, '2026-09-02'],
      ['D1-S02', 'CG-02-I', 'individual', 'transferred', null, '2026-09-03'],
      ['D1-S03', 'HB-01-O', 'organization', 'rectification_notice', null, '2026-07-20'],
      ['D1-S03', 'HB-01-O', 'organization', 'transferred', null, '2026-07-21'],
      // a power D1-S03 does not hold (entered before the catalogue changed, say): its own row
      ['D1-S03', 'ZR-02-I', 'individual', 'penalty', 300, '2026-08-20'],
      // another district
      ['D2-S01', 'CG-02-I', 'individual', 'penalty', 1000, '2026-08-20'],
      // outside the quarter on both sides
      ['D1-S01', 'CG-02-I', 'individual', 'penalty', 99, '2026-06-30'],
      ['D1-S01', 'CG-03-O', 'organization', 'penalty', 99, '2026-10-01'],
    ];
    await h.db.query(
      `INSERT INTO enforcement_case (street_code, list_version_id, power_code, subject, measure, amount_yuan, occurred_on, created_by, created_at)
       SELECT g.street, $1, g.power, g.subject, g.measure, g.amount, g.day::date, $2, now()
         FROM jsonb_to_recordset($3::jsonb) AS g(street text, power text, subject text, measure text, amount numeric, day text)`,
      [
        version,
        user,
        JSON.stringify(
          gen.map(([street, power, subject, measure, amount, day]) => ({
            street,
            power,
            subject,
            measure,
            amount,
            day,
          })),
        ),
      ],
    );

    const r = await h.request('GET', '/api/reports/delegated-powers?period=2026-Q3&districtCode=D1', {
      as: 'WBB',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      period: '2026-Q3',
      from: '2026-07-01',
      to: '2026-10-01',
      districtCode: 'D1',
      listVersion: '2025.1',
    });
    // 7 streets × 14 powers (ZR-02-I is rural only) held, plus the unheld ZR-02-I row of D1-S03.
    expect(r.body.rows).toHaveLength(99);
    const row = (power: string, street: string) =>
      r.body.rows.find(
        (x: { powerCode: string; streetCode: string }) => x.powerCode === power && x.streetCode === street,
      );
    const pick = (x: Record<string, unknown>) => ({
      persuasion: x.persuasion,
      rectificationNotice: x.rectificationNotice,
      penalty: x.penalty,
      transferred: x.transferred,
      total: x.total,
      softShare: x.softShare,
      penaltyAmountYuan: x.penaltyAmountYuan,
      held: x.held,
      dormant: x.dormant,
    });
    expect(pick(row('CG-02-I', 'D1-S01'))).toEqual({
      persuasion: 3,
      rectificationNotice: 1,
      penalty: 1,
      transferred: 0,
      total: 5,
      softShare: 0.8,
      penaltyAmountYuan: 200,
      held: true,
      dormant: false,
    });
    expect(pick(row('CG-03-O', 'D1-S01'))).toEqual({
      persuasion: 2,
      rectificationNotice: 0,
      penalty: 0,
      transferred: 0,
      total: 2,
      softShare: 1,
      penaltyAmountYuan: 0,
      held: true,
      dormant: true,
    });
    expect(pick(row('CG-02-I', 'D1-S02'))).toEqual({
      persuasion: 0,
      rectificationNotice: 0,
      penalty: 2,
      transferred: 1,
      total: 3,
      softShare: 0,
      penaltyAmountYuan: 150.5,
      held: true,
      dormant: false,
    });
    expect(pick(row('HB-01-O', 'D1-S03'))).toEqual({
      persuasion: 0,
      rectificationNotice: 1,
      penalty: 0,
      transferred: 1,
      total: 2,
      softShare: 0.5,
      penaltyAmountYuan: 0,
      held: true,
      dormant: true,
    });
    expect(pick(row('ZR-02-I', 'D1-S03'))).toEqual({
      persuasion: 0,
      rectificationNotice: 0,
      penalty: 1,
      transferred: 0,
      total: 1,
      softShare: 0,
      penaltyAmountYuan: 300,
      held: false,
      dormant: false,
    });
    expect(pick(row('AQ-04-I', 'D1-S07'))).toEqual({
      persuasion: 0,
      rectificationNotice: 0,
      penalty: 0,
      transferred: 0,
      total: 0,
      softShare: null,
      penaltyAmountYuan: 0,
      held: true,
      dormant: true,
    });
    expect(row('ZR-02-I', 'D1-S01')).toBeUndefined();
    expect(r.body.rows.filter((x: { dormant: boolean }) => x.dormant)).toHaveLength(96);
    expect(r.body.totals).toEqual({
      persuasion: 5,
      rectificationNotice: 2,
      penalty: 4,
      transferred: 2,
      total: 13,
      softShare: 0.5385,
      penaltyAmountYuan: 650.5,
      heldPairs: 98,
      dormantPairs: 96,
    });

    // Every district: 14 × 35 + 6 rural holders of ZR-02-I held; D2-S01's penalty counts too.
    const all = await h.request('GET', '/api/reports/delegated-powers?period=2026-Q3', { as: 'ZFB' });
    expect(all.body.rows).toHaveLength(497);
    expect(all.body.totals).toMatchObject({
      penalty: 5,
      total: 14,
      heldPairs: 496,
      dormantPairs: 493,
      penaltyAmountYuan: 1650.5,
    });

    // A month of it, and the street's own statistics.
    const aug = await h.request('GET', '/api/reports/delegated-powers?period=2026-08&districtCode=D1', {
      as: 'WBB',
    });
    expect(aug.body.totals).toMatchObject({
      persuasion: 1,
      rectificationNotice: 1,
      penalty: 2,
      transferred: 0,
      total: 4,
      softShare: 0.5,
    });
    const own = await h.request('GET', '/api/reports/delegated-powers?period=2026-Q3', { as: 'D1-S01' });
    expect(own.body.streetCode).toBe('D1-S01');
    expect(own.body.rows).toHaveLength(14);
    expect(own.body.totals).toMatchObject({
      persuasion: 5,
      rectificationNotice: 1,
      penalty: 1,
      total: 7,
      heldPairs: 14,
      dormantPairs: 13,
    });
  });

  it('refuses malformed and future periods, unknown districts and departments', async () => {
    for (const period of ['2026-13', '2026-Q5', '2026-Q0', '2026-1', 'Q3-2026', '2026-Q3x', ''])
      expect({
        period,
        status: (await h.request('GET', `/api/reports/delegated-powers?period=${period}`, { as: 'WBB' }))
          .status,
      }).toEqual({ period, status: 400 });
    const future = await h.request('GET', '/api/reports/delegated-powers?period=2099-01', { as: 'WBB' });
    expect(future.status).toBe(400);
    expect(future.body.details).toEqual([{ field: 'period', message: '该期间尚未开始' }]);
    expect((await h.request('GET', '/api/reports/delegated-powers', { as: 'WBB' })).status).toBe(400);
    expect(
      (await h.request('GET', '/api/reports/delegated-powers?period=2026-Q3&districtCode=D9', { as: 'WBB' }))
        .status,
    ).toBe(400);
    expect(
      (await h.request('GET', '/api/reports/delegated-powers?period=2026-Q3&format=pdf', { as: 'WBB' }))
        .status,
    ).toBe(400);
    expect(
      (await h.request('GET', '/api/reports/delegated-powers?period=2026-Q3', { as: 'ZJJ' })).status,
    ).toBe(403);
  });

  it('exports the report as CSV and XLSX with the same numbers', async () => {
    const csv = await h.request(
      'GET',
      '/api/reports/delegated-powers?period=2026-Q3&districtCode=D1&format=csv',
      { as: 'WBB' },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="delegated-powers-2026-Q3-D1.csv"',
    );
    const rows: string[][] = parse(csv.body as string, { bom: true });
    expect(rows).toHaveLength(1 + 99 + 1);
    expect(rows.find((x) => x[0] === 'CG-02-I' && x[3] === 'D1-S01')).toEqual([
      'CG-02-I',
      '占道经营、流动摊贩(无证无照经营)监管执法(个人)',
      'CG-02',
      'D1-S01',
      '东关街道',
      'D1',
      'true',
      '3',
      '1',
      '1',
      '0',
      '5',
      '0.8',
      '200',
      'false',
    ]);
    expect(rows[rows.length - 1]).toEqual([
      '合计 Total',
      '',
      '',
      '',
      '',
      'D1',
      '98',
      '5',
      '2',
      '4',
      '2',
      '13',
      '0.5385',
      '650.5',
      '96',
    ]);

    const res = await fetch(
      `${h.baseUrl}/api/reports/delegated-powers?period=2026-Q3&districtCode=D1&format=xlsx`,
      {
        headers: { authorization: `Bearer ${await h.login('WBB')}` },
      },
    );
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(101);
    const last = sheet.getRow(101).values as unknown[];
    expect(last.slice(1)).toEqual([
      '合计 Total',
      '',
      '',
      '',
      '',
      'D1',
      98,
      5,
      2,
      4,
      2,
      13,
      0.5385,
      650.5,
      96,
    ]);
  });

  describe('a list version carries its catalogue', () => {
    const xlsx = async (powers: string[][] | null): Promise<Buffer> => {
      const wb = new ExcelJS.Workbook();
      const list = wb.addWorksheet('责任清单');
      for (const r of parse(seedListCsv(), { bom: true, skip_empty_lines: true }) as string[][])
        list.addRow(r);
      if (powers) {
        const sheet = wb.addWorksheet('赋权事项');
        sheet.addRow(['power_code', 'power_name', 'legal_basis', 'matter_code', 'subjects', 'street_codes']);
        for (const r of powers) sheet.addRow(r);
      }
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const upload = async (file: Buffer | string, name: string, version: string, type: string) => {
      const f = new FormData();
      f.append('file', new Blob([file], { type }), name);
      f.append('version', version);
      f.append('effectiveFrom', shanghai());
      return h.request('POST', '/api/lists', { as: 'WBB', rawBody: f });
    };
    const stored = async () =>
      (
        await h.db.query(
          `SELECT (SELECT count(*)::int FROM list_version) AS v, (SELECT count(*)::int FROM delegated_power) AS p`,
        )
      ).rows[0];

    it('derives the catalogue of a CSV import, shows a draft only to the reviewer', async () => {
      const r = await upload(seedListCsv(), 'list.csv', '2026.P1', 'text/csv');
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ matters: 61, powers: 15 });
      const draft = await h.request('GET', `/api/lists/${r.body.id}/powers`, { as: 'WBB' });
      expect(draft.body.map((p: { code: string }) => p.code)).toEqual(SEED_POWERS);
      // Derived: held by every street holding delegated powers (the seed's rural rule is seed data).
      expect(draft.body.every((p: { streetCodes: unknown }) => p.streetCodes === null)).toBe(true);
      expect((await h.request('GET', `/api/lists/${r.body.id}/powers`, { as: 'D1-S01' })).status).toBe(404);
    });

    it('refuses a powers sheet with bad rows, naming sheet, row and column, and stores nothing', async () => {
      const before = await stored();
      const r = await upload(
        await xlsx([
          ['CG-02-X', '占道经营处罚', '', 'CG-02', 'individual;organization', ''],
          ['CG-02-X', '重复', '', 'CG-02', 'individual', ''],
          ['MZ-01-I', '无执法权', '', 'MZ-01', 'individual', ''],
          ['CG-01-O', '超出对象', '', 'CG-01', 'organization', 'D1-S01;ZZ-S99'],
        ]),
        'list.xlsx',
        '2026.P2',
        XLSX_TYPE,
      );
      expect(r.status).toBe(422);
      expect(r.body.details.map((d: { row: number; column: string }) => [d.row, d.column])).toEqual([
        [3, 'powers/power_code'],
        [4, 'powers/matter_code'],
        [5, 'powers/subjects'],
        [5, 'powers/street_codes'],
      ]);
      expect(await stored()).toEqual(before);
    });

    it('imports a powers sheet, publishes it with the list, and the new catalogue decides', async () => {
      const r = await upload(
        await xlsx([
          ['CG-02-X', INJECTION, '', 'CG-02', 'individual;organization', ''],
          ['HB-01-I', '露天焚烧处罚(个人)', '《大气污染防治法》第119条', 'HB-01', 'individual', 'D1-S02'],
        ]),
        'list.xlsx',
        '2026.P3',
        XLSX_TYPE,
      );
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ matters: 61, powers: 2 });
      // Before publication the seed catalogue is still in force.
      expect((await h.request('GET', '/api/powers', { as: 'WBB' })).body).toHaveLength(15);
      expect((await h.request('POST', `/api/lists/${r.body.id}/publish`, { as: 'WBB' })).status).toBe(200);
      const now = await h.request('GET', '/api/powers', { as: 'D1-S01' });
      expect(
        now.body.map((p: { code: string; held: boolean; listVersion: string }) => [
          p.code,
          p.held,
          p.listVersion,
        ]),
      ).toEqual([
        ['CG-02-X', true, '2026.P3'],
        ['HB-01-I', false, '2026.P3'],
      ]);
      expect(now.body[0]).toMatchObject({
        name: INJECTION,
        legalBasis: expect.stringContaining('无证无照'),
        subjects: ['individual', 'organization'],
      });

      // The old code is gone from the catalogue in force: unknown now.
      const old = await record('D1-S01', good);
      expect({ status: old.status, field: old.body.details?.[0]?.field }).toEqual({
        status: 400,
        field: 'powerCode',
      });
      const notHeld = await record('D1-S01', {
        powerCode: 'HB-01-I',
        subject: 'individual',
        measure: 'persuasion',
        occurredOn: shanghai(),
      });
      expect(notHeld.status).toBe(422);
      expect(
        (
          await record('D1-S02', {
            powerCode: 'HB-01-I',
            subject: 'individual',
            measure: 'persuasion',
            occurredOn: shanghai(),
          })
        ).status,
      ).toBe(201);
      const x = await record('D1-S01', { ...good, powerCode: 'CG-02-X', note: '=1+1' });
      expect(x.status).toBe(201);
      expect(x.body).toMatchObject({ powerName: INJECTION, listVersion: '2026.P3', note: '=1+1' });
    });

    it('exports a formula-like power name as inert text in CSV and XLSX', async () => {
      const period = shanghai().slice(0, 7);
      const csv = await h.request('GET', `/api/reports/delegated-powers?period=${period}&format=csv`, {
        as: 'WBB',
      });
      expect(csv.status).toBe(200);
      const rows: string[][] = parse(csv.body as string, { bom: true });
      const injected = rows.find((r) => r[0] === 'CG-02-X' && r[3] === 'D1-S01')!;
      expect(injected[1]).toBe(`'${INJECTION}`);
      expect(injected.slice(7, 12)).toEqual(['0', '0', '1', '0', '1']);
      // The case recorded earlier under the seed's CG-02-O still counts, on a row of its own, not held.
      expect(rows.find((r) => r[0] === 'CG-02-O' && r[3] === 'D1-S01')?.slice(6, 12)).toEqual([
        'false',
        '0',
        '0',
        '1',
        '0',
        '1',
      ]);

      const res = await fetch(`${h.baseUrl}/api/reports/delegated-powers?period=${period}&format=xlsx`, {
        headers: { authorization: `Bearer ${await h.login('WBB')}` },
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      let found = 0;
      wb.worksheets[0].eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (cell.value === `'${INJECTION}`) found++;
        }),
      );
      // One row per street holding CG-02-X (all 35).
      expect(found).toBe(35);
    });
  });
});
