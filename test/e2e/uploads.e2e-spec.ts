import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '@app/config';
import { seedListCsv } from '../support/fixtures';
import { Harness } from '../support/harness';
import {
  columnName,
  deflatedPart,
  hugePart,
  SHEET_HEAD,
  sheetXml,
  workbookParts,
  xlsxWithSheet,
  zipOf,
} from '../support/spreadsheets';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** How much the API's resident memory may grow while it refuses a crafted file. */
const RSS_BUDGET_MB = 50;
/** UPLOAD_MAX_CELLS's default (the API runs with it): the largest accepted list is sized by it. */
const MAX_CELLS = loadConfig({}).UPLOAD_MAX_CELLS;

function form(
  file: Buffer | string,
  filename: string,
  fields: Record<string, string> = {},
  type = 'text/csv',
) {
  const f = new FormData();
  f.append('file', new Blob([file], { type }), filename);
  for (const [k, v] of Object.entries({ version: '2030.1', effectiveFrom: '2030-01-01', ...fields }))
    f.append(k, v);
  return f;
}

/** The API process's resident set, in MB, from /proc. */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
}

const seedRows = (): string[][] => parse(seedListCsv(), { bom: true, skip_empty_lines: true });
const toCsv = (rows: string[][]) =>
  rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';

describe('uploads: crafted files are refused early, named, and cheaply', () => {
  const h = new Harness();
  beforeAll(() => h.start({ worker: false }), 60_000);
  afterAll(() => h.stop());

  /** Every measurement, printed at the end for the record. */
  const measured: { file: string; status: number; beforeMb: number; peakMb: number; ms: number }[] = [];
  afterAll(() => {
    console.log(
      `API RSS while refusing crafted uploads (budget +${RSS_BUDGET_MB} MB):\n` +
        measured
          .map(
            (m) =>
              `  ${m.file}: ${m.status}, ${m.beforeMb.toFixed(1)} MB before, peak ${m.peakMb.toFixed(1)} MB (+${(m.peakMb - m.beforeMb).toFixed(1)} MB), ${m.ms} ms`,
          )
          .join('\n'),
    );
  });

  const counts = async () =>
    (
      await h.db
        .query(`SELECT (SELECT count(*)::int FROM list_version) AS versions, (SELECT count(*)::int FROM matter) AS matters,
        (SELECT count(*)::int FROM audit_event) AS events`)
    ).rows[0];

  const upload = (f: FormData, lang?: string) =>
    h.request('POST', '/api/lists', {
      as: 'WBB',
      rawBody: f,
      headers: lang ? { 'accept-language': lang } : {},
    });

  /**
   * Uploads `f` while sampling the API's RSS every 5 ms; the peak may exceed the resident set
   * before the upload by at most RSS_BUDGET_MB, and nothing may be written.
   */
  async function refusedCheaply(file: string, f: () => FormData) {
    await h.login('WBB');
    const pid = h.api!.pid!;
    const before = await counts();
    const beforeMb = rssMb(pid);
    let peakMb = beforeMb;
    const timer = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 5);
    const t = Date.now();
    const zh = await upload(f());
    clearInterval(timer);
    peakMb = Math.max(peakMb, rssMb(pid));
    measured.push({ file, status: zh.status, beforeMb, peakMb, ms: Date.now() - t });
    expect(peakMb - beforeMb).toBeLessThan(RSS_BUDGET_MB);
    const en = await upload(f(), 'en');
    expect(await counts()).toEqual(before);
    return { zh, en };
  }

  it('imports a file within the limits (and warms the API up for the measurements)', async () => {
    const r = await upload(form(seedListCsv(), 'list.csv', { version: '2030.0' }));
    expect(r.status).toBe(201);
    const rows = seedRows();
    const xlsx = xlsxWithSheet(sheetXml(rows));
    const x = await upload(form(xlsx, 'list.xlsx', { version: '2030.00' }, XLSX_TYPE));
    expect({ status: x.status, matters: x.body.matters }).toEqual({ status: 201, matters: 61 });
  });

  it('accepts the largest list the cell limit allows (2,104 matters of long text, 39,995 cells) within the same budget', async () => {
    const [header, ...seed] = seedRows();
    const template = seed.find((r) => r[0] === 'MZ-01')!;
    const col = (name: string) => header.indexOf(name);
    const rows = [header];
    const matters = Math.floor(MAX_CELLS / header.length) - 1;
    expect(matters).toBe(2104);
    for (let i = 1; i <= matters; i++) {
      const r = [...template];
      r[col('code')] = `ZZ-${i}`;
      r[col('matter_name')] = `第${i}项:街道受理、入户调查、民主评议并审核上报的事项说明`.repeat(2);
      r[col('principal_duties')] = `受理、入户调查、民主评议、审核上报(第${i}项)`.repeat(3);
      rows.push(r);
    }
    expect(rows.length * header.length).toBeLessThanOrEqual(MAX_CELLS);
    const file = xlsxWithSheet(sheetXml(rows));
    await h.login('WBB');
    const pid = h.api!.pid!;
    const beforeMb = rssMb(pid);
    let peakMb = beforeMb;
    const timer = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 5);
    const t = Date.now();
    const r = await upload(form(file, 'largest.xlsx', { version: '2030.9' }, XLSX_TYPE));
    clearInterval(timer);
    peakMb = Math.max(peakMb, rssMb(pid));
    measured.push({
      file: `largest accepted XLSX (${matters} rows)`,
      status: r.status,
      beforeMb,
      peakMb,
      ms: Date.now() - t,
    });
    expect({ status: r.status, matters: r.body.matters }).toEqual({ status: 201, matters });
    expect(peakMb - beforeMb).toBeLessThan(RSS_BUDGET_MB);
  });

  it('refuses an XLSX zip bomb (a 300 MB sheet packed into a few hundred KB) with 413, at the budget', async () => {
    const bomb = await hugePart('xl/worksheets/sheet1.xml', 300 * 1024 * 1024, {
      head: `${SHEET_HEAD}<sheetData>`,
      filler: '<x/>',
      tail: '</sheetData></worksheet>',
    });
    // Honest about its size: refused from the zip directory alone.
    const honest = zipOf([...workbookParts(), bomb]);
    // Lying about it (the directory claims 1 KB): refused once the inflated bytes pass the budget.
    const lying = zipOf([...workbookParts(), { ...bomb, declaredSize: 1024 }]);
    expect(lying.length).toBeLessThan(1024 * 1024);
    for (const [name, file] of [
      ['zip bomb, honest directory', honest],
      ['zip bomb, lying directory', lying],
    ] as const) {
      const { zh, en } = await refusedCheaply(name, () => form(file, 'bomb.xlsx', {}, XLSX_TYPE));
      expect(zh.status).toBe(413);
      expect(zh.body).toEqual({
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: '请求体过大',
        details: [{ field: 'file', message: '文件解压后超过 20 MB 上限' }],
      });
      expect(en.body.details).toEqual([
        { field: 'file', message: 'the file unpacks to more than the limit of 20 MB' },
      ]);
    }
  });

  it('refuses an XLSX that declares the whole sheet (dimension, merge, a far cell) with 422', async () => {
    const xml = `${SHEET_HEAD}<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>`;
    const { zh, en } = await refusedCheaply('XLSX declaring A1:XFD1048576', () =>
      form(xlsxWithSheet(xml), 'huge.xlsx', {}, XLSX_TYPE),
    );
    expect(zh.status).toBe(422);
    expect(zh.body).toEqual({
      statusCode: 422,
      code: 'FILE_DIMENSIONS_EXCEEDED',
      message: '文件的行数、列数或单元格数超过导入上限,未保存任何内容',
      details: [{ field: 'file', message: '行数超过上限 5000' }],
    });
    expect(en.body.message).toBe(
      'The file has more rows, columns or cells than an import allows; nothing was stored',
    );
    expect(en.body.details).toEqual([{ field: 'file', message: 'has more than 5000 rows' }]);
  });

  it('refuses an XLSX of millions of cells (written, merged and validated) with 422 naming the cell limit', async () => {
    // 4,000 rows x 50 written cells = 200,000 cells: each row and column is within the limits.
    const written = Array.from(
      { length: 4000 },
      (_, r) =>
        `<row r="${r + 1}">${Array.from({ length: 50 }, (_, c) => `<c r="${columnName(c + 1)}${r + 1}"><v>${c}</v></c>`).join('')}</row>`,
    ).join('');
    const cells = xlsxWithSheet(`${SHEET_HEAD}<sheetData>${written}</sheetData></worksheet>`);
    // Ten data validations over A1:BL5000 claim 3.2 million cells exceljs would create one by one.
    const validations = `<dataValidations>${'<dataValidation type="list" sqref="A1:BL5000"><formula1>"a,b"</formula1></dataValidation>'.repeat(10)}</dataValidations>`;
    const claimed = xlsxWithSheet(sheetXml([['code']], { after: validations }));
    for (const [name, file] of [
      ['XLSX of 200,000 written cells', cells],
      ['XLSX claiming 3.2 million cells by data validation', claimed],
    ] as const) {
      const { zh, en } = await refusedCheaply(name, () => form(file, 'cells.xlsx', {}, XLSX_TYPE));
      expect({ status: zh.status, code: zh.body.code }).toEqual({
        status: 422,
        code: 'FILE_DIMENSIONS_EXCEEDED',
      });
      expect(zh.body.details).toEqual([
        { field: 'file', message: `单元格数(含合并区域和数据验证范围)超过上限 ${MAX_CELLS}` },
      ]);
      expect(en.body.details[0].message).toBe(
        `has more than ${MAX_CELLS} cells (merged areas and data-validation ranges included)`,
      );
    }
  });

  it('refuses a CSV of 2.6 million rows with 422 naming the row limit', async () => {
    const csv = Buffer.from('a\n'.repeat(2_600_000));
    const { zh, en } = await refusedCheaply('CSV of 2.6 million rows (5.0 MB)', () => form(csv, 'rows.csv'));
    expect(zh.status).toBe(422);
    expect(zh.body.details).toEqual([{ field: 'file', message: '行数超过上限 5000' }]);
    expect(en.body.details).toEqual([{ field: 'file', message: 'has more than 5000 rows' }]);
  });

  it('refuses a CSV row of a million commas, and one of 200 KB, with 422', async () => {
    const commas = await refusedCheaply('CSV row of a million commas', () =>
      form(Buffer.from(','.repeat(1_000_000)), 'wide.csv'),
    );
    expect(commas.zh.body.details).toEqual([{ field: 'file', message: '列数超过上限 64' }]);
    const long = await refusedCheaply('CSV row of 200 KB', () =>
      form(Buffer.from(`"${'x'.repeat(200 * 1024)}"\n`), 'long.csv'),
    );
    expect(long.zh.body.details).toEqual([
      { field: 'file', message: '某一行或某个单元格的内容超过 128 KB 上限' },
    ]);
  });

  it('stops reading an oversize upload (50 MB) at the limit: 413 naming it, nothing buffered beyond', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 'a');
    const { zh, en } = await refusedCheaply('CSV upload of 50 MB', () => form(big, 'big.csv'));
    expect(zh.status).toBe(413);
    expect(zh.body).toEqual({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: '请求体过大',
      details: [{ field: 'file', message: '文件超过 5 MB 上限' }],
    });
    expect(en.body.details).toEqual([{ field: 'file', message: 'the file exceeds the limit of 5 MB' }]);
  });

  it('refuses a form with too many fields, an oversize field, a second file or a file in another field', async () => {
    const before = await counts();
    const many = form(seedListCsv(), 'list.csv');
    for (let i = 0; i < 20; i++) many.append(`extra${i}`, 'x');
    const r1 = await upload(many);
    expect({ status: r1.status, code: r1.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(r1.body.details[0].message).toBe('表单字段数超过上限 10');

    const r2 = await upload(form(seedListCsv(), 'list.csv', { version: 'v'.repeat(5000) }));
    expect(r2.status).toBe(413);
    expect(r2.body.details).toEqual([{ field: 'version', message: '表单字段的名称或值超过 1 KB 上限' }]);

    const two = form(seedListCsv(), 'list.csv');
    two.append('file', new Blob([seedListCsv()], { type: 'text/csv' }), 'again.csv');
    const r3 = await upload(two);
    expect({ status: r3.status, code: r3.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });

    const other = new FormData();
    other.append('attachment', new Blob(['x']), 'x.txt');
    const r4 = await upload(other);
    expect(r4.status).toBe(400);
    expect(r4.body.details).toEqual([{ field: 'attachment', message: '此处不接受文件,文件字段应为 file' }]);

    const cut = await h.request('POST', '/api/lists', {
      as: 'WBB',
      rawBody: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expect({ status: cut.status, code: cut.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await counts()).toEqual(before);
  });

  it('does not read an upload at all for someone who may not import', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 'a');
    const r = await h.request('POST', '/api/lists', { as: 'ZJJ', rawBody: form(big, 'big.csv') });
    expect(r.status).toBe(403);
    const anon = await h.request('POST', '/api/lists', { rawBody: form(big, 'big.csv') });
    expect(anon.status).toBe(401);
  });

  it('stores cells that look like formulas as the text they are, from CSV and XLSX alike', async () => {
    const rows = seedRows();
    const nameCol = rows[0].indexOf('matter_name');
    const dutiesCol = rows[0].indexOf('principal_duties');
    const cg01 = rows.find((r) => r[0] === 'CG-01')!;
    cg01[nameCol] = '=HYPERLINK("http://evil.example","点我")';
    cg01[dutiesCol] = "@SUM(1+1)*cmd|' /C calc'!A0";
    const csv = await upload(form(toCsv(rows), 'list.csv', { version: '2030.2' }));
    expect(csv.status).toBe(201);
    // In the XLSX the name is a formula cell without a cached result: its text is stored, not evaluated.
    const header = rows[0];
    const xmlRows = rows
      .map((r, i) => {
        const cells = r.map((v, j) => {
          const ref = `${columnName(j + 1)}${i + 1}`;
          if (i > 0 && r[0] === 'CG-01' && j === nameCol) return `<c r="${ref}"><f>1+1</f></c>`;
          return `<c r="${ref}" t="inlineStr"><is><t>${v.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</t></is></c>`;
        });
        return `<row r="${i + 1}">${cells.join('')}</row>`;
      })
      .join('');
    expect(header[0]).toBe('code');
    const xlsx = zipOf([
      ...workbookParts(),
      deflatedPart('xl/worksheets/sheet1.xml', `${SHEET_HEAD}<sheetData>${xmlRows}</sheetData></worksheet>`),
    ]);
    const x = await upload(form(xlsx, 'list.xlsx', { version: '2030.3' }, XLSX_TYPE));
    expect(x.status).toBe(201);
    const stored = await h.db.query(
      `SELECT lv.version, m.name, m.principal_duties FROM matter m JOIN list_version lv ON lv.id = m.list_version_id
        WHERE m.code = 'CG-01' AND lv.version IN ('2030.2', '2030.3') ORDER BY lv.version`,
    );
    expect(stored.rows).toEqual([
      {
        version: '2030.2',
        name: '=HYPERLINK("http://evil.example","点我")',
        principal_duties: "@SUM(1+1)*cmd|' /C calc'!A0",
      },
      { version: '2030.3', name: '=1+1', principal_duties: "@SUM(1+1)*cmd|' /C calc'!A0" },
    ]);
  });
});
