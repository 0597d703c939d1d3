import {
  applyDecorators,
  Inject,
  Injectable,
  mixin,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { AppConfig } from '@app/config';
import { DomainError, type ErrorCode, type ErrorDetail } from '@app/domain';
import { formatBytes } from '@app/workflow';

/**
 * Limits of a multipart upload besides the file's size. An import form carries one file and a few
 * short text fields (a version, a date): ten fields of at most 1 KB, names of at most 100 bytes,
 * and a dozen parts are plenty, and keep busboy from collecting thousands of fields or a field of
 * megabytes before anyone looks at them.
 */
const FORM = { files: 1, fields: 10, fieldSize: 1024, fieldNameSize: 100, parts: 12, headerPairs: 100 };

/** multer's limits for an upload: the file stops at UPLOAD_LIMIT_BYTES, the form at FORM. */
export function multipartLimits(config: AppConfig): multer.Options['limits'] {
  return { ...FORM, fileSize: config.UPLOAD_LIMIT_BYTES };
}

/**
 * One uploaded file in the multipart field `field`, held in memory. The stream is cut at the limit
 * before it is buffered (multer stops storing and drains the rest), and every multer or busboy
 * failure becomes API.md's error body naming the limit: 413 for too large, 400 for a malformed or
 * unexpected part. Guards (authentication, roles) run before this, so nobody unauthorised makes
 * the API read an upload at all. Use it for every file import.
 */
export function FileUpload(field = 'file') {
  return applyDecorators(UseInterceptors(uploadInterceptor(field)), ApiConsumes('multipart/form-data'));
}

function uploadInterceptor(field: string): Type<NestInterceptor> {
  @Injectable()
  class UploadInterceptor implements NestInterceptor {
    private readonly upload: RequestHandler;
    private readonly fileLimit: string;

    constructor(@Inject(AppConfig) config: AppConfig) {
      this.fileLimit = formatBytes(config.UPLOAD_LIMIT_BYTES);
      this.upload = multer({ storage: multer.memoryStorage(), limits: multipartLimits(config) }).single(
        field,
      );
    }

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const http = context.switchToHttp();
      await new Promise<void>((resolve, reject) =>
        this.upload(http.getRequest<Request>(), http.getResponse<Response>(), (err?: unknown) =>
          err ? reject(uploadError(err, field, this.fileLimit)) : resolve(),
        ),
      );
      return next.handle();
    }
  }
  return mixin(UploadInterceptor);
}

function uploadError(err: unknown, field: string, fileLimit: string): DomainError {
  const fail = (code: ErrorCode, detail: ErrorDetail) => new DomainError(code, [detail]);
  if (err instanceof multer.MulterError) {
    const named = err.field ?? field;
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return fail('PAYLOAD_TOO_LARGE', { field, reason: 'upload_too_large', params: { limit: fileLimit } });
      case 'LIMIT_FIELD_COUNT':
      case 'LIMIT_PART_COUNT':
        return fail('PAYLOAD_TOO_LARGE', {
          field: named,
          reason: 'upload_too_many_fields',
          params: { limit: FORM.fields },
        });
      case 'LIMIT_FIELD_KEY':
        return fail('PAYLOAD_TOO_LARGE', {
          field: named,
          reason: 'upload_field_too_long',
          params: { limit: `${FORM.fieldNameSize} B` },
        });
      case 'LIMIT_FIELD_VALUE':
        return fail('PAYLOAD_TOO_LARGE', {
          field: named,
          reason: 'upload_field_too_long',
          params: { limit: formatBytes(FORM.fieldSize) },
        });
      case 'LIMIT_FILE_COUNT':
        return fail('VALIDATION_FAILED', {
          field,
          reason: 'upload_too_many_files',
          params: { limit: FORM.files },
        });
      case 'LIMIT_UNEXPECTED_FILE':
        return fail('VALIDATION_FAILED', {
          field: named,
          reason: 'upload_unexpected_file',
          params: { expected: field },
        });
      default:
        return fail('VALIDATION_FAILED', { field: named, reason: 'upload_malformed', text: err.message });
    }
  }
  // busboy: a missing boundary, a malformed part header, a form cut short.
  return fail('VALIDATION_FAILED', { field, reason: 'upload_malformed', text: (err as Error)?.message });
}
