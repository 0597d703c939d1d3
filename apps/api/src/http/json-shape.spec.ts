import { DomainError } from '@app/domain';
import { jsonShapeProblem, jsonShapeVerifier } from './json-shape';

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

describe('jsonShapeVerifier', () => {
  const verify = jsonShapeVerifier(limits);
  it('throws a 413 domain error naming the limit', () => {
    expect(() => verify(null, null, Buffer.from('[[[[[1]]]]]'), 'utf-8')).toThrow(DomainError);
    try {
      verify(null, null, Buffer.from('[[[[[1]]]]]'), 'utf-8');
    } catch (e) {
      expect(e).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        details: [{ reason: 'json_too_deep', params: { max: 4 } }],
      });
    }
  });

  it('reads UTF-16 bodies as text, where a code unit may hold a bracket byte', () => {
    // U+7B5B holds the bytes of `[` and `{`: scanned as bytes it would look 8 levels deep.
    const text = `{"a":"${'\u7b5b'.repeat(8)}"}`;
    expect(() => verify(null, null, Buffer.from(text, 'utf16le'), 'utf-16le')).not.toThrow();
    expect(() => verify(null, null, Buffer.from('[[[[[1]]]]]', 'utf16le'), 'utf-16le')).toThrow(DomainError);
  });
});
