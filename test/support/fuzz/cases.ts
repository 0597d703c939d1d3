import fc from 'fast-check';
import {
  dateTimeValues,
  dateValues,
  isUuid,
  judgeBool,
  judgeDate,
  judgeDateTime,
  judgeEnum,
  judgeInt,
  judgeText,
  judgeUrl,
  numberValues,
  pathIdValues,
  Raw,
  shapeValues,
  textValues,
  toJson,
  urlValues,
  withOwn,
  type Cls,
  type IntRule,
  type PathId,
  type Tagged,
  type Verdict,
} from './hostile';
import type { Case, FuzzRequest } from './oracle';

/** A generated value, optionally with its own verdict (when the field's judge cannot know). */
export type Gen = Tagged & { verdict?: Verdict };

const tag = (cls: Cls, label: string, value: unknown, verdict?: Verdict): Gen => ({
  cls,
  label,
  value,
  verdict,
});

// ---------------------------------------------------------------------------------------------
// Body fields

export interface FieldSpec {
  gen: fc.Arbitrary<Gen>;
  judge: (v: unknown) => Verdict;
  required: boolean;
  /** Puts the value into a valid body; by default as an own property `name`. */
  apply?: (body: Record<string, unknown>, v: unknown) => Record<string, unknown>;
}

export function text(r: { required: boolean; max: number | null; nonBlank?: boolean }): FieldSpec {
  return {
    gen: fc.oneof({ weight: 4, arbitrary: textValues() }, { weight: 1, arbitrary: shapeValues() }),
    judge: (v) => {
      const verdict = judgeText(v, { required: r.required, max: r.max });
      // Optional but, when present, not blank (a title): judged as required once present.
      if (verdict === 'either' && r.nonBlank && v !== null && v !== undefined)
        return judgeText(v, { required: true, max: r.max });
      return verdict;
    },
    required: r.required,
  };
}

export function int(r: IntRule): FieldSpec {
  return {
    gen: fc.oneof({ weight: 3, arbitrary: numberValues() }, { weight: 1, arbitrary: shapeValues() }),
    judge: (v) => judgeInt(v, r),
    required: r.required,
  };
}

export function bool(required: boolean): FieldSpec {
  return {
    gen: fc.oneof(
      fc.constantFrom<Gen>(
        tag('shapes', 'string "true"', 'true'),
        tag('shapes', 'string "false"', 'false'),
        tag('shapes', 'one', 1),
        tag('shapes', 'zero', 0),
      ),
      shapeValues(),
    ),
    judge: (v) => judgeBool(v, required),
    required,
  };
}

export function oneOf(values: readonly string[], required: boolean): FieldSpec {
  const v0 = values[0];
  return {
    gen: fc.oneof(
      {
        weight: 2,
        arbitrary: fc.constantFrom<Gen>(
          tag('text', 'upper case member', v0.toUpperCase()),
          tag('text', 'member with a space', `${v0} `),
          tag('text', 'member with NUL', `${v0}\u0000`),
          tag('text', 'member with zero-width', `${v0}\u200b`),
          tag('text', 'unknown word', 'unknown'),
          tag('text', 'prototype word', '__proto__'),
          tag('text', 'toString', 'toString'),
          tag('shapes', 'array of the member', [v0]),
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom(...values).map((v) => tag('valid', 'another member', v)) },
      { weight: 1, arbitrary: textValues() },
      { weight: 1, arbitrary: shapeValues() },
    ),
    judge: (v) => judgeEnum(v, values, required),
    required,
  };
}

export function dateTime(r: { required: boolean; future: boolean }): FieldSpec {
  return {
    gen: fc.oneof({ weight: 5, arbitrary: dateTimeValues() }, { weight: 1, arbitrary: shapeValues() }),
    judge: (v) => judgeDateTime(v, r),
    required: r.required,
  };
}

export function date(required: boolean): FieldSpec {
  return {
    gen: fc.oneof({ weight: 5, arbitrary: dateValues() }, { weight: 1, arbitrary: shapeValues() }),
    judge: (v) => judgeDate(v, required),
    required,
  };
}

/** Identifier-like codes (streets, matters, organisations). */
export const codeValues = (known: readonly string[]): fc.Arbitrary<Gen> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom<Gen>(
        tag('ids', 'lower-case of a known code', known[0].toLowerCase()),
        tag('ids', 'unknown well-formed code', 'ZZ-99'),
        tag('ids', 'unknown org-like code', 'QQQ'),
        tag('ids', 'SQL-ish code', "MZ-01' OR '1'='1"),
        tag('ids', 'code with NUL', `${known[0]}\u0000`),
        tag('ids', 'code with zero-width', `${known[0]}\u200b`),
        tag('ids', 'full-width code', 'ＭＺ－０１'),
        tag('ids', 'unicode code', '街道-01'),
        tag('ids', 'very long code', 'A'.repeat(10_000)),
        tag('ids', 'uuid for a code', '3fa85f64-5717-4562-b3fc-2c963f66afa6'),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(...known).map((v) => tag('valid', 'another known code', v)) },
    { weight: 1, arbitrary: textValues() },
    { weight: 1, arbitrary: shapeValues() },
  );

