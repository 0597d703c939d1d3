/**
 * Answers whose JSON PostgreSQL has already written. A list page of 20 rows cost the API about
 * 23 µs a row to take apart and put back together (node-postgres parsing each column, the
 * decision's jsonb parsed, then `JSON.stringify` of the whole page) on top of a fixed ~0.75 ms per
 * request: half of its CPU. Built here, a page is the rows' JSON texts joined, and the API sends
 * that text as it is (apps/api/src/http/json-text-adapter.ts).
 *
 * Code in the process still sees an ordinary object: each field written as text is parsed on its
 * first read, and spreading or `JSON.stringify` read every field, so they give the same value.
 */

/** A field's JSON text, as written by PostgreSQL (`row_to_json`, `json_agg`). */
export class RawJson {
  constructor(readonly text: string) {}
}

const JSON_TEXT = Symbol('dutygate.jsonText');

type Fields<T> = { [K in keyof T]: T[K] | RawJson };

/**
 * An object whose fields are either values or JSON texts (in the order given, which is the order
 * of the answer's keys). Its whole JSON text is `jsonTextOf(object)` until code reads or sets one
 * of its fields: a value read may be changed in place, so from then on the object is serialised
 * from its values like any other.
 */
export function withJsonText<T extends object>(fields: Fields<T>): T {
  const o = {} as T;
  const parts: string[] = [];
  const state: { text?: string } = {};
  for (const [key, given] of Object.entries(fields) as [string, unknown][]) {
    if (given === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${given instanceof RawJson ? given.text : JSON.stringify(given)}`);
    let value: unknown = given;
    Object.defineProperty(o, key, {
      enumerable: true,
      get() {
        state.text = undefined;
        if (value instanceof RawJson) value = JSON.parse(value.text);
        return value;
      },
      set(v: unknown) {
        state.text = undefined;
        value = v;
      },
    });
  }
  state.text = `{${parts.join(',')}}`;
  // Not enumerable: spreads and JSON.stringify do not see it, and a spread copy has no text of its own.
  Object.defineProperty(o, JSON_TEXT, { get: () => state.text });
  return o;
}

/** The JSON text of an object made by withJsonText whose fields no code has touched, else undefined. */
export function jsonTextOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<symbol, string | undefined>)[JSON_TEXT]
    : undefined;
}

/** Rows' JSON texts as one JSON array. */
export const jsonArray = (texts: string[]): RawJson => new RawJson(`[${texts.join(',')}]`);
