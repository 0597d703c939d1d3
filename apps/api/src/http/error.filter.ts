import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

/** Framework errors (routing, Fastify, multipart, throttler) by status. */
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
  } else if (isFastifyError(error)) {
    code = FASTIFY_CODES[error.code] ?? CODE_OF_STATUS[error.statusCode] ?? 'INTERNAL';
  } else if (isDependencyDown(error)) {
    code = 'DEPENDENCY_DOWN';
  } else {
    code = 'INTERNAL';
  }
  return { statusCode: STATUS[code], code, message: errorMessage(code, lang), details };
}

/**
 * Fastify's own errors (`FST_…`, with an HTTP status) that reach a filter unmapped: those raised
 * while reading a body or a URL. Nest turns most of them into an HttpException of their status first.
 */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
};

function isFastifyError(e: unknown): e is { code: string; statusCode: number } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    (e as { code: string }).code.startsWith('FST_') &&
    typeof (e as { statusCode?: unknown }).statusCode === 'number'
  );
}

/** Marks an error raised after the whole body was read: the connection may serve the next request. */
export const BODY_CONSUMED = Symbol('bodyConsumed');

/** The one exception filter: every failure leaves the API as API.md's error body. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const body = errorBody(exception, req.headers['accept-language']);
    // The request's id and URL, so this line and its access line (http/access-log.ts) can be paired.
    if (body.statusCode >= 500)
      this.log.error({
        req: { id: req.raw.id, method: req.method, url: req.originalUrl },
        err: exception instanceof Error ? exception : new Error(String(exception)),
      });
    // A refusal that knows when to come back says so (login throttling: RateLimitedError).
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.header('retry-after', String(retryAfter));
    // Fastify closes the connection after any body parser error, in case the client sends more of
    // the body; one the parser read to its end leaves the connection open, as Express did.
    if ((exception as { [BODY_CONSUMED]?: boolean } | null)?.[BODY_CONSUMED]) res.removeHeader('connection');
    // JSON whatever the handler declared (`@Header('Content-Type', …)` on /metrics), as res.json did.
    void res.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
