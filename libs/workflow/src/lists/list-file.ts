import type ExcelJS from 'exceljs';
import { DomainError, listColumnKey, type ErrorDetail } from '@app/domain';
import { parseCsvGuarded } from '../files/csv-guard';
import { fileTooLarge, formatBytes, type UploadLimits } from '../files/upload-limits';
import { inspectXlsx } from '../files/xlsx-guard';
import { loadExcelJs } from '../export/exceljs';

export interface ListFile {
  header: string[];
  rows: Record<string, string>[];
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Reads a table file, CSV (UTF-8, BOM allowed) or XLSX (first sheet), into a header and rows of
 * text, within `limits` (see files/upload-limits.ts): nothing about the list is assumed here, so
 * any import of a spreadsheet (the catalogue of delegated powers too) reads through it.
 */
export async function readListFile(
  buffer: Buffer,
  filename: string,
  limits: UploadLimits,
): Promise<ListFile> {
  return (await readListWorkbook(buffer, filename, limits, [])).first;
}

/**
 * The same, plus the first sheet whose name is one of `extraSheets` (an XLSX only; null for a CSV
 * or a workbook without such a sheet): a list import's powers sheet is read from the workbook
 * that was guarded and loaded once.
 */
export async function readListWorkbook(
  buffer: Buffer,
  filename: string,
  limits: UploadLimits,
  extraSheets: readonly string[],
): Promise<{ first: ListFile; extra: ListFile | null }> {
  // multer already stopped at this size; a caller that did not come through HTTP is held to it too.
  if (buffer.length > limits.maxBytes) throw fileTooLarge('upload_too_large', formatBytes(limits.maxBytes));
  const isXlsx = buffer.subarray(0, 4).equals(XLSX_MAGIC) || /\.xlsx$/i.test(filename);
  return isXlsx ? readXlsx(buffer, limits, extraSheets) : { first: readCsv(buffer, limits), extra: null };
}

function readCsv(buffer: Buffer, limits: UploadLimits): ListFile {
  return toRows(parseCsvGuarded(buffer, limits));
}

async function readXlsx(
  buffer: Buffer,
  limits: UploadLimits,
  extraSheets: readonly string[],
): Promise<{ first: ListFile; extra: ListFile | null }> {
  // Sizes, dimensions and cell counts are checked on the packed file first: exceljs is only
  // handed a workbook whose unpacked size and cells are known to be within the limits.
  await inspectXlsx(buffer, limits);
  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (e) {
    throw new DomainError('UNSUPPORTED_FILE', [
      { field: 'file', reason: 'unsupported_file', text: (e as Error).message },
    ]);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return { first: { header: [], rows: [] }, extra: null };
  const extra = wb.worksheets.find((w, i) => i > 0 && extraSheets.includes(w.name.trim()));
  return { first: readSheet(sheet), extra: extra ? readSheet(extra) : null };
}

/** One sheet's rows as text; every unreadable cell is named (row, column) at once. */
function readSheet(sheet: ExcelJS.Worksheet): ListFile {
  const records: string[][] = [];
  const problems: ErrorDetail[] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const text = cellText(row.getCell(c).value);
      if (text === null) {
        problems.push({
          row: row.number,
          column: records[0]?.[c - 1]?.trim() || columnLetters(c),
          reason: 'bad_cell_value',
        });
        cells.push('');
      } else cells.push(text);
    }
    records.push(cells);
  });
  if (problems.length) throw new DomainError('INVALID_FILE_ROWS', problems);
  return toRows(records);
}

/**
 * The text a cell shows, stored as text whatever it holds: a formula contributes its cached result
 * (or, without one, its own text, `=...`, which is never evaluated here and is neutralised by every
 * export), rich text and hyperlinks their text, an error value its code, a date its ISO day.
 * null: the value cannot be shown (a date out of range).
 */
function cellText(v: ExcelJS.CellValue | undefined, depth = 0): string | null {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v !== 'object') return String(v);
  // Nested values (a formula whose result is a hyperlink...) go at most a few levels deep.
  if (depth > 3) return null;
  if ('richText' in v && Array.isArray(v.richText))
    return v.richText.map((r) => String(r.text ?? '')).join('');
  if ('error' in v) return String(v.error);
  if ('formula' in v || 'sharedFormula' in v) {
    const f = v as ExcelJS.CellFormulaValue | ExcelJS.CellSharedFormulaValue;
    if (f.result !== undefined && f.result !== null)
      return cellText(f.result as ExcelJS.CellValue, depth + 1);
    const formula = 'formula' in f ? f.formula : f.sharedFormula;
    return formula ? `=${formula}` : '';
  }
  if ('text' in v) return cellText(v.text as ExcelJS.CellValue, depth + 1);
  return '';
}

function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function toRows(records: string[][]): ListFile {
  const [header = [], ...body] = records;
  // A Chinese header (the template's, an export's) reads as the seed's column key.
  const names = header.map((h) => listColumnKey(h.trim()));
  const rows = body
    .filter((r) => r.some((c) => c.trim() !== ''))
    .map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? ''])));
  return { header: names, rows };
}
