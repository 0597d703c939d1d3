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

/** Query strings remembered at most, over all DTO classes; past it the memo starts afresh. */
const QUERY_MEMO_MAX = 2_000;
/** Longer query strings (as JSON) are validated every time and never remembered. */
const QUERY_MEMO_KEY_MAX = 512;

type Primitive = string | number | boolean | null | undefined;
const isPrimitive = (v: unknown): v is Primitive => v === null || typeof v !== 'object';

/**
 * Query DTOs validated before, by class and raw query: a screen asks the same list with the same
 * query string all day, and turning `?limit=20` into a checked AssignmentListQuery through
 * class-transformer and class-validator cost about 9 % of a list request's CPU and 40 kB of its
 * allocation (class-validator gathers the class's metadata anew on every call). Validation is a
 * pure function of the class and the raw values (the date window is fixed at boot), so only
 * successes are kept, and only DTOs whose fields are primitives or arrays of them, handed out as
 * copies, so a handler that changes its DTO changes no later request's.
 */
class QueryMemo {
  private readonly byClass = new Map<unknown, Map<string, Record<string, unknown>>>();
  private size = 0;

  /** The key of a raw query, or null when it is not to be remembered. */
  key(value: unknown): string | null {
    if (typeof value !== 'object' || value === null) return null;
    const key = JSON.stringify(value);
    return key.length <= QUERY_MEMO_KEY_MAX ? key : null;
  }

  get(metatype: unknown, key: string): object | undefined {
    const dto = this.byClass.get(metatype)?.get(key);
    return dto && copyOf(dto);
  }

  set(metatype: unknown, key: string, dto: unknown): void {
    if (typeof dto !== 'object' || dto === null || !isFlat(dto as Record<string, unknown>)) return;
    if (this.size >= QUERY_MEMO_MAX) {
      this.byClass.clear();
      this.size = 0;
    }
    let known = this.byClass.get(metatype);
    if (!known) this.byClass.set(metatype, (known = new Map()));
    if (!known.has(key)) this.size++;
    known.set(key, copyOf(dto as Record<string, unknown>));
  }
}

function isFlat(dto: Record<string, unknown>): boolean {
  return Object.values(dto).every((v) => isPrimitive(v) || (Array.isArray(v) && v.every(isPrimitive)));
}

/** A new instance of the DTO's class with the same fields (arrays copied). */
function copyOf(dto: Record<string, unknown>): Record<string, unknown> {
  const copy = Object.create(Object.getPrototypeOf(dto) as object) as Record<string, unknown>;
  for (const [k, v] of Object.entries(dto)) copy[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  return copy;
}

/**
 * The edge every body, query and multipart field goes through before a handler sees it:
 * - text the API refuses (NUL, control characters, lone surrogates, noncharacters; libs/domain
 *   `safe-text.ts`) in any string or key, however deep, and the keys `__proto__`, `constructor` and
 *   `prototype` (which class-transformer and Nest would otherwise drop without a word): 400 naming
 *   each, together with every structural problem of the DTO;
 * - explicit nulls dropped (see dropNulls), unknown fields refused, every bad field reported.
 * Path parameters are left to their own checks (an id that is not one is 404, not 400). A query
 * that passed before for the same DTO class is answered from a memo (QueryMemo).
 */
export class EdgeValidationPipe extends ValidationPipe {
  private readonly queries = new QueryMemo();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body' && metadata.type !== 'query') return super.transform(value, metadata);
    const key = metadata.type === 'query' && metadata.metatype ? this.queries.key(value) : null;
    if (key !== null) {
      const known = this.queries.get(metadata.metatype, key);
      if (known) return known;
    }
    const unsafe = unsafeTextDetails(value);
    if (!unsafe.length) {
      const dto: unknown = await super.transform(value, metadata);
      if (key !== null) this.queries.set(metadata.metatype, key, dto);
      return dto;
    }
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
