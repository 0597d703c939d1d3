import { neutraliseCell } from '@app/domain';
import { loadExcelJs } from './exceljs';

/** A value of an exported cell; dates leave as ISO text, numbers and booleans as themselves. */
export type ExportValue = string | number | boolean | Date | null | undefined;

/** A table to export: a header row and rows of values in the header's order. */
export interface ExportTable {
  /** The XLSX sheet's name (Excel allows 31 characters, none of `[]:*?/\`). */
  sheetName: string;
  header: string[];
  rows: ExportValue[][];
}

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportedFile {
  contentType: string;
  extension: ExportFormat;
  body: Buffer;
}

/**
 * The one way DutyGate writes CSV or XLSX (assessment scorecards, staffing reports, lists…): every
 * text cell goes through the domain's `neutraliseCell`, so text a user typed (a title, a reason, a
 * cell of an imported list) opens as text and never as a formula, whichever export it leaves by.
 */
export async function exportTable(table: ExportTable, format: ExportFormat): Promise<ExportedFile> {
  return format === 'csv'
    ? { contentType: 'text/csv; charset=utf-8', extension: 'csv', body: toCsv(table) }
    : {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extension: 'xlsx',
        body: await toXlsx(table),
      };
}

/**
 * RFC 4180 CSV: every field quoted (quotes doubled), CRLF line ends, and a UTF-8 byte-order mark so
 * that Excel reads Chinese text correctly.
 */
export function toCsv(table: ExportTable): Buffer {
  const line = (values: ExportValue[]) =>
    values.map((v) => `"${exportText(v).replaceAll('"', '""')}"`).join(',');
  const text = [table.header, ...table.rows].map(line).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** An XLSX of one sheet: the header in bold, numbers as numbers, everything else as neutralised text. */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(sheetName(table.sheetName));
  sheet.addRow(table.header.map((h) => xmlSafe(neutraliseCell(h)))).font = { bold: true };
  for (const row of table.rows)
    sheet.addRow(row.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : xmlSafe(exportText(v)))));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The text of a value as exported: neutralised when it is text. */
function exportText(v: ExportValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return neutraliseCell(String(v));
}

/** XML 1.0 cannot hold these (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/FFFF). */
const XML_ILLEGAL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function xmlSafe(s: string): string {
  return s.replace(XML_ILLEGAL, '');
}

function sheetName(name: string): string {
  return (
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet1'
  );
}
