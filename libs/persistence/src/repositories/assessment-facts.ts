import type { Tx } from '../tx';
import { weightedWorkloadSql } from './workload';

/**
 * The facts of an assessment period, counted per organisation by set-based SQL: one statement for
 * every street, one for every department, whatever their number (DESIGN.md "Assessment"; the
 * metrics made of them are libs/domain assessment/metrics.ts). `$1` = the period's start, `$2` its
 * end (exclusive), `$3` the computation time ("due before the computation", "as of").
 *
 * Tolerated items — the targets of granted tolerance claims — are left out of every count: a
 * deadline with a granted claim, a supervision item with one on itself or on its deadline, a lost
 * dispute with one (its assignment is left out of the violation index, numerator and denominator;
 * it still counts as pushed down), a summons response whose report-by deadline has one.
 */

export interface StreetFacts {
  orgCode: string;
  signDue: number;
  signMet: number;
  completionDue: number;
  completionMet: number;
  overdue: number;
  supervised: number;
  ratings: number;
  ratingSum: number;
  workload: number;
  authorisedPosts: number | null;
}

export interface DepartmentFacts {
  orgCode: string;
  pushedDown: number;
  considered: number;
  violations: number;
  summonsDue: number;
  summonsOnTime: number;
  ratings: number;
  ratingSum: number;
  disputesLost: number;
}

const granted = (kind: 'deadline' | 'supervision_item' | 'dispute', id: string) =>
  `EXISTS (SELECT 1 FROM tolerance_claim tc WHERE tc.target_kind = '${kind}' AND tc.target_id = ${id} AND tc.state = 'granted')`;

/**
 * A deadline of an on-time rate: due in the period and before the computation, neither cancelled
 * nor paused (a paused clock — a sign-for under dispute — has no due time while it stands).
 */
const DUE = `d.state NOT IN ('cancelled', 'paused') AND d.due_at >= $1 AND d.due_at < $2 AND d.due_at < $3`;
const MET = `d.state = 'met' AND d.met_at <= d.due_at`;

const STREET_SQL = `
WITH dl AS (
  SELECT d.owner_org AS org,
         count(*) FILTER (WHERE d.kind = 'signoff' AND ${DUE}) AS sign_due,
         count(*) FILTER (WHERE d.kind = 'signoff' AND ${DUE} AND ${MET}) AS sign_met,
         count(*) FILTER (WHERE d.kind = 'completion' AND ${DUE}) AS completion_due,
         count(*) FILTER (WHERE d.kind = 'completion' AND ${DUE} AND ${MET}) AS completion_met,
         count(*) FILTER (WHERE d.overdue_at >= $1 AND d.overdue_at < $2) AS overdue
    FROM deadline d
   WHERE ((d.due_at >= $1 AND d.due_at < $2) OR (d.overdue_at >= $1 AND d.overdue_at < $2))
     AND NOT ${granted('deadline', 'd.id')}
   GROUP BY d.owner_org),
sup AS (
  SELECT s.org_code AS org, count(*) AS supervised
    FROM supervision_item s
   WHERE s.created_at >= $1 AND s.created_at < $2
     AND NOT ${granted('supervision_item', 's.id')} AND NOT ${granted('deadline', 's.deadline_id')}
   GROUP BY s.org_code),
sat AS (
  -- a confirmation closes the assignment, and nothing changes a closed one: updated_at is when it was rated
  SELECT a.street_code AS org, count(*) AS ratings, sum(a.rating) AS rating_sum
    FROM assignment a
   WHERE a.state = 'closed' AND a.rating IS NOT NULL AND a.updated_at >= $1 AND a.updated_at < $2
   GROUP BY a.street_code),
wl AS (${weightedWorkloadSql('$1', '$2')})
SELECT o.code AS "orgCode",
       coalesce(dl.sign_due, 0)::int AS "signDue", coalesce(dl.sign_met, 0)::int AS "signMet",
       coalesce(dl.completion_due, 0)::int AS "completionDue", coalesce(dl.completion_met, 0)::int AS "completionMet",
       coalesce(dl.overdue, 0)::int AS overdue, coalesce(sup.supervised, 0)::int AS supervised,
       coalesce(sat.ratings, 0)::int AS ratings, coalesce(sat.rating_sum, 0)::int AS "ratingSum",
       coalesce(wl.workload, 0)::text AS workload, o.authorised_posts AS "authorisedPosts"
  FROM organisation o
  LEFT JOIN dl ON dl.org = o.code
  LEFT JOIN sup ON sup.org = o.code
  LEFT JOIN sat ON sat.org = o.code
  LEFT JOIN wl ON wl.street_code = o.code
 WHERE o.kind = 'street'
 ORDER BY o.code`;