export function code(
  known: readonly string[],
  r: { required: boolean; nullable?: boolean; format?: RegExp; mustExist?: boolean },
): FieldSpec {
  return {
    gen: codeValues(known),
    judge: (v) => {
      if (v === undefined || v === null) return r.required && !r.nullable ? 'refuse' : 'either';
      if (typeof v !== 'string') return 'refuse';
      if (known.includes(v)) return 'either';
      if (r.mustExist !== false) return 'refuse';
      return r.format && r.format.test(v) ? 'either' : 'refuse';
    },
    required: r.required,
  };
}

/** Arrays of codes (streetCodes, districtCodes). */
export function codes(known: readonly string[], r: { required: boolean; max: number }): FieldSpec {
  const k = known[0];
  return {
    gen: fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom<Gen>(
          tag('shapes', 'empty list', []),
          tag('ids', 'unknown code', ['ZZ-99']),
          tag('ids', 'duplicate codes', [k, k]),
          tag('ids', 'SQL-ish code', ["D1-S01'--"]),
          tag('ids', 'code with NUL', [`${k}\u0000`]),
          tag('shapes', 'a string for a list', k),
          tag('shapes', 'null in the list', [null]),
          tag('shapes', 'number in the list', [1]),
          tag('shapes', 'nested list', [[k]]),
          tag('shapes', 'object in the list', [{ code: k }]),
          tag(
            'ids',
            'every code 1000 times',
            Array.from({ length: 1000 }, () => k),
          ),
          tag(
            'ids',
            '600 unknown codes',
            Array.from({ length: 600 }, (_, i) => `X-${i}`),
          ),
        ),
      },
      { weight: 1, arbitrary: codeValues(known).map((g) => ({ ...g, value: [g.value] })) },
      { weight: 1, arbitrary: shapeValues() },
    ),
    judge: (v) => {
      if (v === undefined || v === null) return r.required ? 'refuse' : 'either';
      if (!Array.isArray(v) || v.length === 0 || v.length > r.max) return 'refuse';
      if (!v.every((x) => typeof x === 'string' && known.includes(x))) return 'refuse';
      return new Set(v).size === v.length ? 'either' : 'refuse';
    },
    required: r.required,
  };
}

/** Arrays of enum members (demands). */
export function members(values: readonly string[], required: boolean): FieldSpec {
  return {
    gen: fc.oneof(
      fc.constantFrom<Gen>(
        tag('shapes', 'a string for a list', values[0]),
        tag('text', 'unknown member', ['unknown']),
        tag('text', 'duplicate members', [values[0], values[0]]),
        tag('shapes', 'null in the list', [null]),
        tag(
          'shapes',
          'many members',
          Array.from({ length: 5000 }, () => values[0]),
        ),
        tag('valid', 'every member', [...values]),
      ),
      textValues().map((g) => ({ ...g, value: [g.value] })),
      shapeValues(),
    ),
    judge: (v) => {
      if (v === undefined || v === null) return required ? 'refuse' : 'either';
      if (!Array.isArray(v) || !v.every((x) => values.includes(x))) return 'refuse';
      return new Set(v).size === v.length ? 'either' : 'refuse';
    },
    required,
  };
}

