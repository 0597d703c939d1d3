import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage, type ValidatorOptions } from 'class-validator';
import { DomainError, unsafeTextDetails, validationError, type ErrorDetail } from '@app/domain';
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
    const constraints = Object.entries(e.constraints ?? {});
    // An empty text breaks its minimum length and @NotBlank alike: name the field once, by length.
    const tooShort = constraints.some(([c, t]) => c === 'isLength' && /longer than/.test(t));
    for (const [constraint, text] of constraints) {
      if (constraint === 'notBlank' && tooShort) continue;
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

/** The properties a DTO class declares (has validation metadata for), by class. */
type DtoClass = abstract new (...args: never[]) => object;
const declared = new Map<DtoClass, ReadonlySet<string>>();
function declaredProperties(ctor: DtoClass): ReadonlySet<string> {
  let names = declared.get(ctor);
  if (!names) {
    const metas = getMetadataStorage().getTargetValidationMetadatas(ctor, '', true, false);
    names = new Set(metas.map((m) => m.propertyName));
    declared.set(ctor, names);
  }
  return names;
}

/**
 * Explicit `null` means absent (API.md leaves optional fields "null / absent"): a null property
 * the DTO declares is deleted before validation, so `@IsOptional` fields are simply missing and a
 * required one fails its checks, named, like a missing one. A null under a name the DTO does not
 * declare stays, so the whitelist refuses it as the unknown field it is. Only DTO instances are
 * touched (nested DTOs too): free-form data inside them, such as a routing rule's
 * `{ "eq": null }`, keeps its nulls.
 */
function dropNulls(value: unknown, seen = new Set<object>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) return value.forEach((v) => dropNulls(v, seen));
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === null || proto === Object.prototype) return;
  const known = declaredProperties((value as object).constructor as DtoClass);
  for (const [k, v] of Object.entries(value)) {
    if (v === null && known.has(k)) delete (value as Record<string, unknown>)[k];
    else dropNulls(v, seen);
  }
}

/**
 * The edge every body, query and multipart field goes through before a handler sees it:
 * - text the API refuses (NUL, control characters, lone surrogates, noncharacters; libs/domain
 *   `safe-text.ts`) in any string or key, however deep, and the keys `__proto__`, `constructor` and
 *   `prototype` (which class-transformer and Nest would otherwise drop without a word): 400 naming
 *   each, together with every structural problem of the DTO;
 * - explicit nulls dropped (see dropNulls), unknown fields refused, every bad field reported.
 * Path parameters are left to their own checks (an id that is not one is 404, not 400).
 */
export class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body' && metadata.type !== 'query') return super.transform(value, metadata);
    const unsafe = unsafeTextDetails(value);
    if (!unsafe.length) return super.transform(value, metadata);
    let structural: ErrorDetail[] = [];
    try {
      await super.transform(value, metadata);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'VALIDATION_FAILED') throw e;
      // A reserved key is reported once, by us (Nest strips `__proto__` itself, not the others).
      const named = new Set(unsafe.map((d) => d.field));
      structural = e.details.filter((d) => !named.has(d.field));
    }
    throw validationError([...unsafe, ...structural]);
  }

  protected override validate(object: object, validatorOptions?: ValidatorOptions) {
    dropNulls(object);
    return super.validate(object, validatorOptions);
  }
}

/** The global pipe: DTOs validated once at the edge, unknown fields refused, every bad field reported. */
export const validationPipe = new EdgeValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => validationError(detailsOf(errors)),
});
