import { Readable } from 'node:stream';
import { DomainError } from '@app/domain';
import { jsonBodyParser, jsonShapeProblem } from './json-shape';

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
