import { firstUnsafeChar, isBlank, isSafeText, unsafeTextDetails } from './safe-text';

describe('firstUnsafeChar', () => {
  it.each([
    ['', null],
    ['辖区高龄老人走访慰问', null],
    ['tab\tLF\nCR\r', null],
    ['line\u2028para\u2029', null],
    ['zero\u200bwidth\ufeffBOM', null],
    ['emoji 😀 and 𠮷', null],
    ['private \ue000', null],
    ['bidi \u202e', null],
    ['a\u0000b', { index: 1, codePoint: 0 }],
    ['\u0001', { index: 0, codePoint: 1 }],
    ['esc\u001b[31m', { index: 3, codePoint: 0x1b }],
    ['del\u007f', { index: 3, codePoint: 0x7f }],
    ['c1\u0085', { index: 2, codePoint: 0x85 }],
    ['c1\u009f', { index: 2, codePoint: 0x9f }],
    ['lone high \ud800 x', { index: 10, codePoint: 0xd800 }],
    ['lone high at end \udbff', { index: 17, codePoint: 0xdbff }],
    ['lone low \udc00', { index: 9, codePoint: 0xdc00 }],
    ['swapped \ude00\ud83d', { index: 8, codePoint: 0xde00 }],
    ['nonchar \ufffe', { index: 8, codePoint: 0xfffe }],
    ['nonchar \uffff', { index: 8, codePoint: 0xffff }],
    ['nonchar \ufdd0', { index: 8, codePoint: 0xfdd0 }],
    ['plane 1 nonchar \ud83f\udffe', { index: 16, codePoint: 0x1fffe }],
  ])('%j → %j', (s, expected) => expect(firstUnsafeChar(s)).toEqual(expected));

  it('accepts U+00A0 and U+FFFD, the neighbours of the refused ranges', () => {
    expect(isSafeText('\u00a0\ufffd\ufdcf\ufdf0')).toBe(true);
  });
});

describe('isBlank', () => {
  it.each([
    ['', true],
    ['   ', true],
    ['\t\n\r', true],
    ['\u3000', true], // ideographic space
    ['\u00a0', true],
    ['\u200b\u200c\u200d', true],
    ['\u2060\ufeff', true],
    ['\u00ad', true], // soft hyphen
    ['\u180e', true], // Mongolian vowel separator
    ['\u3164\u115f', true], // Hangul fillers
    ['\u2800', true], // Braille blank
    [' \u200b x \u200b ', false],
    ['标题', false],
    ['0', false],
  ])('%j → %s', (s, blank) => expect(isBlank(s)).toBe(blank));
});

describe('unsafeTextDetails', () => {
  it('names unsafe strings at any depth, in arrays and in keys, in document order', () => {
    const value = JSON.parse(
      '{"title":"ok","resources":{"detail":"x\\u0000"},"streetCodes":["D1-S01","\\ud800"],"a\\u0007b":1}',
    );
    expect(unsafeTextDetails(value)).toEqual([
      { field: 'resources.detail', reason: 'unsafe_text', params: { char: 'U+0000' } },
      { field: 'streetCodes[1]', reason: 'unsafe_text', params: { char: 'U+D800' } },
      { field: 'a\u0007b', reason: 'unsafe_text', params: { char: 'U+0007' } },
    ]);
  });

  it('refuses __proto__, constructor and prototype keys wherever they are, as unknown fields', () => {
    const value = JSON.parse('{"__proto__":{"x":1},"rules":[{"constructor":"y"}],"q":{"prototype":2}}');
    expect(unsafeTextDetails(value).map((d) => [d.field, d.reason])).toEqual([
      ['__proto__', 'whitelistValidation'],
      ['rules[0].constructor', 'whitelistValidation'],
      ['q.prototype', 'whitelistValidation'],
    ]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('walks null-prototype objects (query and multipart parsers) and prefixes a root', () => {
    const q = Object.assign(Object.create(null) as object, { cursor: 'a\u0000' });
    expect(unsafeTextDetails(q, 'query')).toEqual([
      { field: 'query.cursor', reason: 'unsafe_text', params: { char: 'U+0000' } },
    ]);
  });

  it('finds nothing in clean values, numbers, booleans and nulls', () => {
    expect(unsafeTextDetails({ a: [1, true, null, '正常文本\n'], b: { c: 'ok' } })).toEqual([]);
    expect(unsafeTextDetails('plain')).toEqual([]);
  });

  it('stops after 20 findings and survives a value nested 100,000 deep', () => {
    expect(unsafeTextDetails(Array.from({ length: 1000 }, () => '\u0000'))).toHaveLength(20);
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unsafeTextDetails(deep)).toHaveLength(1);
  });
});
