import ExcelJS from 'exceljs';
import { DomainError } from '@app/domain';
import {
  deflatedPart,
  hugePart,
  sheetXml,
  SHEET_HEAD,
  workbookParts,
  xlsxWithSheet,
  zipOf,
  type ZipPart,
} from '../../../../test/support/spreadsheets';
import { readListFile } from '../lists/list-file';
import type { UploadLimits } from './upload-limits';

const limits: UploadLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxUncompressedBytes: 2 * 1024 * 1024,
  maxRows: 100,
  maxColumns: 20,
  maxCells: 1000,
  maxLineBytes: 8 * 1024,
};

/** The refusal a read ends in: its code and the reason and limit of its one detail. */
async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const [d] = e.details;
    return { code: e.code, reason: d?.reason, limit: d?.params?.limit };
  }
  throw new Error('expected a refusal');
}

const read = (buf: Buffer, name = 'list.xlsx', l = limits) => readListFile(buf, name, l);
const grid = (rows: number, cols: number) =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => `r${r}c${c}`));

describe('XLSX limits, checked before exceljs', () => {
  it('reads a workbook within the limits', async () => {
    const file = await read(
      xlsxWithSheet(
        sheetXml([
          ['code', 'name'],
          ['CG-01', '违法建设'],
          ['=1+1', '@x'],
        ]),
      ),
    );
    expect(file).toEqual({
      header: ['code', 'name'],
      rows: [
        { code: 'CG-01', name: '违法建设' },
        { code: '=1+1', name: '@x' },
      ],
    });
  });

  // 200 MB of sheet markup (unknown tags, so only the byte budget can stop it) packed into ~200 KB.
  let bomb: Promise<ZipPart>;
  beforeAll(() => {
    bomb = hugePart('xl/worksheets/sheet1.xml', 200 * 1024 * 1024, { head: SHEET_HEAD, filler: '<x/>' });
  });

  it('refuses a directory that claims more than the budget, without inflating anything', async () => {
    const file = zipOf([...workbookParts(), await bomb]);
    const t = Date.now();
    expect(await refusal(read(file))).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      reason: 'upload_uncompressed_too_large',
      limit: '2 MB',
    });
    expect(Date.now() - t).toBeLessThan(200);
  }, 60_000);

  it.each(['xl/worksheets/sheet1.xml', 'docProps/custom.xml'])(
    'refuses a zip bomb in %s whose directory lies about its size, stopping at the budget',
    async (name) => {
      const file = zipOf([...workbookParts(), { ...(await bomb), name, declaredSize: 1000 }]);
      const t = Date.now();
      expect(await refusal(read(file))).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        reason: 'upload_uncompressed_too_large',
        limit: '2 MB',
      });
      // only the 2 MB budget was inflated, not 200 MB
      expect(Date.now() - t).toBeLessThan(1000);
    },
    60_000,
  );

  it('counts the budget across parts: many small parts add up', async () => {
    const parts = Array.from({ length: 30 }, (_, i) =>
      deflatedPart(`xl/media/filler${i}.xml`, ' '.repeat(100_000)),
    );
    expect(
      await refusal(
        read(
          zipOf([...workbookParts(), ...parts, deflatedPart('xl/worksheets/sheet1.xml', sheetXml([['a']]))]),
        ),
      ),
    ).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      reason: 'upload_uncompressed_too_large',
    });
  });

  it.each([
    [
      'a declared dimension of the whole sheet',
      sheetXml([['a']], { dimension: 'A1:XFD1048576' }),
      'upload_too_many_rows',
    ],
    [
      'a cell in the last column',
      `${SHEET_HEAD}<sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>`,
      'upload_too_many_columns',
    ],
    [
      'a row far down',
      `${SHEET_HEAD}<sheetData><row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData></worksheet>`,
      'upload_too_many_rows',
    ],
    ['more rows than allowed', sheetXml(grid(101, 1)), 'upload_too_many_rows'],
    ['more columns than allowed', sheetXml(grid(1, 21)), 'upload_too_many_columns'],
    ['more cells than allowed', sheetXml(grid(60, 17)), 'upload_too_many_cells'],
    [
      'a merged area of the whole sheet',
      sheetXml([['a']], { after: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' }),
      'upload_too_many_rows',
    ],
    [
      'merged areas covering too many cells',
      sheetXml([['a']], { after: '<mergeCells><mergeCell ref="A1:T60"/></mergeCells>' }),
      'upload_too_many_cells',
    ],
    [
      'a data validation down a whole column',
      sheetXml([['a']], {
        after:
          '<dataValidations><dataValidation type="list" sqref="B2 A2:A1048576"><formula1>"x,y"</formula1></dataValidation></dataValidations>',
      }),
      'upload_too_many_rows',
    ],
    [
      'a cell reference hidden behind a quoted >',
      `${SHEET_HEAD}<sheetData><row r="1"><c x=">" r="XFD1"><v>1</v></c></row></sheetData></worksheet>`,
      'upload_too_many_columns',
    ],
    [
      'cells without references, counted by position',
      `${SHEET_HEAD}<sheetData><row>${'<c><v>1</v></c>'.repeat(21)}</row></sheetData></worksheet>`,
      'upload_too_many_columns',
    ],
    [
      'a cell of a prefixed namespace',
      `${SHEET_HEAD}<x:sheetData><x:row r="1"><x:c r="XFD1"/></x:row></x:sheetData></worksheet>`,
      'upload_too_many_columns',
    ],
    ['a text longer than a line may be', sheetXml([['x'.repeat(9000)]]), 'upload_line_too_long'],
  ])('refuses %s with 422 naming the limit', async (_what, xml, reason) => {
    expect(await refusal(read(xlsxWithSheet(xml)))).toMatchObject({
      code: 'FILE_DIMENSIONS_EXCEEDED',
      reason,
    });
  });

  it('counts exactly across chunk boundaries: the limit passes, one more cell does not', async () => {
    // ~60 KB of sheet XML arrives in several inflater chunks; every tag must be seen once.
    const l = { ...limits, maxCells: 1500, maxRows: 100, maxColumns: 15 };
    const atLimit = sheetXml(grid(100, 15));
    expect((await read(xlsxWithSheet(atLimit), 'f.xlsx', l)).rows).toHaveLength(99);
    const over = sheetXml(grid(100, 15), { after: '<mergeCells><mergeCell ref="A1:B1"/></mergeCells>' });
    expect(await refusal(read(xlsxWithSheet(over), 'f.xlsx', { ...l, maxCells: 1501 }))).toMatchObject({
      reason: 'upload_too_many_cells',
      limit: 1501,
    });
  });

  it('refuses more shared strings than cells', async () => {
    const strings = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${'<si><t>x</t></si>'.repeat(1001)}</sst>`;
    const file = zipOf([
      ...workbookParts(),
      deflatedPart('xl/worksheets/sheet1.xml', sheetXml([['a']])),
      deflatedPart('xl/sharedStrings.xml', strings),
    ]);
    expect(await refusal(read(file))).toMatchObject({
      code: 'FILE_DIMENSIONS_EXCEEDED',
      reason: 'upload_too_many_cells',
    });
  });

  it.each([
    [
      'an entity-encoded reference',
      `${SHEET_HEAD}<sheetData><row r="1"><c r="&#88;FD1"><v>1</v></c></row></sheetData></worksheet>`,
    ],
    ['a DTD', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${SHEET_HEAD}<sheetData/></worksheet>`],
    [
      'a column definition past XFD',
      `${SHEET_HEAD}<cols><col min="1" max="2000000000"/></cols><sheetData/></worksheet>`,
    ],
  ])('refuses %s as an unreadable file (400)', async (_what, xml) => {
    expect(await refusal(read(xlsxWithSheet(xml)))).toMatchObject({ code: 'UNSUPPORTED_FILE' });
  });

  it('refuses a zip that is not one, or is cut short', async () => {
    const good = xlsxWithSheet(sheetXml([['a']]));
    expect(await refusal(read(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)])))).toMatchObject({
      code: 'UNSUPPORTED_FILE',
    });
    expect(await refusal(read(good.subarray(0, good.length - 30)))).toMatchObject({
      code: 'UNSUPPORTED_FILE',
    });
  });
});

