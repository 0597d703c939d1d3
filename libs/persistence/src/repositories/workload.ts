import type { Tx } from '../tx';

/**
 * A street's weighted workload (DESIGN.md "Assessment", `workloadPerPost` numerator; "Staffing"
 * uses the same number): the assignments active at any time in [from, to), each weighted by the
 * street's role in it. Shared by the assessment and the staffing report so both count alike.
 */

/**
 * Weight of an assignment by the street's role: leading is the whole job, a joint action's
 * assisting street carries a bit more than half, a supporting street the listed supporting duties
 * only. An assignment that was rejected or withdrawn put no work on the street (0), and neither
 * does one with no role yet (still routing or in admission review: nothing binds the street).
 */
export const WORKLOAD_ROLE_WEIGHTS = { lead: 1.0, joint: 0.6, support: 0.3 } as const;

/** States after which an assignment never moves again; `closed` is the only one that weighs. */
export const TERMINAL_ASSIGNMENT_STATES = ['closed', 'rejected', 'withdrawn'] as const;

export interface StreetWorkload {
  streetCode: string;
  /** Σ role weight over the active assignments (exact: summed as numeric, read as a number). */
  workload: number;
  /** The street's authorised posts (编制数), null when the organisation record has none. */
  authorisedPosts: number | null;
}

/**
 * The SQL of the per-street workload over `[from, to)` given as two placeholders (`$1`, `$2` or
 * whatever the caller binds): one row per street organisation (`street_code`, `workload` numeric),
 * 0 for a street with nothing active. "Active at any time in the period" is: created before its
 * end, and not terminal before its start — a terminal assignment's `updated_at` is the time it
 * became terminal, since nothing changes it afterwards.
 */
export function weightedWorkloadSql(from: string, to: string): string {
  const w = WORKLOAD_ROLE_WEIGHTS;
  return `SELECT o.code AS street_code,
         COALESCE(SUM(CASE WHEN a.state IN ('rejected', 'withdrawn') THEN 0
                           WHEN a.role = 'lead' THEN ${w.lead.toFixed(1)}
                           WHEN a.role = 'joint' THEN ${w.joint.toFixed(1)}
                           WHEN a.role = 'support' THEN ${w.support.toFixed(1)}
                           ELSE 0 END), 0)::numeric AS workload
    FROM organisation o
    LEFT JOIN assignment a
      ON a.street_code = o.code
     AND a.created_at < ${to}
     AND NOT (a.state IN (${TERMINAL_ASSIGNMENT_STATES.map((s) => `'${s}'`).join(', ')}) AND a.updated_at < ${from})
   WHERE o.kind = 'street'
   GROUP BY o.code`;
}

/**
 * Every street's weighted workload over [fromIso, toIso) with its authorised posts, by street
 * code. One set-based statement over the assignments, whatever the number of streets.
 */
export async function weightedWorkloadByStreet(
  queryable: Tx,
  fromIso: string,
  toIso: string,
): Promise<StreetWorkload[]> {
  const rows: { streetCode: string; workload: string; authorisedPosts: number | null }[] =
    await queryable.query(
      `SELECT w.street_code AS "streetCode", w.workload::text AS workload, o.authorised_posts AS "authorisedPosts"
       FROM (${weightedWorkloadSql('$1::timestamptz', '$2::timestamptz')}) w
       JOIN organisation o ON o.code = w.street_code
      ORDER BY w.street_code`,
      [fromIso, toIso],
    );
  return rows.map((r) => ({
    streetCode: r.streetCode,
    workload: Number(r.workload),
    authorisedPosts: r.authorisedPosts,
  }));
}
