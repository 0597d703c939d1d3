import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { DomainError } from '@app/domain';
import { BODY_CONSUMED } from './error.filter';

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

/** A charset the JSON body may be sent in: body-parser's rule, `utf-*` only (415 otherwise). */
const UTF = /^utf-/;

/**
 * The JSON body parser (Fastify content type parser for application/json), as Express's body-parser
 * read JSON before: the charset must be `utf-*` (415), a `Content-Encoding` of gzip, deflate or br is
 * inflated and any other refused (415), the body stops at `limit` bytes (413, counted after inflating),
 * the depth and width are checked on the decoded text before JSON.parse (413: such bodies would
 * otherwise cost JSON.parse, class-transformer and class-validator time and memory in proportion to
 * their shape; a 1 MB body holds ~128,000 items), an
 * empty body is `{}`, and only an object or an array is JSON here (strict; 400 MALFORMED_JSON).
 * `JSON.parse` as body-parser used it: a `__proto__` key stays an own property, which validation
 * then refuses as an unknown field.
 *
 * A body over the limit is refused only once the rest of it has arrived, read and dropped, when that
 * rest is at most DRAIN_FACTOR times the limit (as sent, before inflating): the client is still
 * sending it, and a connection closed under it resets, so the client may get the reset (EPIPE) in
 * place of the 413 (the fuzz test's 3,000 rules did once in a CI run, 2026-12-04). The refusal is then
 * marked as coming after the body, and the connection stays open. A larger body is refused at once
 * and its connection closed, as before: reading it would cost more than the client's error is worth.
 */
export function jsonBodyParser(limit: number, limits: JsonShapeLimits) {
  return (
    req: { headers: Record<string, string | string[] | undefined> },
    payload: NodeJS.ReadableStream & { destroy?: () => void },
    done: (err: Error | null, body?: unknown) => void,
  ): void => {
    let decoder: InstanceType<typeof TextDecoder>;
    const charset = charsetOf(String(req.headers['content-type'] ?? '')) ?? 'utf-8';
    try {
      if (!UTF.test(charset)) throw new Error(charset);
      decoder = new TextDecoder(charset, { fatal: false });
    } catch {
      return done(new DomainError('UNSUPPORTED_MEDIA_TYPE'));
    }
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    let stream: NodeJS.ReadableStream;
    if (encoding === 'identity') stream = payload;
    else if (encoding === 'gzip' || encoding === 'deflate' || encoding === 'br') {
      const inflate =
        encoding === 'gzip'
          ? createGunzip()
          : encoding === 'deflate'
            ? createInflate()
            : createBrotliDecompress();
      payload.on('error', (e) => inflate.destroy(e));
      stream = payload.pipe(inflate);
    } else return done(new DomainError('UNSUPPORTED_MEDIA_TYPE'));
    const declared = Number(req.headers['content-length']);
    const drainable = limit * DRAIN_FACTOR;
    if (declared > drainable) return done(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    let refused = false;
    const finish = (err: Error | null, body?: unknown) => {
      if (finished) return;
      finished = true;
      stream.removeListener('data', onData);
      done(err, body);
    };
    /** Over the limit: the rest of the body as sent is read and dropped, then refused (see above). */
    const refuse = () => {
      refused = true;
      chunks.length = 0;
      stream.removeListener('data', onData);
      if (stream !== payload) {
        payload.unpipe(stream as unknown as NodeJS.WritableStream);
        (stream as unknown as { destroy: () => void }).destroy();
      }
      let read = encoding === 'identity' ? size : 0;
      const onDrain = (chunk: Buffer) => {
        read += chunk.length;
        if (read <= drainable) return;
        payload.removeListener('data', onDrain);
        payload.pause();
        finish(tooLarge());
      };
      payload.on('data', onDrain);
      payload.once('end', () => finish(consumed(tooLarge())));
      payload.once('error', () => finish(tooLarge()));
      payload.resume();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return refuse();
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.on('error', () => refused || finish(consumed(new DomainError('MALFORMED_JSON'))));
    if (encoding === 'identity' && declared > limit) return refuse();
    stream.on('end', () => {
      if (refused) return;
      if (encoding === 'identity' && !Number.isNaN(declared) && declared !== size)
        return finish(consumed(new DomainError('MALFORMED_JSON')));
      let text = decoder.decode(Buffer.concat(chunks, size));
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      try {
        finish(null, parseJsonBody(text, limits));
      } catch (e) {
        finish(consumed(e as Error));
      }
    });
  };
}

/** How much of a body over the limit is read and dropped before refusing it, in limits. */
export const DRAIN_FACTOR = 8;

function tooLarge(): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE');
}

function consumed<E extends Error>(e: E): E {
  (e as E & { [BODY_CONSUMED]?: boolean })[BODY_CONSUMED] = true;
  return e;
}

/** The `charset` parameter of a Content-Type header, lower-cased; undefined when there is none. */
function charsetOf(contentType: string): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const value = m?.[1] ?? m?.[2];
  return value ? value.toLowerCase() : undefined;
}

/** The first character that is not JSON whitespace must open an object or an array (strict mode). */
const STRICT_START = /^[ \t\n\r]*[[{]/;

/** Shape check, then JSON.parse of a non-empty body; `{}` for an empty one. */
export function parseJsonBody(text: string, limits: JsonShapeLimits): unknown {
  if (text.length === 0) return {};
  const problem = jsonShapeProblem(text, limits);
  if (problem)
    throw new DomainError('PAYLOAD_TOO_LARGE', [{ reason: problem.reason, params: { max: problem.max } }]);
  if (!STRICT_START.test(text)) throw new DomainError('MALFORMED_JSON');
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('MALFORMED_JSON');
  }
}
