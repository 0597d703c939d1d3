import { decodeCursor, encodeCursor, pageOf } from './pagination';

const ID = '3f0c2a8e-6b1d-4c6e-9a57-2d4f8e1b7c90';
const b64 = (s: string) => Buffer.from(s).toString('base64url');

describe('the cursor codec', () => {
  it('reads back what it wrote, for created_at (µs) and due_at (ms) positions', () => {
    for (const at of ['2026-03-01T08:15:30.123456Z', '2100-12-31T15:59:59.999Z', '2026-03-01T08:15:30Z'])
      expect(decodeCursor(encodeCursor(at, ID))).toEqual({ at, id: ID });
  });

  it.each([
    ['month 13', b64(`2026-13-01T00:00:00.000000Z|${ID}`)],
    ['February 30', b64(`2026-02-30T00:00:00.000000Z|${ID}`)],
    ['February 29 of a common year', b64(`2025-02-29T00:00:00.000000Z|${ID}`)],
    ['year 0', b64(`0000-01-01T00:00:00.000000Z|${ID}`)],
    ['hour 24', b64(`2026-01-01T24:00:00.000000Z|${ID}`)],
    ['an offset instead of Z', b64(`2026-01-01T00:00:00+08:00|${ID}`)],
    ['a five-digit year', b64(`+10000-01-01T00:00:00.000000Z|${ID}`)],
    ['an id that is not a UUID', b64('2026-01-01T00:00:00.000000Z|------------------------------------')],
    ['an extra separator', b64(`2026-01-01T00:00:00.000000Z|${ID}|x`)],
    ['no separator', b64(`2026-01-01T00:00:00.000000Z${ID}`)],
    ['an empty position', b64('|')],
    ['plain garbage', 'bm90LWEtY3Vyc29y'],
    ['characters outside base64url', `${encodeCursor('2026-01-01T00:00:00.000000Z', ID)}!!`],
    ['standard base64 padding', `${encodeCursor('2026-01-01T00:00:00.000000Z', ID)}=`],
    [
      'a non-canonical last character',
      encodeCursor('2026-01-01T00:00:00.000000Z', ID).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    ],
    ['a NUL inside', b64(`2026-01-01T00:00:00.000000Z\u0000|${ID}`)],
    ['too long', 'A'.repeat(400)],
    ['not a string', ['a', 'b']],
  ])('refuses %s', (_what, cursor) => expect(decodeCursor(cursor)).toBeNull());

  it('pages by the given key, and has no cursor on the last page', () => {
    const rows = [1, 2, 3].map((n) => ({ dueAt: `2026-01-0${n}T00:00:00.000Z`, deadlineId: ID, n }));
    const page = pageOf(rows, 2, (r) => ({ at: r.dueAt, id: r.deadlineId }));
    expect(page.items.map((r) => r.n)).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor)).toEqual({ at: '2026-01-02T00:00:00.000Z', id: ID });
    expect(pageOf(rows, 3).nextCursor).toBeNull();
  });
});
