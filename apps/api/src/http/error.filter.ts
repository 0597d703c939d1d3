import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorBody } from '@app/contract';
import { DomainError, errorMessage, pickLanguage, renderDetail, type ErrorCode } from '@app/domain';
import { isDependencyDown } from './dependency-errors';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  STATE_CONFLICT: 409,
  STALE_VERSION: 409,
  IDEMPOTENCY_CONFLICT: 409,
  LIST_VERSION_EXISTS: 409,
  LIST_NOT_DRAFT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_FILE: 400,
  INVALID_FILE_ROWS: 422,
  RATE_LIMITED: 429,
  DEPENDENCY_DOWN: 503,
  INTERNAL: 500,
  USERNAME_TAKEN: 409,
  DATE_OUT_OF_RANGE: 400,
  FILE_DIMENSIONS_EXCEEDED: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  HEADERS_TOO_LARGE: 431,
  MALFORMED_REQUEST: 400,
  ASSESSMENT_PUBLISHED: 409,
  PERIOD_NOT_BEGUN: 422,
  NOT_TOLERABLE: 422,
  CLAIM_WINDOW_CLOSED: 422,
  CLAIM_EXISTS: 409,
  STAFFING_FLOOR_TOO_HIGH: 422,
  POWER_NOT_HELD: 422,
};

/** Framework errors (routing, multer, throttler, body parser) by status. */
const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'DEPENDENCY_DOWN',
};

/** Turns any error into API.md's error body, in the caller's language (zh-CN by default). */
export function errorBody(error: unknown, acceptLanguage: string | undefined): ErrorBody {
  const lang = pickLanguage(acceptLanguage);
  let code: ErrorCode;
  let details: ErrorBody['details'] = [];
  if (error instanceof DomainError) {
    code = error.code;
    details = error.details.map((d) => renderDetail(d, lang));
  } else if (error instanceof HttpException) {
    code = CODE_OF_STATUS[error.getStatus()] ?? 'INTERNAL';
  } else if (isBodyParserError(error)) {
    code =
      error.type === 'entity.too.large'
        ? 'PAYLOAD_TOO_LARGE'
        : error.status === 415 // a charset or Content-Encoding the parser cannot decode
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : 'MALFORMED_JSON';
  } else if (isDependencyDown(error)) {
    code = 'DEPENDENCY_DOWN';
  } else {
    code = 'INTERNAL';
  }
  return { statusCode: STATUS[code], code, message: errorMessage(code, lang), details };
}

function isBodyParserError(e: unknown): e is { type: string; status: number } {
  return (
    typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' && 'status' in e
  );
}

/** The one exception filter: every failure leaves the API as API.md's error body. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const body = errorBody(exception, req.headers['accept-language']);
    // The request's id and URL, so this line and its access line (http/access-log.ts) can be paired.
    if (body.statusCode >= 500)
      this.log.error({
        req: { id: req.id, method: req.method, url: req.originalUrl },
        err: exception instanceof Error ? exception : new Error(String(exception)),
      });
    // A refusal that knows when to come back says so (login throttling: RateLimitedError).
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(body.statusCode).json(body);
  }
}
