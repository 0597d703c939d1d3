import fc from 'fast-check';

/**
 * Hostile values for the fuzz suite, by the input classes of issue 6, and the judges that say
 * what the API must do with each value in a given field.
 *
 * A judge answers `refuse` when the contract (API.md + issue 6) leaves no room: the request must
 * get a 4xx (and write nothing). It answers `either` when the contract allows more than one
 * answer (e.g. a NUL may be refused or normalised): then only the universal rules hold (no 5xx,
 * no hang, the error body on a 4xx, nothing written after a refusal).
 */
export type Cls = 'dates' | 'text' | 'ids' | 'cursors' | 'shapes' | 'numbers' | 'uploads' | 'urls' | 'valid';
export type Verdict = 'refuse' | 'either';

/** A JSON fragment to embed verbatim (numbers JSON.stringify cannot spell, duplicate keys, …). */
export class Raw {
  constructor(readonly json: string) {}
  toString(): string {
    return `Raw(${this.json.length > 60 ? this.json.slice(0, 60) + '…' : this.json})`;
  }
}

/** One generated value with its class and a short human label (the label names the case in reports). */
export interface Tagged<T = unknown> {
  cls: Cls;
  label: string;
  value: T;
}

const tag = <T>(cls: Cls, label: string, value: T): Tagged<T> => ({ cls, label, value });

/** An object with an own property named `key` (so `__proto__` is a real key of the JSON text). */
export function withOwn(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) Object.defineProperty(out, k, own(v));
  Object.defineProperty(out, key, own(value));
  return out;
}
const own = (value: unknown) => ({ value, enumerable: true, writable: true, configurable: true });

/** JSON text of `v`, with Raw fragments spliced in verbatim. */
export function toJson(v: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Raw) {
      raws.push(x.json);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return x;
  });
  return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]);
}

/** A short printable description of a value, for failure messages. */
export function show(v: unknown, max = 120): string {
  let s: string;
  if (v instanceof Raw) s = v.toString();
  else if (typeof v === 'string') s = JSON.stringify(v);
  else {
    try {
      s = toJson(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}

// ---------------------------------------------------------------------------------------------
// Values by class

const deep = (n: number, open = '[', close = ']') => new Raw(open.repeat(n) + close.repeat(n));
const deepObject = (n: number) => new Raw('{"a":'.repeat(n) + '1' + '}'.repeat(n));
const manyKeys = (n: number) => new Raw(`{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`);

/** Values of the wrong JSON type, or shapes no field of this API takes. */
export const shapeValues = (): fc.Arbitrary<Tagged> =>
  fc.constantFrom<Tagged>(
    tag('shapes', 'null', null),
    tag('shapes', 'true', true),
    tag('shapes', 'zero', 0),
    tag('shapes', 'empty string', ''),
    tag('shapes', 'empty array', []),
    tag('shapes', 'array of a string', ['a']),
    tag('shapes', 'empty object', {}),
    tag('shapes', 'object for a scalar', { a: 'b' }),
    tag('shapes', 'operator object', { $gt: '' }),
    tag('shapes', '__proto__ object', JSON.parse('{"__proto__":{"admin":true}}')),
    tag('shapes', 'constructor object', { constructor: { prototype: { admin: true } } }),
    tag('shapes', 'nested arrays ×10000', deep(10_000)),
    tag('shapes', 'nested objects ×5000', deepObject(5_000)),
    tag('shapes', 'object with 5000 keys', manyKeys(5_000)),
  );

/** Strings PostgreSQL or JSON cannot hold, blanks in disguise, and the merely odd. */
export const textValues = (): fc.Arbitrary<Tagged<string>> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom<Tagged<string>>(
        tag('text', 'NUL inside', 'a\u0000b'),
        tag('text', 'NUL only', '\u0000'),
        tag('text', 'lone high surrogate', 'x\uD800y'),
        tag('text', 'lone low surrogate', '\uDC00'),
        tag('text', 'reversed surrogate pair', '\uDC00\uD800'),
        tag('text', 'C0 controls', 'a\u0001\u0007\u001b[31mb'),
        tag('text', 'C1 controls', 'a\u0085\u009b\u009fb'),
        tag('text', 'DEL', 'a\u007fb'),
        tag('text', 'zero-width only', '\u200b\u200c\u200d\u2060\ufeff'),
        tag('text', 'whitespace only', ' \t\r\n\u3000\u00a0'),
        tag('text', 'zero-width and spaces', ' \u200b \ufeff '),
        tag('text', 'bidi override', '\u202eabc\u202c'),
        tag('text', 'SQL-ish', "'; DROP TABLE task; --"),
        tag('text', 'SQL-ish 2', "x' OR '1'='1"),
        tag('text', 'format string', '%s%n%x{0}${x}{{x}}'),
        tag('text', 'formula', '=HYPERLINK("http://x","y")'),
        tag('text', 'astral', '𠀀😀👩‍👩‍👧'),
        tag('text', 'combining marks', 'e' + '\u0301'.repeat(500)),
        tag('text', 'huge 20k', 'x'.repeat(20_001)),
        tag('text', 'huge 300k', 'x'.repeat(300_000)),
        tag('text', 'html', '<script>alert(1)</script>'),
        tag('text', 'json in string', '{"a":[1,2]}'),
      ),
    },
    {
      weight: 1,
      // Random UTF-16 code units: lone surrogates, controls and all.
      arbitrary: fc
        .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 40 })
        .map((units) => tag('text', 'random UTF-16', String.fromCharCode(...units))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.string({ minLength: 1, maxLength: 20 }),
          fc.constantFrom('\u0000', '\uD800', '\u0001', '\u009b', '\u200b'),
        )
        .map(([s, bad]) => tag('text', 'text with an injected control', `${s}${bad}${s}`)),
    },
  );

