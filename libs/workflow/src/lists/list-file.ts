import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DomainError } from '@app/domain';

export interface ListFile {
  header: string[];
  rows: Record<string, string>[];
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Reads a list file, CSV (UTF-8, BOM allowed) or XLSX (first sheet), into a header and rows of text. */
export async function readListFile(buffer: Buffer, filename: string): Promise<ListFile> {
  const isXlsx = buffer.subarray(0, 4).equals(XLSX_MAGIC) || /\.xlsx$/i.test(filename);
  return isXlsx ? readXlsx(buffer) : readCsv(buffer);
}

function readCsv(buffer: Buffer): ListFile {
  let records: string[][];
  try {
    records = parse(buffer, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    throw new DomainError('UNSUPPORTED_FILE', [
      { field: 'file', reason: 'unsupported_file', text: (e as Error).message },
    ]);
  }
  return toRows(records);
}

async function readXlsx(buffer: Buffer): Promise<ListFile> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (e) {
    throw new DomainError('UNSUPPORTED_FILE', [
      { field: 'file', reason: 'unsupported_file', text: (e as Error).message },
    ]);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return { header: [], rows: [] };
  const records: string[][] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    records.push(cells);
  });
  return toRows(records);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result === undefined ? '' : String(v.result);
    return '';
  }
  return String(v);
}

function toRows(records: string[][]): ListFile {
  const [header = [], ...body] = records;
  const names = header.map((h) => h.trim());
  const rows = body
    .filter((r) => r.some((c) => c.trim() !== ''))
    .map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? ''])));
  return { header: names, rows };
}
