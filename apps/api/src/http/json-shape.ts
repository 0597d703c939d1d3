import { DomainError } from '@app/domain';

export interface JsonShapeLimits {
  maxDepth: number;
  maxEntries: number;
}

/** Why a JSON text is refused before it is parsed, or null when its shape is within the limits. */
export type JsonShapeProblem =
  { reason: 'json_too_deep'; max: number } | { reason: 'json_too_many_entries'; max: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * One linear pass over the JSON text, without parsing it: nesting depth, and entries = object
 * members (one `:` each) plus array elements (one more than the commas of a non-empty array).
 * Stops at the first limit crossed, so the cost is at most one pass over a body the size limit
 * already bounds. Malformed text is not its concern: JSON.parse reports that afterwards.
 */
export function jsonShapeProblem(text: string, limits: JsonShapeLimits): JsonShapeProblem | null {
  // Per open container: true when it is an array still waiting for its first element.
  const arrayEmpty: boolean[] = [];
  const isArray: boolean[] = [];
  let entries = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (isSpace(c)) continue;
    const depth = isArray.length;
    if (depth > 0 && isArray[depth - 1] && arrayEmpty[depth - 1] && c !== CLOSE_ARRAY) {
      arrayEmpty[depth - 1] = false;
      entries++;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth + 1 > limits.maxDepth) return { reason: 'json_too_deep', max: limits.maxDepth };
      isArray.push(c === OPEN_ARRAY);
      arrayEmpty.push(c === OPEN_ARRAY);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      isArray.pop();
      arrayEmpty.pop();
    } else if (c === COLON || (c === COMMA && depth > 0 && isArray[depth - 1])) entries++;
    else continue;
    if (entries > limits.maxEntries) return { reason: 'json_too_many_entries', max: limits.maxEntries };
  }
  return null;
}

/**
 * The JSON body parser's `verify` hook: runs on the raw bytes after the size limit and before
 * JSON.parse, for every request (signed in or not), and refuses an over-deep or over-wide body
 * with 413 and the error body. Such bodies would otherwise cost JSON.parse, class-transformer and
 * class-validator time and memory in proportion to their shape, and every later walk over them
 * (the text check, error details naming each unknown key) too; a 1 MB body holds ~128,000 items.
 */
export function jsonShapeVerifier(limits: JsonShapeLimits) {
  return (_req: unknown, _res: unknown, buf: Buffer, encoding: string | null): void => {
    let text: string;
    try {
      // The parser accepts any `utf-*` charset; structural characters are only safe to find in
      // decoded text (a UTF-16 code unit may hold a `"` or `{` byte).
      text =
        !encoding || /^utf-?8$/i.test(encoding)
          ? buf.toString('utf8')
          : new TextDecoder(encoding, { fatal: false }).decode(buf);
    } catch {
      throw new DomainError('MALFORMED_JSON');
    }
    const problem = jsonShapeProblem(text, limits);
    if (problem)
      throw new DomainError('PAYLOAD_TOO_LARGE', [{ reason: problem.reason, params: { max: problem.max } }]);
  };
}
