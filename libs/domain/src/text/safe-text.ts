import type { ErrorDetail } from '../errors/domain-error';

/**
 * What text DutyGate accepts, decided once for the whole API (JSON bodies, query parameters,
 * multipart fields and list-file cells).
 *
 * Refused, never silently repaired:
 * - U+0000 NUL: PostgreSQL's text and jsonb cannot hold it (the insert fails mid-request);
 * - other C0 controls (U+0001–U+001F) except tab, line feed and carriage return, DEL (U+007F) and
 *   the C1 controls (U+0080–U+009F): no legitimate form field or spreadsheet cell carries them,
 *   they break CSV/XLSX exports, terminals and log lines, and usually betray a broken encoder;
 * - lone UTF-16 surrogates (U+D800–U+DFFF without their pair): they are not Unicode text at all,
 *   PostgreSQL refuses them in jsonb and UTF-8 cannot encode them (they would turn into U+FFFD);
 * - noncharacters (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane): reserved for internal use
 *   and never valid in interchange; U+FFFE in particular is a byte-swapped BOM, a sign of
 *   mis-decoded input.
 *
 * Accepted as ordinary text: tab, LF, CR, U+2028/U+2029 (JSON and PostgreSQL hold them; they are
 * line breaks), U+FEFF and other zero-width or format characters (legitimate inside words; a text
 * made only of them is blank, see `isBlank`), bidirectional controls (Uyghur or Arabic names
 * need them), private-use characters.
 *
 * Why refuse rather than normalise: the text is an official's statement; changing it behind their
 * back would make what is stored differ from what they sent (and from the idempotency hash and the
 * audit chain), and a client that sends such characters is broken or hostile and should be told.
 */

/** The first character that the rule above refuses, or null when the text is acceptable. */
export function firstUnsafeChar(s: string): { index: number; codePoint: number } | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Fast path: printable ASCII and the common CJK range are always acceptable.
    if ((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c < 0xd800)) continue;
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return { index: i, codePoint: c };
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return { index: i, codePoint: c };
      const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
      if ((cp & 0xfffe) === 0xfffe) return { index: i, codePoint: cp };
      i++;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { index: i, codePoint: c };
    if ((c >= 0xfdd0 && c <= 0xfdef) || c === 0xfffe || c === 0xffff) return { index: i, codePoint: c };
  }
  return null;
}

/** `U+0000` style name of a code point, for error details. */
export const codePointName = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Whether the text holds a character the API refuses (see the rule at the top of this file). */
export const isSafeText = (s: string): boolean => firstUnsafeChar(s) === null;

/**
 * Whitespace (JavaScript's `\s`: Unicode White_Space plus U+FEFF), every default-ignorable code
 * point (zero-width space/joiners U+200B–U+200D, word joiner U+2060, soft hyphen, bidi marks,
 * variation selectors, Hangul fillers, tags …) and the Braille blank U+2800, which renders as
 * nothing either.
 */
const INVISIBLE = /[\s\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** Blank: nothing left after removing whitespace and invisible (zero-width, format) characters. */
export const isBlank = (s: string): boolean => s.replace(INVISIBLE, '') === '';

/**
 * Keys no DutyGate request ever has and that name JavaScript's object machinery — `prototype` and
 * every property of `Object.prototype` (`__proto__`, `constructor`, `toString`, `hasOwnProperty` …):
 * they are refused as unknown fields wherever they appear, before any library could treat them
 * specially (class-transformer and Nest drop `__proto__`/`constructor` silently, and a key that
 * every object already has slips past a whitelist that asks `key in dto`; a naive merge would
 * pollute a prototype).
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  'prototype',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** Enough to name what is wrong without an error body that grows with the attack. */
const MAX_DETAILS = 20;

/**
 * Every unsafe string, unsafe key and reserved key in a parsed JSON value, query object or
 * multipart body, each named by its path (`a.b[0].c`, the notation of validation details).
 * Iterative, so a deep value cannot overflow the stack; stops after MAX_DETAILS findings.
 */
export function unsafeTextDetails(value: unknown, root = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  // `key` is set when the entry is an object member: the key is checked when the entry is reached,
  // so findings come in document order.
  const stack: { v: unknown; path: string; key?: string }[] = [{ v: value, path: root }];
  while (stack.length && out.length < MAX_DETAILS) {
    const { v, path, key } = stack.pop()!;
    if (key !== undefined) {
      const badKey = firstUnsafeChar(key);
      if (badKey) {
        out.push(unsafeDetail(path, badKey.codePoint));
        continue;
      }
      if (RESERVED_KEYS.has(key)) {
        out.push({ field: path, reason: 'whitelistValidation' });
        continue;
      }
    }
    if (typeof v === 'string') {
      const bad = firstUnsafeChar(v);
      if (bad) out.push(unsafeDetail(path, bad.codePoint));
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]` });
    } else if (typeof v === 'object' && v !== null) {
      // Own keys only (JSON.parse makes `__proto__` an own key; null-prototype objects from the
      // query and multipart parsers have no inherited ones).
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        stack.push({ v: (v as Record<string, unknown>)[k], path: path ? `${path}.${k}` : k, key: k });
      }
    }
  }
  return out.slice(0, MAX_DETAILS);
}

const unsafeDetail = (field: string, codePoint: number): ErrorDetail => ({
  field,
  reason: 'unsafe_text',
  params: { char: codePointName(codePoint) },
});