export function url(): FieldSpec {
  return {
    gen: fc.oneof(
      { weight: 4, arbitrary: urlValues() },
      { weight: 1, arbitrary: textValues() },
      { weight: 1, arbitrary: shapeValues() },
    ),
    judge: judgeUrl,
    required: true,
  };
}

/** `resources`: an object of optional funding/staff/detail, or null. */
export function resources(): FieldSpec {
  const r = (label: string, value: unknown, verdict: Verdict) => tag('shapes', label, value, verdict);
  return {
    gen: fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom<Gen>(
          r('negative funding', { funding: -1 }, 'refuse'),
          tag('numbers', 'funding 1e308', { funding: 1e308 }, 'either'),
          tag('numbers', 'funding 1e400', { funding: new Raw('1e400') }, 'refuse'),
          tag('numbers', 'funding as a string', { funding: '100' }, 'refuse'),
          tag('numbers', 'fractional staff', { staff: 1.5 }, 'refuse'),
          tag('numbers', 'staff 2^31', { staff: 2_147_483_648 }, 'either'),
          r('null funding', { funding: null }, 'either'),
          r('unknown key inside', { funding: 1, budgetCode: 'x' }, 'refuse'),
          r('__proto__ inside', JSON.parse('{"funding":1,"__proto__":{"x":1}}'), 'refuse'),
          r('constructor inside', { funding: 1, constructor: { prototype: {} } }, 'refuse'),
          r('array for the object', [{ funding: 1 }], 'refuse'),
          r('string for the object', 'funding', 'refuse'),
          r('empty object', {}, 'either'),
          r('null', null, 'either'),
          r('deep nesting inside', { detail: new Raw('['.repeat(5000) + ']'.repeat(5000)) }, 'refuse'),
        ),
      },
      {
        weight: 1,
        arbitrary: textValues().map((g) => ({
          ...g,
          value: { detail: g.value },
          verdict: judgeText(g.value, { required: false, max: 2000 }),
        })),
      },
    ),
    judge: () => 'either',
    required: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Body endpoints

export interface BodyEndpoint {
  name: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  as: () => string | undefined;
  /** The path for a (percent-encoded) id; routes without one ignore it. */
  path: (id: string) => string;
  /** The current valid target id, for routes with one. */
  id?: () => string;
  /** A valid body for the current target (it may read the current version); routes without a body have none. */
  body?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  fields?: Record<string, FieldSpec>;
  /** Unknown body keys are refused (the route takes a DTO). */
  dto: boolean;
  assignmentId?: () => string | undefined;
  headers?: Record<string, { gen: fc.Arbitrary<Gen>; judge: (v: string) => Verdict }>;
  /**
   * Well-formed path ids of records the caller may not act on (another organisation's, the wrong
   * kind, the wrong state), each with the statuses that refuse it (404 not visible, 409 state).
   */
  foreignIds?: () => PathId[];
}

export type Mutation =
  | { kind: 'valid' }
  | { kind: 'field'; field: string; g: Gen }
  | { kind: 'drop'; field: string }
  | { kind: 'null'; field: string }
  | { kind: 'unknown'; key: string; value: unknown }
  /**
   * `needs`: when the shape must be refused without its own verdict: on routes that take a body
   * (`dto`: not an object, or a media type other than JSON — 415, issue 6 class 10), on routes with
   * required fields (`fields`: an empty body), or never (`none`).
   */
  | {
      kind: 'shape';
      g: Gen;
      raw: string | ((valid: string) => string);
      contentType?: string | null;
      needs: 'dto' | 'fields' | 'none';
    }
  | { kind: 'id'; id: PathId }
  | { kind: 'header'; name: string; g: Gen };

export interface Mutated {
  m: Mutation;
  lang: string;
}

const LANGS = fc.constantFrom('zh-CN', 'en', 'en-US,en;q=0.9', '*', 'xx-YY;q=abc', 'zh-CN,'.repeat(60));

