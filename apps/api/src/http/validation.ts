import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { validationError, type ErrorDetail } from '@app/domain';
import { dateWindow } from './dates';

/** Constraint parameters recovered from class-validator's English message, in the order they appear. */
const NUMERIC_PARAMS: Record<string, string[]> = {
  maxLength: ['max'],
  minLength: ['min'],
  min: ['min'],
  max: ['max'],
  arrayMinSize: ['min'],
  arrayMaxSize: ['max'],
};

function detailsOf(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property)
      ? `${prefix}[${e.property}]`
      : prefix
        ? `${prefix}.${e.property}`
        : e.property;
    for (const [constraint, text] of Object.entries(e.constraints ?? {})) {
      // @Length reports one bound at a time ("longer than or equal to 1"): name the bound it broke.
      const reason =
        constraint === 'isLength'
          ? /longer than/.test(text)
            ? 'minLength'
            : /shorter than/.test(text)
              ? 'maxLength'
              : constraint
          : constraint;
      const params: Record<string, string | number> = {};
      // Numbers after the property name (which may itself hold digits) are the constraint's bounds.
      const numbers = text.slice(e.property.length).match(/-?\d+(\.\d+)?/g) ?? [];
      (NUMERIC_PARAMS[reason] ?? []).forEach(
        (name, i) => numbers[i] !== undefined && (params[name] = Number(numbers[i])),
      );
      if (reason === 'isIn') params.allowed = text.split(': ').slice(1).join(': ');
      if (reason === 'date_out_of_range') Object.assign(params, dateWindow());
      out.push({ field, reason, params, text });
    }
    if (e.children?.length) out.push(...detailsOf(e.children, field));
  }
  return out;
}

/** The global pipe: DTOs validated once at the edge, unknown fields refused, every bad field reported. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => validationError(detailsOf(errors)),
});
