import { parse } from 'csv-parse/sync';
import { DomainError } from '@app/domain';
import { fileTooMany, formatBytes, unsupportedFile, type UploadLimits } from './upload-limits';

/**
 * Parses a CSV (UTF-8, BOM allowed) into rows of text, refusing it as soon as it exceeds a limit:
 * columns and cells are counted field by field, rows record by record, and a row's characters by
 * the parser itself, so a 5 MB file of two million one-character lines or of one row with a
 * million commas is stopped after at most `maxCells` small strings. Fields are never cast.
 */
export function parseCsvGuarded(buffer: Buffer, limits: UploadLimits): string[][] {
  let cells = 0;
  let rows = 0;
  try {
    return parse(buffer, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: limits.maxLineBytes,
      cast: (value: string, context: { column: number | string }) => {
        if (Number(context.column) >= limits.maxColumns)
          throw fileTooMany('upload_too_many_columns', limits.maxColumns);
        if (++cells > limits.maxCells) throw fileTooMany('upload_too_many_cells', limits.maxCells);
        return value;
      },
      on_record: (record: string[]) => {
        if (++rows > limits.maxRows) throw fileTooMany('upload_too_many_rows', limits.maxRows);
        return record;
      },
    }) as string[][];
  } catch (e) {
    if (e instanceof DomainError) throw e;
    if ((e as { code?: string }).code === 'CSV_MAX_RECORD_SIZE')
      throw fileTooMany('upload_line_too_long', formatBytes(limits.maxLineBytes));
    throw unsupportedFile((e as Error).message);
  }
}