describe('XLSX cell values are stored as the text they show', () => {
  it('takes formulas, rich text, hyperlinks, errors, dates and numbers as text; nothing is evaluated', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('list');
    s.addRow(['kind', 'value']);
    s.addRow(['formula with result', { formula: 'CONCATENATE("a","b")', result: 'ab' }]);
    s.addRow(['formula without result', { formula: "cmd|' /C calc'!A0" }]);
    s.addRow(['numeric formula', { formula: '1+1', result: 2 }]);
    s.addRow(['error', { error: '#N/A' }]);
    s.addRow(['rich', { richText: [{ text: '=HYPER' }, { text: 'LINK()' }] }]);
    s.addRow(['link', { text: '@点我', hyperlink: 'http://evil.example/' }]);
    s.addRow(['date', new Date('2025-03-01T00:00:00Z')]);
    s.addRow(['number', 0.5]);
    s.addRow(['text', '-1+2']);
    const file = await read(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(Object.fromEntries(file.rows.map((r) => [r.kind, r.value]))).toEqual({
      'formula with result': 'ab',
      'formula without result': "=cmd|' /C calc'!A0",
      'numeric formula': '2',
      error: '#N/A',
      rich: '=HYPERLINK()',
      link: '@点我',
      date: '2025-03-01',
      number: '0.5',
      text: '-1+2',
    });
  });

  it('names a date cell that cannot be a date (422 with its row and column), rather than failing', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('list');
    s.addRow(['code', 'effective']);
    s.addRow(['CG-01', 1e20]).getCell(2).numFmt = 'yyyy-mm-dd';
    try {
      await read(Buffer.from(await wb.xlsx.writeBuffer()));
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('INVALID_FILE_ROWS');
      expect((e as DomainError).details).toEqual([{ row: 2, column: 'effective', reason: 'bad_cell_value' }]);
    }
  });
});