/** Numbers and things posing as numbers. */
export const numberValues = (): fc.Arbitrary<Tagged> =>
  fc.constantFrom<Tagged>(
    tag('numbers', '1e308', 1e308),
    tag('numbers', '1e400 (Infinity)', new Raw('1e400')),
    tag('numbers', '-1e400', new Raw('-1e400')),
    tag('numbers', 'negative', -1),
    tag('numbers', 'zero', 0),
    tag('numbers', 'float', 1.5),
    tag('numbers', 'tiny float', 5e-324),
    tag('numbers', '2^31', 2_147_483_648),
    tag('numbers', '-2^31-1', -2_147_483_649),
    tag('numbers', '2^53+1', new Raw('9007199254740993')),
    tag('numbers', 'huge integer literal', new Raw('9'.repeat(400))),
    tag('numbers', 'NaN string', 'NaN'),
    tag('numbers', 'Infinity string', 'Infinity'),
    tag('numbers', 'numeric string', '3'),
    tag('numbers', 'hex string', '0x10'),
    tag('numbers', 'exponent string', '1e3'),
    tag('numbers', 'boolean', true),
    tag('numbers', 'array of a number', [1]),
  );

/** Shanghai-style offset strings for generated instants. */
const offset = fc.constantFrom('Z', '+08:00', '-05:00', '+14:00', '-12:00', '+00:00', '+0800');

/** Date-times: impossible, outside any sane window, over a year boundary through the offset, or fine. */
export const dateTimeValues = (): fc.Arbitrary<Tagged> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom<Tagged>(
        tag('dates', 'year 0', '0000-01-01T00:00:00Z'),
        tag('dates', 'year 1', '0001-01-01T00:00:00+08:00'),
        tag('dates', 'negative year', '-000001-01-01T00:00:00Z'),
        tag('dates', 'year 10000 (expanded)', '+010000-01-01T00:00:00Z'),
        tag('dates', 'year 10000', '10000-01-01T00:00:00Z'),
        tag('dates', 'year 9999', '9999-12-31T23:59:59Z'),
        tag('dates', 'year 2300', '2300-06-01T09:00:00+08:00'),
        tag('dates', 'largest JS date', '+275760-09-13T00:00:00Z'),
        tag('dates', 'Feb 30', '2027-02-30T10:00:00+08:00'),
        tag('dates', 'Feb 29 of a common year', '2027-02-29T10:00:00+08:00'),
        tag('dates', 'month 13', '2027-13-01T00:00:00Z'),
        tag('dates', 'day 32', '2027-01-32T00:00:00Z'),
        tag('dates', 'hour 25', '2027-01-05T25:00:00Z'),
        tag('dates', 'offset over the upper year boundary', '2100-12-31T23:00:00-05:00'),
        tag('dates', 'offset +14 at the upper boundary', '2101-01-01T00:00:00+14:00'),
        tag('dates', 'offset over the lower year boundary', '1999-12-31T23:00:00-02:00'),
        tag('dates', 'offset +99:99', '2027-03-01T10:00:00+99:99'),
        tag('dates', 'no offset', '2027-03-01T10:00:00'),
        tag('dates', 'date only', '2027-03-01'),
        tag('dates', 'past', '2020-01-01T00:00:00+08:00'),
        tag('dates', 'epoch number', 1_800_000_000_000),
        tag('dates', 'words', 'next tuesday'),
        tag('dates', 'empty', ''),
        tag('dates', 'near the window end', '2099-12-30T12:00:00+08:00'),
        tag('dates', 'leap day', '2028-02-29T12:00:00+08:00'),
        tag('dates', 'fine', '2027-06-30T18:00:00+08:00'),
        tag('dates', 'fractional seconds ×9', '2027-06-30T18:00:00.123456789+08:00'),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }), offset)
        .map(([t, off]) => tag('dates', 'random instant', new Date(t).toISOString().replace('Z', off))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2110, 0, 1) }), offset)
        .map(([t, off]) =>
          tag('dates', 'instant near the window', new Date(t).toISOString().replace('Z', off)),
        ),
    },
  );