const deepRaw = (n: number) => '['.repeat(n) + ']'.repeat(n);
/** Whole-body shapes: not an object, malformed, nested past reason, too many keys, wrong media type. */
const bodyShapes = (): fc.Arbitrary<Mutation> =>
  fc.constantFrom<Mutation>(
    { kind: 'shape', g: tag('shapes', 'array body', null), raw: (v) => `[${v}]`, needs: 'dto' },
    { kind: 'shape', g: tag('shapes', 'null body', null), raw: 'null', needs: 'dto' },
    { kind: 'shape', g: tag('shapes', 'string body', null), raw: '"x"', needs: 'dto' },
    { kind: 'shape', g: tag('shapes', 'number body', null), raw: '1', needs: 'dto' },
    { kind: 'shape', g: tag('shapes', 'empty body', null), raw: '', needs: 'fields' },
    {
      kind: 'shape',
      g: tag('shapes', 'truncated JSON', null, 'refuse'),
      raw: (v) => v.slice(0, -1) || '{',
      needs: 'none',
    },
    { kind: 'shape', g: tag('shapes', 'single-quoted JSON', null, 'refuse'), raw: "{'a':1}", needs: 'none' },
    {
      kind: 'shape',
      g: tag('shapes', 'trailing garbage', null, 'refuse'),
      raw: (v) => `${v}x`,
      needs: 'none',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'BOM before JSON', null, 'either'),
      raw: (v) => `\ufeff${v}`,
      needs: 'none',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'NUL after JSON', null, 'refuse'),
      raw: (v) => `${v}\u0000`,
      needs: 'none',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'nested arrays ×100000', null, 'refuse'),
      raw: deepRaw(100_000),
      needs: 'none',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'nested objects ×30000', null, 'refuse'),
      raw: '{"a":'.repeat(30_000) + '1' + '}'.repeat(30_000),
      needs: 'none',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'body of 15000 keys', null, 'refuse'),
      raw: `{${Array.from({ length: 15_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
      needs: 'none',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'body of 300 kB', null, 'refuse'),
      raw: (v) => `${v.slice(0, -1)}${v.length > 2 ? ',' : ''}"pad":"${'x'.repeat(300_000)}"}`,
      needs: 'none',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'JSON sent as text/plain', null),
      raw: (v) => v,
      contentType: 'text/plain',
      needs: 'dto',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'JSON without a content type', null),
      raw: (v) => v,
      contentType: null,
      needs: 'dto',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'form-urlencoded', null),
      raw: 'version=1&reason=x',
      contentType: 'application/x-www-form-urlencoded',
      needs: 'dto',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'unknown media type', null),
      raw: (v) => v,
      contentType: 'application/x-evil',
      needs: 'dto',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'JSON declared UTF-16', null, 'either'),
      raw: (v) => v,
      contentType: 'application/json; charset=utf-16',
      needs: 'none',
    },
    {
      kind: 'shape',
      g: tag('shapes', 'duplicate keys', null, 'either'),
      raw: (v) => (v.length > 2 ? `{"a":1,"a":2,${v.slice(1)}` : '{"a":1,"a":2}'),
      needs: 'none',
    },
  );

const UNKNOWN_KEYS = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'isAdmin',
  'id',
  'createdBy',
  'Version',
);

export function bodyMutations(ep: BodyEndpoint): fc.Arbitrary<Mutated> {
  const fields = ep.fields ?? {};
  const names = Object.keys(fields);
  const arbs: { weight: number; arbitrary: fc.Arbitrary<Mutation> }[] = [
    { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'valid' }) },
    { weight: 3, arbitrary: bodyShapes() },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          UNKNOWN_KEYS,
          fc.oneof(
            fc.constant<unknown>({ admin: true }),
            fc.constant<unknown>(1),
            fc.constant<unknown>(null),
          ),
        )
        .map(([key, value]) => ({ kind: 'unknown', key, value }) as Mutation),
    },
  ];
  if (names.length) {
    arbs.push({
      weight: 12,
      arbitrary: fc
        .constantFrom(...names)
        .chain((field) => fields[field].gen.map((g) => ({ kind: 'field', field, g }) as Mutation)),
    });
    const top = names.filter((n) => !/[.[]/.test(n));
    if (top.length) {
      arbs.push({
        weight: 1,
        arbitrary: fc.constantFrom(...top).map((field) => ({ kind: 'drop', field }) as Mutation),
      });
      arbs.push({
        weight: 2,
        arbitrary: fc.constantFrom(...top).map((field) => ({ kind: 'null', field }) as Mutation),
      });
    }
  }
  if (ep.id)
    arbs.push({ weight: 3, arbitrary: pathIdValues().map((id) => ({ kind: 'id', id }) as Mutation) });
  if (ep.foreignIds)
    arbs.push({
      weight: 2,
      arbitrary: fc
        .constant(0)
        .chain(() => fc.constantFrom(...ep.foreignIds!()))
        .map((id) => ({ kind: 'id', id }) as Mutation),
    });
  for (const [name, h] of Object.entries(ep.headers ?? {}))
    arbs.push({ weight: 2, arbitrary: h.gen.map((g) => ({ kind: 'header', name, g }) as Mutation) });
  return fc.record({ m: fc.oneof(...arbs), lang: LANGS });
}

/** Sets `path` (`a`, `a.b`, `a[0].b`) in a copy of `body`; the last key as an own property. */
export function setPath(
  body: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const keys = path.split(/\.|\[(\d+)\]\.?/).filter((k) => k !== undefined && k !== '');
  const copy = structuredClone(body);
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  Object.defineProperty(at, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** The request and the contract's verdict for one mutation of a body endpoint. */
export function bodyCase(
  ep: BodyEndpoint,
  { m, lang }: Mutated,
  body: Record<string, unknown> | undefined,
): Case {
  const fields = ep.fields ?? {};
  const needsBody = Object.values(fields).some((f) => f.required);
  const id = ep.id?.() ?? '';
  const headers: Record<string, string> = { 'accept-language': lang };
  const req: FuzzRequest = { method: ep.method, path: ep.path(encodeURIComponent(id)), as: ep.as(), headers };
  const base = { endpoint: `${ep.method} ${ep.name}`, assignmentId: ep.assignmentId?.(), req };
  const withBody = (b: Record<string, unknown> | undefined) => {
    if (b !== undefined) req.json = b;
  };
  switch (m.kind) {
    case 'valid':
      withBody(body);
      return { ...base, cls: 'valid', label: 'valid request', verdict: 'either' };
    case 'field': {
      const spec = fields[m.field];
      const b = spec.apply ? spec.apply(body ?? {}, m.g.value) : setPath(body ?? {}, m.field, m.g.value);
      withBody(b);
      return {
        ...base,
        cls: m.g.cls,
        label: m.g.label,
        field: m.field,
        value: m.g.value,
        verdict: m.g.verdict ?? spec.judge(m.g.value),
      };
    }
    case 'drop': {
      const b = { ...(body ?? {}) };
      delete b[m.field];
      withBody(b);
      return {
        ...base,
        cls: 'shapes',
        label: 'field left out',
        field: m.field,
        verdict: fields[m.field].required ? 'refuse' : 'either',
      };
    }
    case 'null': {
      withBody(setPath(body ?? {}, m.field, null));
      // Explicit null for an optional field means absent (issue 6, class 4).
      return {
        ...base,
        cls: 'shapes',
        label: 'null for the field',
        field: m.field,
        value: null,
        verdict: fields[m.field].judge(null),
      };
    }
    case 'unknown': {
      withBody(withOwn(body ?? {}, m.key, m.value));
      return {
        ...base,
        cls: 'shapes',
        label: `unknown key ${m.key}`,
        field: m.key,
        value: m.value,
        verdict: ep.dto ? 'refuse' : 'either',
      };
    }
    case 'shape': {
      const valid = toJson(body ?? {});
      req.raw = typeof m.raw === 'string' ? m.raw : m.raw(valid);
      req.contentType = m.contentType === undefined ? 'application/json' : m.contentType;
      const must = m.needs === 'dto' ? ep.dto : m.needs === 'fields' ? needsBody : false;
      const verdict = m.g.verdict ?? (must ? 'refuse' : 'either');
      return { ...base, cls: 'shapes', label: m.g.label, verdict };
    }
    case 'id': {
      withBody(body);
      req.path = ep.path(m.id.value);
      return {
        ...base,
        cls: 'ids',
        label: m.id.label,
        field: 'path id',
        value: m.id.value,
        verdict: 'refuse',
        status: m.id.status,
        assignmentId: undefined,
      };
    }
    case 'header': {
      withBody(body);
      headers[m.name] = String(m.g.value);
      return {
        ...base,
        cls: m.g.cls,
        label: m.g.label,
        field: m.name,
        value: m.g.value,
        verdict: ep.headers![m.name].judge(String(m.g.value)),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Query endpoints (lists and filters)

export interface ParamSpec {
  gen: fc.Arbitrary<Gen>;
  judge: (v: string) => Verdict;
  required?: boolean;
}

/** Percent-encodes any JS string, lone surrogates included (as their CESU-8 bytes). */
export function encodeQ(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff)
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** Query values are text: hostile text, numbers spelled out, and (kept under URL limits) long strings. */
const queryText = (): fc.Arbitrary<Gen> =>
  textValues()
    .filter((g) => g.value.length <= 6000)
    .map((g) => g as Gen);

const asQuery = (arb: fc.Arbitrary<Tagged>): fc.Arbitrary<Gen> =>
  arb.filter((g) => typeof g.value === 'string' && g.value.length <= 6000).map((g) => g as Gen);

export function qEnum(values: readonly string[]): ParamSpec {
  return {
    gen: fc.oneof(
      fc.constantFrom<Gen>(
        tag('text', 'upper case member', values[0].toUpperCase()),
        tag('text', 'member with a space', `${values[0]} `),
        tag('text', 'unknown word', 'unknown'),
        tag('text', 'prototype word', '__proto__'),
        tag('text', 'empty', ''),
      ),
      fc.constantFrom(...values).map((v) => tag('valid', 'a member', v)),
      queryText(),
    ),
    judge: (v) => (v === '' || values.includes(v) ? 'either' : 'refuse'),
  };
}

export function qInt(min: number, max: number): ParamSpec {
  return {
    gen: fc.constantFrom<Gen>(
      ...[
        '0',
        '-1',
        '1.5',
        '1e308',
        'NaN',
        'Infinity',
        '-Infinity',
        String(max + 1),
        '9'.repeat(400),
        '0x10',
        ' 5',
        '5abc',
        '',
        '1e1',
        '2147483648',
        '-0',
        '٣',
      ].map((v) => tag('numbers', `limit ${v.length > 12 ? v.slice(0, 12) + '…' : JSON.stringify(v)}`, v)),
    ),
    judge: (v) => {
      if (v.trim() === '') return 'either';
      const n = Number(v);
      return Number.isInteger(n) && n >= min && n <= max ? 'either' : 'refuse';
    },
  };
}

export function qBool(): ParamSpec {
  return {
    gen: fc.oneof(
      fc.constantFrom<Gen>(
        ...['maybe', '2', 'truex', 'true\u0000', 'null', 'undefined', '', 'TRUE', '1', 'yes'].map((v) =>
          tag('text', `boolean ${JSON.stringify(v)}`, v),
        ),
      ),
      queryText(),
    ),
    judge: (v) =>
      ['true', 'false', '', 'TRUE', 'FALSE', '1', '0', 'yes', 'no'].includes(v) ? 'either' : 'refuse',
  };
}

/** Free text filters (q, category, orgCode): refused only when far over the documented maximum. */
export function qText(max: number | null): ParamSpec {
  return {
    gen: fc.oneof(queryText(), asQuery(codeValues(['D1-S01']))),
    judge: (v) => (max !== null && v.length > 2 * max + 10 ? 'refuse' : 'either'),
  };
}

/**
 * A record's id inside a body (`targetId`, `assignmentId`, a batch's ids): malformed and unknown
 * ids, the wrong JSON types, and the ids `named` gives when a value is drawn (another scope's
 * record, the current target), each with its own verdict.
 */
export function bodyIdValues(named: () => Gen[]): fc.Arbitrary<Gen> {
  return fc.oneof(
    { weight: 3, arbitrary: pathIdValues().map((p) => tag('ids', p.label, decodeSafe(p.value))) },
    { weight: 2, arbitrary: fc.constant(0).chain(() => fc.constantFrom(...named())) },
    { weight: 1, arbitrary: shapeValues() },
  );
}

export function qUuid(valid: () => string): ParamSpec {
  return {
    gen: fc.oneof(
      pathIdValues().map((p) => tag('ids', p.label, decodeSafe(p.value))),
      fc.constant(0).map(() => tag('valid', 'a real id', valid())),
    ),
    judge: (v) => (isUuid(v) ? 'either' : 'refuse'),
  };
}

const decodeSafe = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const U = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** Cursors: garbage, and well-encoded ones holding impossible dates or ids (class 3). */
export function qCursor(valid: () => string | null): ParamSpec {
  const bad = (label: string, v: string) => tag('cursors', label, v, 'refuse');
  return {
    gen: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom<Gen>(
          bad('garbage', 'zzz'),
          bad('punctuation', '!!!'),
          bad('base64 of words', b64('garbage')),
          bad('standard base64 with +/=', Buffer.from('\xfb\xff|x').toString('base64') + '=='),
          bad('Feb 30 inside', b64(`2026-02-30T00:00:00.000000Z|${U}`)),
          bad('month 13 inside', b64(`2026-13-01T00:00:00.000000Z|${U}`)),
          bad('year 0 inside', b64(`0000-01-01T00:00:00.000000Z|${U}`)),
          bad('year 10000 inside', b64(`+010000-01-01T00:00:00.000000Z|${U}`)),
          bad('hour 99 inside', b64(`2026-01-01T99:99:99.000000Z|${U}`)),
          bad('colons for a time inside', b64(`2026-01-01T::::::Z|${U}`)),
          bad('dashes for an id inside', b64(`2026-01-01T00:00:00.000000Z|${'-'.repeat(36)}`)),
          bad('impossible date and dashes', b64(`9999-99-99T99:99:99Z|${'-'.repeat(36)}`)),
          bad('SQL-ish id inside', b64(`2026-01-01T00:00:00.000000Z|${U}'--`)),
          bad('extra part inside', b64(`2026-01-01T00:00:00.000000Z|${U}|x`)),
          bad('NUL inside', b64(`2026-01-01T00:00:00.000000Z\u0000|${U}`)),
          bad('huge', b64('x'.repeat(4000))),
          bad('a uuid', U),
        ),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }), fc.uuid())
          .map(([t, u]) => {
            const iso = new Date(t).toISOString();
            const y = new Date(t).getUTCFullYear();
            // Any four-digit year could pass for a cursor's position; an expanded year (±YYYYYY) cannot.
            return tag(
              'cursors',
              'random instant inside',
              b64(`${iso.replace('Z', '000Z')}|${u}`),
              y >= 1 && y <= 9999 ? 'either' : 'refuse',
            );
          }),
      },
      {
        weight: 1,
        arbitrary: fc.constant(0).map(() => tag('valid', 'a cursor the API made', valid() ?? '', 'either')),
      },
      {
        weight: 1,
        arbitrary: queryText().map((g): Gen => ({
          ...g,
          cls: 'cursors',
          verdict: g.value === '' ? 'either' : 'refuse',
        })),
      },
    ),
    judge: (v) => (v === '' ? 'either' : 'refuse'),
  };
}

