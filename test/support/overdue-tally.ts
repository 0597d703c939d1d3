import type { Client } from 'pg';

/**
 * Where the overdue tally the database keeps (migration OverdueTally) differs from the open deadlines
 * carrying the overdue mark, counted one by one: empty when it is right. One statement, so one
 * snapshot, although a worker may be marking deadlines at the same time.
 */
export async function tallyMismatches(db: Client): Promise<unknown[]> {
  const r = await db.query(
    `SELECT coalesce(x.owner_org, t.owner_org) AS org, coalesce(x.kind, t.kind) AS kind, x.n AS marked, t.n AS tally
       FROM (SELECT owner_org, kind, count(*)::int AS n FROM deadline
              WHERE state = 'open' AND overdue_at IS NOT NULL GROUP BY 1, 2) x
       FULL JOIN (SELECT * FROM overdue_tally WHERE n <> 0) t ON t.owner_org = x.owner_org AND t.kind = x.kind
      WHERE x.n IS DISTINCT FROM t.n`,
  );
  return r.rows;
}

/** One entry of the overdue board's counts. */
export interface OverdueCount {
  orgCode: string;
  kind: string;
  count: number;
}

/** Counts in (organisation, kind) order, so two lists compare whatever order each came in. */
export const inKeyOrder = <T extends { orgCode: string; kind: string }>(rows: T[]): T[] =>
  [...rows].sort((x, y) => `${x.orgCode} ${x.kind}`.localeCompare(`${y.orgCode} ${y.kind}`));

/**
 * The open deadlines due before `at`, counted one by one per organisation and kind, in key order:
 * what the board's counts must equal (the query they replaced).
 */
export async function pastDueCounts(db: Client, at: Date | string): Promise<OverdueCount[]> {
  const r = await db.query(
    `SELECT owner_org AS "orgCode", kind, count(*)::int AS count FROM deadline
      WHERE state = 'open' AND due_at < $1 GROUP BY 1, 2`,
    [at],
  );
  return inKeyOrder(r.rows);
}
