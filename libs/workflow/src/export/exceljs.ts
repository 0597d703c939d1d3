import type ExcelJS from 'exceljs';

let loaded: Promise<typeof ExcelJS> | undefined;

/**
 * exceljs, loaded with the first spreadsheet read or written instead of at start-up: requiring it
 * was about a sixth of the API's and the worker's start (measured with --cpu-prof), for a feature
 * most processes use rarely or never.
 */
export function loadExcelJs(): Promise<typeof ExcelJS> {
  loaded ??= import('exceljs').then(
    (m) => (m as { default?: typeof ExcelJS }).default ?? (m as typeof ExcelJS),
  );
  return loaded;
}
