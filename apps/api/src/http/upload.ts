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
import type { FastifyRequest } from 'fastify';
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

/** The multipart limits of an upload (busboy's): the file stops at UPLOAD_LIMIT_BYTES, the form at FORM. */
export function multipartLimits(config: AppConfig) {
  return { ...FORM, fileSize: config.UPLOAD_LIMIT_BYTES };
}

/** What the controller gets for the uploaded file (`@UploadedFile()`), in multer's shape as before. */
export interface UploadedFileInMemory {
  fieldname: string;
  originalname: string;
  encoding: string;
  mimetype: string;
  buffer: Buffer;
  size: number;
}

/** A form failure named as multer named them, so the error bodies stay what they were. */
class FormError extends Error {
  constructor(
    readonly code: string,
    readonly field?: string,
  ) {
    super(code);
  }
}

/**
 * One uploaded file in the multipart field `field`, held in memory (@fastify/multipart, registered
 * in main.ts with multipartLimits). The stream is cut at the limit before it is buffered (the rest
 * of the request is not read), and every busboy failure becomes API.md's error body naming the
 * limit: 413 for too large, 400 for a malformed or unexpected part. Guards (authentication, roles)
 * run before this, so nobody unauthorised makes the API read an upload at all. The controller reads
 * the file with `@UploadedFile()` and the text fields with `@Body()`, as with multer. Use it for
 * every file import.
 */
export function FileUpload(field = 'file') {
  return applyDecorators(UseInterceptors(uploadInterceptor(field)), ApiConsumes('multipart/form-data'));
}

type UploadRequest = FastifyRequest & { file?: UploadedFileInMemory; body: unknown };

function uploadInterceptor(field: string): Type<NestInterceptor> {
  @Injectable()
  class UploadInterceptor implements NestInterceptor {
    private readonly fileLimit: string;

    constructor(@Inject(AppConfig) config: AppConfig) {
      this.fileLimit = formatBytes(config.UPLOAD_LIMIT_BYTES);
    }

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<UploadRequest>();
      // Not a form (an empty body; the content type guard refused any other): nothing to read.
      if (!req.isMultipart()) return next.handle();
      try {
        const { body, file } = await readForm(req, field);
        req.body = body;
        // An own property: it hides @fastify/multipart's `request.file()` for this request only.
        Object.defineProperty(req, 'file', { value: file, configurable: true, writable: true });
      } catch (err) {
        throw uploadError(err, field, this.fileLimit);
      }
      return next.handle();
    }
  }
  return mixin(UploadInterceptor);
}

/** The form's text fields and its one file, checked as multer's `.single(field)` checked them. */
async function readForm(req: UploadRequest, field: string) {
  const body: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let file: UploadedFileInMemory | undefined;
  for await (const part of req.parts()) {
    if (part.fieldname.length > FORM.fieldNameSize) throw new FormError('LIMIT_FIELD_KEY');
    if (part.type === 'file') {
      if (part.fieldname !== field) throw new FormError('LIMIT_UNEXPECTED_FILE', part.fieldname);
      const buffer = await part.toBuffer();
      file = {
        fieldname: part.fieldname,
        originalname: part.filename,
        encoding: part.encoding,
        mimetype: part.mimetype,
        buffer,
        size: buffer.length,
      };
    } else {
      if (part.fieldnameTruncated) throw new FormError('LIMIT_FIELD_KEY');
      if (part.valueTruncated) throw new FormError('LIMIT_FIELD_VALUE', part.fieldname);
      const value = part.value as string;
      const prior = body[part.fieldname];
      body[part.fieldname] =
        prior === undefined
          ? value
          : Array.isArray(prior)
            ? [...(prior as unknown[]), value]
            : [prior, value];
    }
  }
  return { body, file };
}

/** @fastify/multipart's and busboy's failures under multer's names. */
const MULTIPART_CODES: Record<string, string> = {
  FST_REQ_FILE_TOO_LARGE: 'LIMIT_FILE_SIZE',
  FST_FIELDS_LIMIT: 'LIMIT_FIELD_COUNT',
  FST_PARTS_LIMIT: 'LIMIT_PART_COUNT',
  FST_FILES_LIMIT: 'LIMIT_FILE_COUNT',
};

function uploadError(err: unknown, field: string, fileLimit: string): DomainError {
  const fail = (code: ErrorCode, detail: ErrorDetail) => new DomainError(code, [detail]);
  const code = err instanceof FormError ? err.code : MULTIPART_CODES[(err as { code?: string })?.code ?? ''];
  if (code) {
    const named = (err instanceof FormError ? err.field : undefined) ?? field;
    switch (code) {
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
    }
  }
  // busboy: a missing boundary, a malformed part header, a form cut short.
  return fail('VALIDATION_FAILED', { field, reason: 'upload_malformed', text: (err as Error)?.message });
}
