/**
 * Every failure the application reports to a user is a DomainError with a stable code. Only the
 * HTTP layer maps codes to statuses; the worker logs them. Messages are looked up by code in
 * `messages.ts` so that each one exists in zh-CN and en.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'STATE_CONFLICT',
  'STALE_VERSION',
  'IDEMPOTENCY_CONFLICT',
  'LIST_VERSION_EXISTS',
  'LIST_NOT_DRAFT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_FILE',
  'INVALID_FILE_ROWS',
  'RATE_LIMITED',
  'DEPENDENCY_DOWN',
  'INTERNAL',
  'USERNAME_TAKEN',
  'DATE_OUT_OF_RANGE',
  'FILE_DIMENSIONS_EXCEEDED',
  'UNSUPPORTED_MEDIA_TYPE',
  'METHOD_NOT_ALLOWED',
  'HEADERS_TOO_LARGE',
  'MALFORMED_REQUEST',
  'ASSESSMENT_PUBLISHED',
  'PERIOD_NOT_BEGUN',
  'NOT_TOLERABLE',
  'CLAIM_WINDOW_CLOSED',
  'CLAIM_EXISTS',
  'STAFFING_FLOOR_TOO_HIGH',
  'POWER_NOT_HELD',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * One bad field or row. `reason` is a key of the detail catalogue (`detail-messages.ts`), or a
 * class-validator constraint name; `params` fill its placeholders. The HTTP layer renders it.
 */
export interface ErrorDetail {
  field?: string;
  row?: number;
  column?: string;
  reason: string;
  params?: Record<string, string | number>;
  /** Fallback text (English) when the reason has no catalogue entry. */
  text?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: ErrorDetail[] = [],
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const validationError = (details: ErrorDetail[]) => new DomainError('VALIDATION_FAILED', details);
