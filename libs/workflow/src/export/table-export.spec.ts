import ExcelJS from 'exceljs';
import { exportTable, toCsv, toXlsx, type ExportTable } from './table-export';

const hostile: ExportTable = {
  sheetName: 'scores: 2026/Q4',
  header: ['orgCode', '=title', 'score'],
  rows: [
    ['ZJJ', '=HYPERLINK("http://evil.example","点我")', 95.5],
    ['D1-S01', "+1+cmd|' /C calc'!A0", -3],
    ['D1-S02', '@SUM(A1:A9)', 0],
    ['D1-S03', '\t=1+1', null],
    ['D1-S04', '-2+3', true],
    ['D1-S05', 'say "hi", then\r\nleave', new Date('2026-01-02T03:04:05Z')],
    ['D1-S06', 'nul\u0000 inside', undefined],
  ],
};

describe('table export', () => {
  it('writes CSV with a BOM, quoted fields, CRLF and every formula-looking text neutralised', () => {
    const csv = toCsv(hostile);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.subarray(3).toString('utf8');
    expect(text.split('\r\n').slice(0, 6)).toEqual([
      `"orgCode","'=title","score"`,
      `"ZJJ","'=HYPERLINK(""http://evil.example"",""点我"")","95.5"`,
      `"D1-S01","'+1+cmd|' /C calc'!A0","-3"`,
      `"D1-S02","'@SUM(A1:A9)","0"`,
      `"D1-S03","'\t=1+1",""`,
      `"D1-S04","'-2+3","true"`,
    ]);
    expect(text).toContain(`"D1-S05","say ""hi"", then\r\nleave","2026-01-02T03:04:05.000Z"`);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('writes XLSX whose cells are text or numbers, never formulas, and opens as the same text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(hostile)) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe('scores  2026 Q4');
    const cells: unknown[][] = [];
    sheet.eachRow((row) => {
      const values: unknown[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        values.push(cell.value);
      });
      cells.push(values);
    });
    expect(cells[0]).toEqual(['orgCode', "'=title", 'score']);
    expect(cells.slice(1).map((r) => r[1])).toEqual([
      '\'=HYPERLINK("http://evil.example","点我")',
      "'+1+cmd|' /C calc'!A0",
      "'@SUM(A1:A9)",
      "'\t=1+1",
      "'-2+3",
      // XML reads a CR LF inside text back as LF
      'say "hi", then\nleave',
      'nul inside',
    ]);
    expect(cells[1][2]).toBe(95.5);
    expect(cells[2][2]).toBe(-3);
  });

  it('names the content type and extension of each format', async () => {
    const csv = await exportTable(hostile, 'csv');
    const xlsx = await exportTable(hostile, 'xlsx');
    expect([csv.contentType, csv.extension]).toEqual(['text/csv; charset=utf-8', 'csv']);
    expect([xlsx.extension, xlsx.body.subarray(0, 2).toString()]).toEqual(['xlsx', 'PK']);
  });
});
