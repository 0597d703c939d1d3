import type { AppConfig } from '@app/config';
import { DomainError } from '@app/domain';

/**
 * What one uploaded table file (CSV or XLSX: the responsibility list, later the catalogue of
 * delegated powers) may hold. Each limit is checked while the file is read, before anything is
 * held in memory in proportion to the file's claims, and names itself in the refusal.
 */
export interface UploadLimits {
  /** Bytes of the file as sent (multer stops reading beyond it). */
  maxBytes: number;
  /** Bytes all parts of an XLSX unpack to, together. */
  maxUncompressedBytes: number;
  /** Rows per sheet, header included; also the highest row number a sheet may name. */
  maxRows: number;
  /** Columns per row; also the highest column a sheet may name. */
  maxColumns: number;
  /** Cells in the whole file, counting what exceljs would materialise. */
  maxCells: number;
  /** Characters (bytes, for XLSX markup) of one CSV row, one XLSX text or one XLSX tag. */
  maxLineBytes: number;
}

/**
 * A valid XLSX has a dozen parts (more with images or many sheets); a thousand leaves room while
 * bounding the per-part work.
 */
export const MAX_ZIP_ENTRIES = 1000;

/** exceljs checks each merged area against every other one (quadratic), so their number is capped. */
export const MAX_MERGED_AREAS = 1000;

/** Excel's own last column (XFD); `<col>` definitions beyond it are not a spreadsheet. */
export const EXCEL_MAX_COLUMN = 16384;

export function uploadLimits(config: AppConfig): UploadLimits {
  return {
    maxBytes: config.UPLOAD_LIMIT_BYTES,
    maxUncompressedBytes: config.UPLOAD_MAX_UNCOMPRESSED_BYTES,
    maxRows: config.UPLOAD_MAX_ROWS,
    maxColumns: config.UPLOAD_MAX_COLUMNS,
    maxCells: config.UPLOAD_MAX_CELLS,
    maxLineBytes: config.UPLOAD_MAX_LINE_BYTES,
  };
}

/** `5 MB`, `128 KB`, `900 B`: how a limit reads in a message. */
export function formatBytes(n: number): string {
  const mb = n / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  const kb = n / 1024;
  if (kb >= 1) return `${Number.isInteger(kb) ? kb : kb.toFixed(1)} KB`;
  return `${n} B`;
}

/** 413: the file, or what it unpacks to, is larger than a limit. */
export function fileTooLarge(reason: string, limit: string | number): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', [{ field: 'file', reason, params: { limit } }]);
}

/** 422: the file parsed but has more rows, columns, cells or characters than a limit. */
export function fileTooMany(reason: string, limit: string | number): DomainError {
  return new DomainError('FILE_DIMENSIONS_EXCEEDED', [{ field: 'file', reason, params: { limit } }]);
}

/** 400: not a file we can read; `why` is kept as fallback text. */
export function unsupportedFile(why: string): DomainError {
  return new DomainError('UNSUPPORTED_FILE', [{ field: 'file', reason: 'unsupported_file', text: why }]);
}
