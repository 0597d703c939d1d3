import { randomBytes } from 'node:crypto';
import { types } from 'pg';

/**
 * A JSON value as PostgreSQL wrote it, not yet parsed. The list reads answer nested values built in
 * SQL (a decision, a review's suggested matters, a deadline's escalation steps) that the API only
 * passes on: node-postgres parsed each into objects and the answer's JSON.stringify wrote them out
 * again. Read as JsonText, the text goes into the answer as it is (stringifyJson). Anything else
 * that serializes one gets the parsed value (toJSON), so a JsonText is never wrong, only slower,
 * outside the answer. Code must not read fields of a value read this way: only reads whose rows go
 * straight into an HTTP answer ask for it (JSON_AS_TEXT).
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    if (collecting) {
      collecting.push(this.text);
      return MARK;
    }
    return JSON.parse(this.text);
  }
}

/**
 * Appended to a read's SQL: its `json` and `jsonb` columns come back as JsonText. Node-postgres is
 * told per statement (its `types`), by PreparingClient, which every pool connection is.
 */
export const JSON_AS_TEXT = ' /* json as text */';

const JSON_OIDS = new Set([114, 3802]); // json, jsonb
const asText = (text: string): JsonText => new JsonText(text);

/** node-postgres's type parsers, but `json` and `jsonb` as JsonText. */
export const JSON_TEXT_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    return JSON_OIDS.has(oid) && format !== 'binary'
      ? asText
      : (types.getTypeParser as (o: number, f?: string) => unknown)(oid, format);
  },
};

/**
 * What a JsonText writes while stringifyJson collects: a string no answer can hold by chance, as it
 * carries a random value of this process. JSON.stringify writes it as MARK_IN_JSON.
 */
const MARK = `\u0000json-text:${randomBytes(12).toString('base64url')}`;
const MARK_IN_JSON = JSON.stringify(MARK);
let collecting: string[] | null = null;

/**
 * JSON.stringify, with each JsonText written as its text. JSON.stringify runs to the end without
 * yielding, so the collecting state is this call's alone. If the result held one mark more than
 * JsonTexts were collected (a string forged to look like one), the plain way is taken: each
 * JsonText parsed and written again.
 */
export function stringifyJson(value: unknown): string {
  const texts: string[] = [];
  collecting = texts;
  let json: string;
  try {
    json = JSON.stringify(value);
  } finally {
    collecting = null;
  }
  if (texts.length === 0) return json;
  const parts: string[] = [];
  let from = 0;
  for (const text of texts) {
    const at = json.indexOf(MARK_IN_JSON, from);
    if (at < 0) return JSON.stringify(value);
    parts.push(json.slice(from, at), text);
    from = at + MARK_IN_JSON.length;
  }
  if (json.indexOf(MARK_IN_JSON, from) >= 0) return JSON.stringify(value);
  parts.push(json.slice(from));
  return parts.join('');
}
