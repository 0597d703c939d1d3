import type { Client } from 'pg';

/**
 * Where the inbox's unread tally (migration UnreadTally: partial counts per organisation and
 * writing backend) differs from the unread notifications counted one by one: empty when it is
 * right. One statement, so one snapshot.
 */
export async function unreadMismatches(db: Client): Promise<unknown[]> {
  const r = await db.query(
    `SELECT coalesce(x.org_code, t.org_code) AS org, x.n AS unread, t.n AS tally
       FROM (SELECT org_code, count(*)::int AS n FROM notification WHERE read_at IS NULL GROUP BY 1) x
       FULL JOIN (SELECT org_code, sum(n)::int AS n FROM notification_unread GROUP BY 1 HAVING sum(n) <> 0) t
         ON t.org_code = x.org_code
      WHERE x.n IS DISTINCT FROM t.n`,
  );
  return r.rows;
}
