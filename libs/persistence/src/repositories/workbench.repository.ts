import type { DecisionsInMonth, OverdueByOrg } from '@app/contract';
import type { Clock } from '@app/domain';
import { bind, scopeCondition, type Params, type Scope } from '../sql';
import type { Tx } from '../tx';
import { VIEW_SCOPE } from './assignment.repository';
import { unreadCount } from './notification.repository';

/** The counts of a workbench, by tile key; what a role does not show is simply not read. */
export interface WorkbenchCounts {
  awaitingSignoff: number;
  inProgress: number;
  awaitingConfirmation: number;
  disputed: number;
  inReview: number;
  dueSoon: number;
  overdue: number;
  pendingExtensions: number;
  openDisputes: number;
  failedDeliveries: number;
  unread: number;
  pendingSummons: number;
  pausedWebhooks: number;
  activeUsers: number;
}

/** How many organisations the overdue chart names: more would not read as bars. */
const OVERDUE_CHART_ORGS = 15;

/**
 * The workbench's numbers, each counted in SQL with the same conditions as the list it links to
 * (the assignment list's `state`, `overdue`, `dueSoon`, `extensionPending` filters), so a tile and
 * its list agree: one statement for the counts, one per chart.
 */
export class WorkbenchRepository {
  constructor(private readonly clock: Clock) {}

  async counts(tx: Tx, scope: Scope, orgCode: string): Promise<WorkbenchCounts> {
    const params: Params = [this.clock.now()];
    const inScope = scopeCondition(scope, params, VIEW_SCOPE);
    const org = bind(params, orgCode);
    const rows: WorkbenchCounts[] = await tx.query(
      `WITH scoped AS (
         SELECT a.id, a.state FROM assignment a JOIN task tk ON tk.id = a.task_id WHERE ${inScope}),
       states AS (
         SELECT count(*) FILTER (WHERE state = 'awaiting_signoff')::int AS "awaitingSignoff",
                count(*) FILTER (WHERE state = 'in_progress')::int AS "inProgress",
                count(*) FILTER (WHERE state = 'completed')::int AS "awaitingConfirmation",
                count(*) FILTER (WHERE state = 'disputed')::int AS disputed,
                count(*) FILTER (WHERE state = 'in_review')::int AS "inReview"
           FROM scoped),
       clocks AS (
         SELECT count(DISTINCT dl.assignment_id) FILTER (WHERE dl.due_at < $1)::int AS overdue,
                count(DISTINCT dl.assignment_id) FILTER (
                  WHERE dl.due_at >= $1 AND (dl.due_at - $1::timestamptz) * 4 < (dl.due_at - dl.starts_at))::int AS "dueSoon"
           FROM deadline dl JOIN scoped s ON s.id = dl.assignment_id WHERE dl.state = 'open'),
       cases AS (
         SELECT (SELECT count(*) FROM extension e JOIN scoped s ON s.id = e.assignment_id
                  WHERE e.state = 'pending')::int AS "pendingExtensions",
                (SELECT count(*) FROM dispute WHERE state = 'open')::int AS "openDisputes",
                (SELECT count(*) FROM webhook_delivery WHERE state = 'failed')::int AS "failedDeliveries",
                (SELECT count(*) FROM webhook WHERE NOT active)::int AS "pausedWebhooks",
                (SELECT count(*) FROM app_user WHERE active)::int AS "activeUsers",
                (${unreadCount(org, 'n')})::int AS unread,
                (SELECT count(*) FROM summons_response r JOIN summons sm ON sm.id = r.summons_id
                  WHERE r.department_code = ${org} AND r.state = 'pending' AND sm.state = 'open')::int AS "pendingSummons")
       SELECT * FROM states, clocks, cases`,
      params,
    );
    return rows[0];
  }

  /** Open deadlines past due by the organisation that must act, largest first. */
  overdueByOrg(tx: Tx): Promise<OverdueByOrg[]> {
    return tx.query(
      `SELECT owner_org AS "orgCode", count(*)::int AS count FROM deadline WHERE state = 'open' AND due_at < $1
        GROUP BY owner_org ORDER BY count(*) DESC, owner_org LIMIT ${OVERDUE_CHART_ORGS}`,
      [this.clock.now()],
    );
  }

  /** Decisions (routing and review rounds) of the last 12 months, by month in China time and outcome. */
  decisionsByMonth(tx: Tx): Promise<DecisionsInMonth[]> {
    return tx.query(
      `SELECT to_char(decided_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, outcome, count(*)::int AS count
         FROM decision WHERE decided_at >= $1::timestamptz - interval '12 months'
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [this.clock.now()],
    );
  }
}