export function qDate(required: boolean): ParamSpec {
  return {
    gen: asQuery(dateValues()),
    judge: (v) => judgeDate(v, required),
    required,
  };
}

export interface QueryEndpoint {
  name: string;
  /** The route validates its query (a DTO): unknown parameters are refused. */
  dto: boolean;
  as: () => string;
  path: (id: string) => string;
  id?: () => string;
  base: () => Record<string, string>;
  params: Record<string, ParamSpec>;
}

export type QMutation =
  | { kind: 'valid' }
  | { kind: 'param'; name: string; g: Gen }
  | { kind: 'repeat'; name: string }
  | { kind: 'bracket'; name: string; suffix: string }
  | { kind: 'unknown'; key: string }
  | { kind: 'drop'; name: string }
  | { kind: 'id'; id: PathId };

export function queryMutations(ep: QueryEndpoint): fc.Arbitrary<{ m: QMutation; lang: string }> {
  const names = Object.keys(ep.params);
  const arbs: { weight: number; arbitrary: fc.Arbitrary<QMutation> }[] = [
    { weight: 1, arbitrary: fc.constant<QMutation>({ kind: 'valid' }) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom('__proto__', 'constructor', 'prototype', 'foo', 'limit ', 'toString', 'hasOwnProperty')
        .map((key) => ({ kind: 'unknown', key }) as QMutation),
    },
  ];
  if (names.length) {
    arbs.push({
      weight: 10,
      arbitrary: fc
        .constantFrom(...names)
        .chain((name) => ep.params[name].gen.map((g) => ({ kind: 'param', name, g }) as QMutation)),
    });
    arbs.push({
      weight: 2,
      arbitrary: fc.constantFrom(...names).map((name) => ({ kind: 'repeat', name }) as QMutation),
    });
    arbs.push({
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...names), fc.constantFrom('[]', '[$ne]', '[__proto__]', '[0]'))
        .map(([name, suffix]) => ({ kind: 'bracket', name, suffix }) as QMutation),
    });
    arbs.push({
      weight: 1,
      arbitrary: fc.constantFrom(...names).map((name) => ({ kind: 'drop', name }) as QMutation),
    });
  }
  if (ep.id)
    arbs.push({ weight: 4, arbitrary: pathIdValues().map((id) => ({ kind: 'id', id }) as QMutation) });
  return fc.record({ m: fc.oneof(...arbs), lang: LANGS });
}

