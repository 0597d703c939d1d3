import type { Cursor } from './pagination';
import type { Tx } from './tx';

/**
 * The SQL fragments every repository builds its statements from, written once: how a time is
 * read out, how the asking organisation limits the rows, and how a keyset page is cut.
 */

/** Statement parameters; `bind` appends one and answers its placeholder. */
export type Params = unknown[];

export const bind = (params: Params, value: unknown): string => `$${params.push(value)}`;

/**
 * A timestamptz column read as an ISO-8601 UTC string. Microseconds by default, as stored, so a
 * row's time round-trips exactly through a cursor; `ms` where the text must equal what
 * `Date.prototype.toISOString` writes (payloads compared with JavaScript times).
 */
export const isoTime = (column: string, precision: 'us' | 'ms' = 'us'): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.${precision === 'us' ? 'US' : 'MS'}"Z"')`;

/**
 * The escalation steps of the deadline `deadlineId` (a column reference), as its views send them:
 * `[{step, fireAt, firedAt}]` by fire time, kept per deadline by the triggers of migration DeadlineSteps.
 */
export const stepsOf = (deadlineId: string): string =>
  `coalesce((SELECT ds.steps FROM deadline_steps ds WHERE ds.deadline_id = ${deadlineId}), '[]')`;

/** Who is asking: the organisation scope is applied inside every query, never after it. */
export type Scope =
  { kind: 'all' } | { kind: 'department'; orgCode: string } | { kind: 'street'; orgCode: string };

/**
 * How one table family tells which organisation a row belongs to, per kind of organisation: a
 * column compared with the organisation's code, or a condition built around its placeholder
 * (an EXISTS over another table). A kind left out sees nothing.
 */
export interface ScopeRule {
  street?: string | ((org: string) => string);
  department?: string | ((org: string) => string);
}

/** The WHERE condition limiting rows to what the scope may see. */
export function scopeCondition(scope: Scope, params: Params, rule: ScopeRule): string {
  if (scope.kind === 'all') return 'TRUE';
  const by = rule[scope.kind];
  if (by === undefined) return 'FALSE';
  const org = bind(params, scope.orgCode);
  return typeof by === 'string' ? `${by} = ${org}` : by(org);
}

/**
 * A keyset page over `(time, id)`, newest first unless told `asc`: the condition that starts after
 * the cursor (the position `pageOf` encoded from the last row shown) and the ORDER BY … LIMIT that
 * fetches one row more than the page, so `pageOf` knows whether another page exists. The row
 * comparison and the ORDER BY go the same way, so a page never skips or repeats a row of its sort.
 */
export function keysetPage(
  key: { time: string; id: string },
  page: { cursor?: Cursor; limit: number },
  params: Params,
  dir: 'asc' | 'desc' = 'desc',
): { after: string; orderLimit: string } {
  const op = dir === 'desc' ? '<' : '>';
  const after = page.cursor
    ? `(${key.time}, ${key.id}) ${op} (${bind(params, page.cursor.at)}::timestamptz, ${bind(params, page.cursor.id)}::uuid)`
    : 'TRUE';
  const d = dir.toUpperCase();
  return { after, orderLimit: `ORDER BY ${key.time} ${d}, ${key.id} ${d} LIMIT ${page.limit + 1}` };
}

/**
 * A page of rows and one value about the whole list (the inbox's unread count, the board's
 * counts) in one statement instead of two: one round trip, one snapshot. `sql.extra` selects one
 * row with one text column `extra`; the page (`sql.page`, with its own ORDER BY and LIMIT) is
 * joined to it LATERAL, so an empty page still answers the extra, and `sql.orderBy` (over the
 * page's output columns, aliased `p`) keeps the page's order. Only the first row carries the extra
 * (`row_number()` over that same order), the others a NULL: the board's counts are ~2.2 kB of
 * text, which had been sent and decoded 21 times a page (at 1M with 32 clients that cost the API
 * 0.16–0.20 ms and the machine 0.13–0.32 ms a request). `sql.key` is a column of the page that is
 * never null (null only on the one row of an empty page).
 */
export async function pageWithExtra<T>(
  tx: Tx,
  sql: { page: string; extra: string; orderBy: string; key: string },
  params: Params,
): Promise<{ rows: T[]; extra: string }> {
  const rows: (T & { __extra: string })[] = await tx.query(
    `SELECT CASE WHEN row_number() OVER (ORDER BY ${sql.orderBy}) = 1 THEN x.extra END AS "__extra", p.*
       FROM (${sql.extra}) x LEFT JOIN LATERAL (${sql.page}) p ON true
      ORDER BY ${sql.orderBy}`,
    params,
  );
  const key = sql.key as keyof T;
  return {
    rows: rows.filter((r) => r[key] !== null).map(({ __extra, ...row }) => row as unknown as T),
    extra: rows[0].__extra,
  };
}
