import { Readable } from 'node:stream';
import { DomainError } from '@app/domain';
import { BODY_CONSUMED } from './error.filter';
import { DRAIN_FACTOR, jsonBodyParser, jsonShapeProblem } from './json-shape';

const limits = { maxDepth: 4, maxEntries: 10 };

describe('jsonShapeProblem', () => {
  it.each([
    ['{}', null],
    ['[]', null],
    ['{"a":{"b":{"c":[1]}}}', null],
    ['{"a":{"b":{"c":{"d":{}}}}}', { reason: 'json_too_deep', max: 4 }],
    ['[[[[[]]]]]', { reason: 'json_too_deep', max: 4 }],
    // Brackets and colons inside strings, escaped quotes included, are text, not structure.
    ['{"a":"[[[[[[:::::,,,,,]]]]]\\"[[[[[[[","b":"\\\\"}', null],
    [JSON.stringify(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]))), null],
    [
      JSON.stringify(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]))),
      { reason: 'json_too_many_entries', max: 10 },
    ],
    [JSON.stringify(Array.from({ length: 10 }, () => 0)), null],
    [JSON.stringify(Array.from({ length: 11 }, () => 0)), { reason: 'json_too_many_entries', max: 10 }],
    // 5 members + 2 arrays of 2 and 1 elements = 8 entries.
    ['{"a":[1,2],"b":[{"c":1}],"d":[],"e":{}}', null],
    [' [ "x" , { "y" : [ ] } ] ', null],
  ])('%s → %j', (text, expected) => expect(jsonShapeProblem(text, limits)).toEqual(expected));

  it('counts entries exactly: members plus array elements', () => {
    const at = (n: number) =>
      jsonShapeProblem('{"a":[1,2],"b":[{"c":1}],"d":[],"e":{}}', { maxDepth: 9, maxEntries: n });
    expect(at(7)).toEqual({ reason: 'json_too_many_entries', max: 7 });
    expect(at(8)).toBeNull();
  });

  it('stops early on a 5,000-deep body', () => {
    expect(
      jsonShapeProblem('['.repeat(5000) + ']'.repeat(5000), { maxDepth: 32, maxEntries: 10_000 }),
    ).toEqual({
      reason: 'json_too_deep',
      max: 32,
    });
  });
});

describe('jsonBodyParser', () => {
  const parser = jsonBodyParser(1024 * 1024, limits);
  /** Parses `buf` sent with `charset`: throws what the parser refused it with. */
  const verify = (buf: Buffer, charset: string) =>
    new Promise<unknown>((resolve, reject) =>
      parser(
        {
          headers: {
            'content-type': `application/json; charset=${charset}`,
            'content-length': String(buf.length),
          },
        },
        Readable.from([buf]),
        (err, body) => (err ? reject(err) : resolve(body)),
      ),
    );

  it('throws a 413 domain error naming the limit', async () => {
    await expect(verify(Buffer.from('[[[[[1]]]]]'), 'utf-8')).rejects.toThrow(DomainError);
    await expect(verify(Buffer.from('[[[[[1]]]]]'), 'utf-8')).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: [{ reason: 'json_too_deep', params: { max: 4 } }],
    });
  });

  it('reads UTF-16 bodies as text, where a code unit may hold a bracket byte', async () => {
    // U+7B5B holds the bytes of `[` and `{`: scanned as bytes it would look 8 levels deep.
    const text = `{"a":"${'\u7b5b'.repeat(8)}"}`;
    await expect(verify(Buffer.from(text, 'utf16le'), 'utf-16le')).resolves.toEqual({
      a: '\u7b5b'.repeat(8),
    });
    await expect(verify(Buffer.from('[[[[[1]]]]]', 'utf16le'), 'utf-16le')).rejects.toThrow(DomainError);
  });
});

describe('jsonBodyParser over the limit', () => {
  const LIMIT = 100;
  const parser = jsonBodyParser(LIMIT, limits);
  /** Sends `chunks` (with `length` as Content-Length unless null); tells what was refused and how much was read. */
  const send = (chunks: Buffer[], length: number | null) =>
    new Promise<{ err: (Error & { [BODY_CONSUMED]?: boolean }) | null; read: number; ended: boolean }>(
      (resolve) => {
        let read = 0;
        let ended = false;
        const body = Readable.from(
          (function* () {
            for (const c of chunks) {
              read += c.length;
              yield c;
            }
            ended = true;
          })(),
        );
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (length !== null) headers['content-length'] = String(length);
        parser({ headers }, body, (err) => setImmediate(() => resolve({ err, read, ended })));
      },
    );
  const bytes = (n: number) => Buffer.alloc(n, 0x20);

  it('reads the rest of a body within the drain budget, then refuses it as consumed', async () => {
    const chunks = Array.from({ length: 6 }, () => bytes(100));
    const r = await send(chunks, 600);
    expect(r.err).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(r.err?.[BODY_CONSUMED]).toBe(true);
    expect(r).toMatchObject({ read: 600, ended: true });
  });

  it('does the same for a body without Content-Length that grows past the limit', async () => {
    const r = await send(
      Array.from({ length: 5 }, () => bytes(50)),
      null,
    );
    expect(r.err).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(r.err?.[BODY_CONSUMED]).toBe(true);
    expect(r.ended).toBe(true);
  });

  it('refuses a declared length past the drain budget at once, without reading it', async () => {
    const r = await send([bytes(100)], LIMIT * DRAIN_FACTOR + 1);
    expect(r.err).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(r.err?.[BODY_CONSUMED]).toBeUndefined();
    expect(r.read).toBe(0);
  });

  it('stops reading a body without Content-Length once it passes the drain budget', async () => {
    const chunks = Array.from({ length: DRAIN_FACTOR + 20 }, () => bytes(LIMIT));
    const r = await send(chunks, null);
    expect(r.err).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(r.err?.[BODY_CONSUMED]).toBeUndefined();
    expect(r.ended).toBe(false);
    expect(r.read).toBeLessThanOrEqual((DRAIN_FACTOR + 2) * LIMIT);
  });

  it('still parses a body at the limit', async () => {
    const text = `{"a":"${'x'.repeat(LIMIT - 8)}"}`;
    expect(Buffer.byteLength(text)).toBe(LIMIT);
    await expect(
      new Promise((resolve, reject) =>
        parser(
          { headers: { 'content-type': 'application/json', 'content-length': String(LIMIT) } },
          Readable.from([Buffer.from(text)]),
          (err, body) => (err ? reject(err) : resolve(body)),
        ),
      ),
    ).resolves.toEqual({ a: 'x'.repeat(LIMIT - 8) });
  });
});