export function queryCase(ep: QueryEndpoint, { m, lang }: { m: QMutation; lang: string }): Case {
  const params = Object.entries(ep.base());
  const id = ep.id?.() ?? '';
  let path = ep.path(encodeURIComponent(id));
  const qs = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeQ(k)}=${encodeQ(v)}`).join('&');
  const req: FuzzRequest = { method: 'GET', path: '', as: ep.as(), headers: { 'accept-language': lang } };
  const base = { endpoint: `GET ${ep.name}`, req };
  const done = (pairs: [string, string][], rest: Omit<Case, 'endpoint' | 'req'>): Case => {
    req.path = pairs.length ? `${path}?${qs(pairs)}` : path;
    return { ...base, ...rest };
  };
  switch (m.kind) {
    case 'valid':
      return done(params, { cls: 'valid', label: 'valid request', verdict: 'either' });
    case 'param': {
      const value = String(m.g.value);
      const pairs = params.filter(([k]) => k !== m.name);
      pairs.push([m.name, value]);
      return done(pairs, {
        cls: m.g.cls,
        label: m.g.label,
        field: m.name,
        value,
        verdict: m.g.verdict ?? ep.params[m.name].judge(value),
      });
    }
    case 'repeat': {
      const v = ep.base()[m.name] ?? 'x';
      const pairs = params.filter(([k]) => k !== m.name);
      pairs.push([m.name, v], [m.name, v]);
      return done(pairs, {
        cls: 'shapes',
        label: 'parameter given twice (an array)',
        field: m.name,
        verdict: 'refuse',
      });
    }
    case 'bracket': {
      const pairs = params.filter(([k]) => k !== m.name);
      req.path = `${path}?${qs(pairs)}${pairs.length ? '&' : ''}${encodeQ(m.name)}${m.suffix}=x`;
      return {
        ...base,
        cls: 'shapes',
        label: `bracket syntax ${m.suffix}`,
        field: m.name,
        verdict: 'refuse',
      };
    }
    case 'unknown':
      return done([...params, [m.key, '1']], {
        cls: 'shapes',
        label: `unknown parameter ${m.key}`,
        field: m.key,
        verdict: ep.dto ? 'refuse' : 'either',
      });
    case 'drop':
      return done(
        params.filter(([k]) => k !== m.name),
        {
          cls: 'shapes',
          label: 'parameter left out',
          field: m.name,
          verdict: ep.params[m.name].required ? 'refuse' : 'either',
        },
      );
    case 'id':
      path = ep.path(m.id.value);
      return done(params, {
        cls: 'ids',
        label: m.id.label,
        field: 'path id',
        value: m.id.value,
        verdict: 'refuse',
        status: m.id.status,
      });
  }
}
