import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '@app/contract';

/** The statuses the API answers with API.md's error body (there is no 415: see openapi/document.ts). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

/**
 * Documents an error response an operation may give, with the error body's schema. The ones every
 * operation of a kind has (400 for input, 404 for path ids, 413 for bodies) are added by the
 * document builder and 401/403 by `@Roles`; handlers name the others (409, 422, 429, 503), saying when.
 */
export const ApiError = (status: ErrorStatus, description: string): MethodDecorator =>
  ApiResponse({ status, description, type: ErrorBody });
