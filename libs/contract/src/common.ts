import type { ErrorCode } from '@app/domain/errors/domain-error';

/** One bad field, row or column of a refused request, in the caller's language. */
export class ErrorBodyDetail {
  /** The field as sent, with its path (`streetCodes[0]`, `resources.funding`). */
  field?: string;
  /** The row of an uploaded file (1 = the header row). */
  row?: number;
  /** The column of an uploaded file, by its header. */
  column?: string;
  message!: string;
}

/** Every error response of the API has this body (API.md "Errors"). */
export class ErrorBody {
  /** The HTTP status, repeated. */
  statusCode!: number;
  /** Stable, upper-snake: what a client branches on. */
  code!: ErrorCode;
  /** Human-readable, in zh-CN (default) or en (`Accept-Language`). */
  message!: string;
  /** Every bad field or row; empty when the error is not about the request's content. */
  details!: ErrorBodyDetail[];
}

/** One page of a keyset-paginated list, newest first. */
export interface Page<T> {
  items: T[];
  /** Send it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** The query parameters of every keyset-paginated list. */
export interface PageParams {
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Items per page, 1–200 (default 50). */
  limit?: number;
}
