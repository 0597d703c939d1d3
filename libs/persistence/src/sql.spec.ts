import { encodeCursor, decodeCursor } from './pagination';
import { isoTime, keysetPage, scopeCondition, type ScopeRule } from './sql';

describe('the SQL helpers', () => {
  const rule: ScopeRule = {
    street: 'a.street_code',
    department: (org) => `EXISTS (SELECT 1 FROM task t WHERE t.id = a.task_id AND t.submitter_code = ${org})`,
  };

  it('limits rows to the scope, binding the organisation as a parameter', () => {
    const params: unknown[] = ['x'];
    expect(scopeCondition({ kind: 'all' }, params, rule)).toBe('TRUE');
    expect(params).toEqual(['x']);
    expect(scopeCondition({ kind: 'street', orgCode: 'D1-S01' }, params, rule)).toBe('a.street_code = $2');
    expect(scopeCondition({ kind: 'department', orgCode: "MZJ' OR TRUE" }, params, rule)).toBe(
      'EXISTS (SELECT 1 FROM task t WHERE t.id = a.task_id AND t.submitter_code = $3)',
    );
    expect(params).toEqual(['x', 'D1-S01', "MZJ' OR TRUE"]);
  });

  it('shows nothing to a kind of organisation the table family names no column for', () => {
    const params: unknown[] = [];
    expect(
      scopeCondition({ kind: 'street', orgCode: 'D1-S01' }, params, { department: 't.submitter_code' }),
    ).toBe('FALSE');
    expect(params).toEqual([]);
  });

  it('cuts a keyset page after the cursor the codec wrote, fetching one row more than the page', () => {
    const id = '3f0c2a8e-6b1d-4c6e-9a57-2d4f8e1b7c90';
    const cursor = decodeCursor(encodeCursor('2030-03-04T01:00:00.000000Z', id))!;
    const params: unknown[] = ['MZJ'];
    const page = keysetPage({ time: 'n.created_at', id: 'n.id' }, { cursor, limit: 20 }, params);
    expect(page.after).toBe('(n.created_at, n.id) < ($2::timestamptz, $3::uuid)');
    expect(page.orderLimit).toBe('ORDER BY n.created_at DESC, n.id DESC LIMIT 21');
    expect(params).toEqual(['MZJ', '2030-03-04T01:00:00.000000Z', id]);
    const first = keysetPage({ time: 'n.created_at', id: 'n.id' }, { limit: 5 }, []);
    expect(first).toEqual({ after: 'TRUE', orderLimit: 'ORDER BY n.created_at DESC, n.id DESC LIMIT 6' });
  });

  it('reads times as UTC ISO text, microseconds unless told milliseconds', () => {
    expect(isoTime('t.created_at')).toBe(
      `to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    );
    expect(isoTime('f.due_at', 'ms')).toBe(
      `to_char(f.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    );
  });
});
