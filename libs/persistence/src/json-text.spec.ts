import { jsonArray, jsonTextOf, RawJson, withJsonText } from './json-text';

interface Board {
  asOf: string;
  items: { id: string; n: number }[];
  nextCursor: string | null;
  counts?: number[];
}

const rows = ['{"id": "a", "n": 1}', '{"id":"b","n":2}'];
const board = () =>
  withJsonText<Board>({ asOf: '2026-12-03T00:00:00.000Z', items: jsonArray(rows), nextCursor: null });

describe('withJsonText', () => {
  it('writes the fields in the order given, texts as they are and values through JSON.stringify', () => {
    expect(jsonTextOf(board())).toBe(
      '{"asOf":"2026-12-03T00:00:00.000Z","items":[{"id": "a", "n": 1},{"id":"b","n":2}],"nextCursor":null}',
    );
  });

  it('gives code in the process the same values the text holds', () => {
    const b = board();
    const text = jsonTextOf(b)!;
    expect(b.items).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ]);
    expect(JSON.parse(JSON.stringify(b))).toEqual(JSON.parse(text));
    expect({ ...board() }).toEqual(JSON.parse(text));
  });

  it('has no text once a field is read or set: a value read may be changed in place', () => {
    const read = board();
    read.items[0].n = 9;
    expect(jsonTextOf(read)).toBeUndefined();
    expect(JSON.parse(JSON.stringify(read)).items[0].n).toBe(9);
    const set = board();
    set.nextCursor = 'next';
    expect(jsonTextOf(set)).toBeUndefined();
    expect(JSON.parse(JSON.stringify(set)).nextCursor).toBe('next');
  });

  it('leaves out undefined fields, as JSON.stringify does', () => {
    const b = withJsonText<Board>({
      asOf: 'x',
      items: new RawJson('[]'),
      nextCursor: null,
      counts: undefined,
    });
    expect(jsonTextOf(b)).toBe('{"asOf":"x","items":[],"nextCursor":null}');
    expect(Object.keys(b)).toEqual(['asOf', 'items', 'nextCursor']);
  });

  it('gives a spread copy no text of its own', () => {
    expect(jsonTextOf({ ...board(), extra: 1 })).toBeUndefined();
    expect(jsonTextOf(null)).toBeUndefined();
    expect(jsonTextOf('text')).toBeUndefined();
  });
});