describe('CSV limits, checked while parsing', () => {
  const csv = (s: string) => read(Buffer.from(s), 'list.csv');

  it('reads a CSV within the limits, keeping formula-looking text as text', async () => {
    expect(await csv('\ufeffcode,name\r\nCG-01,"=1+1"\r\n')).toEqual({
      header: ['code', 'name'],
      rows: [{ code: 'CG-01', name: '=1+1' }],
    });
  });

  it.each([
    ['more rows than allowed', 'a\n'.repeat(101), 'upload_too_many_rows', 100],
    ['two million short lines', 'a\n'.repeat(2_000_000), 'upload_too_many_rows', 100],
    ['a row of a million commas', ','.repeat(1_000_000), 'upload_too_many_columns', 20],
    ['more cells than allowed', `${'a,'.repeat(19)}a\n`.repeat(51), 'upload_too_many_cells', 1000],
    ['a row longer than allowed', `"${'x'.repeat(9000)}"\n`, 'upload_line_too_long', '8 KB'],
  ])('refuses %s with 422 naming the limit', async (_what, text, reason, limit) => {
    expect(await refusal(csv(text))).toEqual({ code: 'FILE_DIMENSIONS_EXCEEDED', reason, limit });
  });

  it('refuses a file above the byte limit even when it did not come through HTTP', async () => {
    expect(await refusal(read(Buffer.alloc(100), 'a.csv', { ...limits, maxBytes: 99 }))).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      reason: 'upload_too_large',
      limit: '99 B',
    });
  });
});
