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