/** Calendar dates (YYYY-MM-DD fields). */
export const dateValues = (): fc.Arbitrary<Tagged> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom<Tagged>(
        tag('dates', 'year 0', '0000-01-01'),
        tag('dates', 'year 10000', '10000-01-01'),
        tag('dates', 'year 10000 (expanded)', '+010000-01-01'),
        tag('dates', 'year 9999', '9999-12-31'),
        tag('dates', 'year 1999', '1999-12-31'),
        tag('dates', 'year 2101', '2101-01-01'),
        tag('dates', 'Feb 30', '2026-02-30'),
        tag('dates', 'Feb 29 of a common year', '2027-02-29'),
        tag('dates', 'month 13', '2026-13-01'),
        tag('dates', 'month 0', '2026-00-10'),
        tag('dates', 'unpadded', '2026-1-1'),
        tag('dates', 'date-time', '2026-06-01T00:00:00Z'),
        tag('dates', 'words', 'today'),
        tag('dates', 'empty', ''),
        tag('dates', 'epoch number', 1_800_000_000_000),
        tag('dates', 'leap day', '2028-02-29'),
        tag('dates', 'window start', '2000-01-01'),
        tag('dates', 'window end', '2100-12-31'),
        tag('dates', 'fine', '2031-05-06'),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.integer({ min: 0, max: 12000 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
        )
        .map(([y, m, d]) =>
          tag(
            'dates',
            'random Y-M-D',
            `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
          ),
        ),
    },
  );

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);

/**
 * Path ids, already percent-encoded for the URL. `status` lists what the API may answer: 404 for
 * an id that is no well-formed UUID (issue 6, class 3), 400 also where the URL itself is broken.
 */
export interface PathId extends Tagged<string> {
  status: number[];
}
const pid = (label: string, value: string, status = [404]): PathId => ({ cls: 'ids', label, value, status });

export const pathIdValues = (): fc.Arbitrary<PathId> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom<PathId>(
        pid('word', 'abc'),
        pid('number', '1'),
        pid('negative', '-1'),
        pid('SQL-ish', encodeURIComponent("1' OR '1'='1")),
        pid('SQL-ish uuid', encodeURIComponent("00000000-0000-0000-0000-000000000000' --")),
        pid('uuid without dashes', '3fa85f6457174562b3fc2c963f66afa6'),
        pid('uuid in braces', encodeURIComponent('{3fa85f64-5717-4562-b3fc-2c963f66afa6}')),
        pid('uuid with g', '3fa85f64-5717-4562-b3fc-2c963f66afag'),
        pid('uuid too long', '3fa85f64-5717-4562-b3fc-2c963f66afa61'),
        pid('nil uuid', '00000000-0000-0000-0000-000000000000'),
        pid('max uuid', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
        pid('encoded NUL', '%00'),
        pid('uuid with NUL', '3fa85f64-5717-4562-b3fc-2c963f66afa6%00'),
        pid('zero-width', '%E2%80%8B'),
        pid('arabic digits', encodeURIComponent('٣٤٥')),
        pid('emoji', '%F0%9F%98%80'),
        pid('lone surrogate (CESU-8)', '%ED%A0%80', [400, 404]),
        pid('bad percent-encoding', '%E0%A4%A', [400, 404]),
        pid('lone percent', '%', [400, 404]),
        // The client resolves `..` (URL standard, also when written %2E%2E) before sending: the
        // server gets the path without the id and its parent, which is either nothing (404) or
        // another route of the API that takes other methods (405 with Allow: POST
        // /api/assignments/../joint-actions is POST /api/joint-actions). A lone `.` is not sent at
        // all: GET /api/assignments/. is the list GET /api/assignments/, POST
        // /api/joint-actions/./confirm is POST /api/joint-actions/confirm (405); no id reaches the
        // server, so it is no case here.
        pid('dot-dot', '..', [404, 405]),
        pid('very long', 'a'.repeat(5000)),
        pid('very long uuid-ish', '3fa85f64-'.repeat(400)),
        pid('__proto__', '__proto__'),
        pid('constructor', 'constructor'),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.uuid().map((u) => pid('unknown uuid', u)),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ minLength: 1, maxLength: 60, unit: 'grapheme' })
        // Not a dot segment either: the client drops those from the path (see `..` above).
        .filter((s) => !isUuid(s) && s !== '.' && s !== '..')
        .map((s) => pid('random unicode', encodeURIComponent(s))),
    },
  );

/** Webhook target URLs: loopback, private, link-local, embedded credentials, other schemes (class 9). */
export const urlValues = (): fc.Arbitrary<Tagged> =>
  fc.constantFrom<Tagged>(
    tag('urls', 'loopback IPv4', 'http://127.0.0.1:6379/'),
    tag('urls', 'loopback 127.1.2.3', 'http://127.1.2.3/'),
    tag('urls', 'localhost', 'http://localhost:5432/'),
    tag('urls', 'localhost.', 'http://localhost./x'),
    tag('urls', 'loopback IPv6', 'http://[::1]/'),
    tag('urls', 'IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'),
    tag('urls', 'decimal loopback', 'http://2130706433/'),
    tag('urls', 'hex loopback', 'http://0x7f000001/'),
    tag('urls', 'octal loopback', 'http://0177.0.0.1/'),
    tag('urls', 'unspecified', 'http://0.0.0.0/'),
    tag('urls', 'link-local metadata', 'http://169.254.169.254/latest/meta-data/'),
    tag('urls', 'private 10/8', 'http://10.1.2.3/hook'),
    tag('urls', 'private 172.16/12', 'https://172.16.0.5/hook'),
    tag('urls', 'private 192.168/16', 'http://192.168.1.1/hook'),
    tag('urls', 'IPv6 unique local', 'http://[fd00::1]/hook'),
    tag('urls', 'IPv6 link-local', 'http://[fe80::1]/hook'),
    tag('urls', 'credentials', 'https://user:pass@hooks.example.com/x'),
    tag('urls', 'user only', 'https://user@hooks.example.com/x'),
    tag('urls', 'file scheme', 'file:///etc/passwd'),
    tag('urls', 'javascript scheme', 'javascript:alert(1)'),
    tag('urls', 'gopher scheme', 'gopher://hooks.example.com/'),
    tag('urls', 'no scheme', 'hooks.example.com/x'),
    tag('urls', 'NUL in host', 'https://hooks.example.com\u0000.evil/x'),
    tag('urls', 'very long', 'https://hooks.example.com/' + 'a'.repeat(300_000)),
    tag('urls', 'public https', 'https://hooks.example.com/dutygate'),
  );

// ---------------------------------------------------------------------------------------------
// Judges: what the contract leaves open for a value in a field

/** Whitespace and zero-width characters: a string of only these is blank (issue 6, class 2). */
const BLANK = /^(?:\s|\u200b|\u200c|\u200d|\u2060|\ufeff)*$/u;

export interface TextRule {
  required: boolean;
  /** The documented maximum (characters); null where none is documented. */
  max: number | null;
}
export function judgeText(v: unknown, r: TextRule): Verdict {
  if (v === undefined || v === null) return r.required ? 'refuse' : 'either';
  if (v instanceof Raw || typeof v !== 'string') return 'refuse';
  if (r.required && BLANK.test(v)) return 'refuse';
  // Well past the maximum: normalising away a few controls cannot bring it back under.
  if (r.max !== null && v.length > 2 * r.max + 10) return 'refuse';
  return 'either';
}

export interface IntRule {
  required: boolean;
  min: number;
  max: number | null;
  /** A version: anything but the current value is refused (409 or 400). */
  stale?: boolean;
}
export function judgeInt(v: unknown, r: IntRule): Verdict {
  if (v === undefined || v === null) return r.required ? 'refuse' : 'either';
  if (r.stale) return 'refuse';
  let n: unknown = v;
  if (v instanceof Raw) n = JSON.parse(v.json);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < r.min || (r.max !== null && n > r.max))
    return 'refuse';
  return 'either';
}

export function judgeBool(v: unknown, required: boolean): Verdict {
  if (v === undefined || v === null) return required ? 'refuse' : 'either';
  return typeof v === 'boolean' ? 'either' : 'refuse';
}

export function judgeEnum(v: unknown, values: readonly unknown[], required: boolean): Verdict {
  if (v === undefined || v === null) return required ? 'refuse' : 'either';
  return values.includes(v) ? 'either' : 'refuse';
}

/** The sane window issue 6 asks for (2000–2100): values clearly outside it must be refused. */
const WINDOW = { min: 2000, max: 2100 };

function civil(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= days[m - 1];
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A date-time field (`dueAt`): ISO-8601 with an offset, inside the window, in the future when `future`. */
export function judgeDateTime(v: unknown, r: { required: boolean; future: boolean }): Verdict {
  if (v === undefined || v === null) return r.required ? 'refuse' : 'either';
  if (typeof v !== 'string') return 'refuse';
  const m = DATE_TIME.exec(v);
  if (!m) return 'refuse';
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (!civil(y, mo, d) || h > 23 || mi > 59 || s > 59) return 'refuse';
  const off = m[7];
  if (off !== 'Z') {
    const oh = Number(off.slice(1, 3));
    const om = Number(off.slice(-2));
    if (oh > 14 || om > 59) return 'refuse';
  }
  const t = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(t)) return 'refuse';
  // The window is a range of Beijing calendar days (docs/security.md, class 1): an instant whose
  // Beijing day falls outside it must be refused, whatever its own digits say — an offset can push
  // `2100-12-31T23:30-05:00` out of it, or bring `2101-01-01T00:00+14:00` back into it.
  const beijingYear = new Date(t + 8 * 3600_000).getUTCFullYear();
  if (beijingYear < WINDOW.min || beijingYear > WINDOW.max) return 'refuse';
  if (r.future && t < Date.now()) return 'refuse';
  return 'either';
}

/** A calendar date field (YYYY-MM-DD) inside the window. */
export function judgeDate(v: unknown, required: boolean): Verdict {
  if (v === undefined || v === null) return required ? 'refuse' : 'either';
  if (typeof v !== 'string') return 'refuse';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return 'refuse';
  const [y, mo, d] = [m[1], m[2], m[3]].map(Number);
  if (!civil(y, mo, d) || y < WINDOW.min || y > WINDOW.max) return 'refuse';
  return 'either';
}

const PRIVATE_HOST = [
  /^localhost\.?$/i,
  /^127\./,
  /^10\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^169\.254\./,
  /^0\.0\.0\.0$/,
  /^0x/i,
  /^0\d/,
  /^\d+$/,
  /^\[(::1|::ffff:.*|fd.*|fc.*|fe80:.*)\]$/i,
];

/** A webhook URL (class 9): refused for loopback, private, link-local, credentials, other schemes. */
export function judgeUrl(v: unknown): Verdict {
  if (typeof v !== 'string' || v.length > 4096 || [...v].some((ch) => ch.charCodeAt(0) < 0x20))
    return 'refuse';
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return 'refuse';
  }
  if (!['http:', 'https:'].includes(u.protocol) || u.username || u.password) return 'refuse';
  const host = new URL(v.replace(/^https?:/, 'http:')).hostname;
  // The WHATWG parser already rewrote decimal/hex/octal IPv4 to dotted form.
  if (PRIVATE_HOST.some((re) => re.test(host))) return 'refuse';
  return 'either';
}