const DEPARTMENT_SQL = `
WITH pushed AS (
  SELECT t.submitter_code AS org, count(*) AS pushed_down,
         count(*) FILTER (WHERE NOT lost.tolerated) AS considered,
         count(*) FILTER (WHERE NOT lost.tolerated AND a.state = 'rejected') AS violations
    FROM assignment a
    JOIN task t ON t.id = a.task_id
   CROSS JOIN LATERAL (
     SELECT EXISTS (SELECT 1 FROM dispute x WHERE x.assignment_id = a.id AND x.upheld = 'street'
                       AND ${granted('dispute', 'x.id')}) AS tolerated) lost
   WHERE a.created_at >= $1 AND a.created_at < $2
   GROUP BY t.submitter_code),
summ AS (
  SELECT r.department_code AS org, count(*) AS summons_due,
         count(*) FILTER (WHERE r.state = 'reported' AND r.responded_at <= r.report_by_at) AS summons_on_time
    FROM summons_response r
   WHERE r.report_by_at >= $1 AND r.report_by_at < $2 AND r.report_by_at < $3
     AND NOT EXISTS (SELECT 1 FROM deadline d WHERE d.summons_response_id = r.id AND ${granted('deadline', 'd.id')})
   GROUP BY r.department_code),
rat AS (
  SELECT org, count(*) AS ratings, sum(score) AS rating_sum FROM (
    SELECT sr.department_code AS org, sr.score FROM summons_rating sr WHERE sr.rated_at >= $1 AND sr.rated_at < $2
    UNION ALL
    SELECT du.department_code, du.score FROM dispatched_unit_rating du WHERE du.period = ANY($4::text[])) r
   GROUP BY org),
lost AS (
  SELECT x.department_code AS org, count(*) AS disputes_lost
    FROM dispute x
   WHERE x.state = 'decided' AND x.upheld = 'street' AND x.decided_at >= $1 AND x.decided_at < $2
     AND NOT ${granted('dispute', 'x.id')}
   GROUP BY x.department_code)
SELECT o.code AS "orgCode",
       coalesce(pushed.pushed_down, 0)::int AS "pushedDown", coalesce(pushed.considered, 0)::int AS considered,
       coalesce(pushed.violations, 0)::int AS violations,
       coalesce(summ.summons_due, 0)::int AS "summonsDue", coalesce(summ.summons_on_time, 0)::int AS "summonsOnTime",
       coalesce(rat.ratings, 0)::int AS ratings, coalesce(rat.rating_sum, 0)::int AS "ratingSum",
       coalesce(lost.disputes_lost, 0)::int AS "disputesLost"
  FROM organisation o
  LEFT JOIN pushed ON pushed.org = o.code
  LEFT JOIN summ ON summ.org = o.code
  LEFT JOIN rat ON rat.org = o.code
  LEFT JOIN lost ON lost.org = o.code
 WHERE o.kind = 'department'
 ORDER BY o.code`;

/**
 * Every street's facts over [start, end) as of `asOf`.
 */
export async function streetFacts(tx: Tx, start: Date, end: Date, asOf: Date): Promise<StreetFacts[]> {
  const rows: (Omit<StreetFacts, 'workload'> & { workload: string })[] = await tx.query(STREET_SQL, [
    start,
    end,
    asOf,
  ]);
  return rows.map((r) => ({ ...r, workload: Number(r.workload) }));
}

/**
 * Every department's facts over [start, end) as of `asOf`; `ratingPeriods` are the periods whose
 * dispatched-unit ratings count (the period itself and, for a quarter, its months).
 */
export function departmentFacts(
  tx: Tx,
  start: Date,
  end: Date,
  asOf: Date,
  ratingPeriods: string[],
): Promise<DepartmentFacts[]> {
  return tx.query(DEPARTMENT_SQL, [start, end, asOf, ratingPeriods]);
}
