import type { AssignmentDetail } from '@app/contract';
import type { Clock } from '@app/domain';
import { scopeCondition, type Params, type Scope } from '../sql';
import type { Tx } from '../tx';
import { VIEW_FROM, VIEW_SCOPE, viewColumns } from './assignment.repository';
import { auditColumns } from './audit.repository';
import { extensionColumns } from './case.repository';
import { DEADLINE_VIEW_COLUMNS } from './deadline.repository';
import { matterJson } from './list.repository';
import { SPLIT_TASK_IDS, SUMMARY_COLUMNS, TASK_FROM } from './task.repository';

/**
 * Rows of a table as a JSON array, in an order: each row is the LATERAL select of `columns` from
 * `table` (so the array holds those columns only), ordered by `orderBy`.
 */
const jsonList = (table: string, where: string, columns: string, orderBy: string) =>
  `(SELECT coalesce(json_agg(row_to_json(v) ORDER BY ${orderBy}), '[]') FROM ${table}
     CROSS JOIN LATERAL (SELECT ${columns}) v WHERE ${where})`;

/**
 * An assignment's detail (libs/contract AssignmentDetail) in one statement: the list row, its task's
 * summary, the matter it was routed on, its deadlines with their steps, its extensions and its audit
 * timeline, the parts as JSON built by PostgreSQL. It was six statements, each a round trip.
 */
export class AssignmentDetailRepository {
  constructor(private readonly clock: Clock) {}

  /** Null when the assignment is unknown or outside the scope. */
  async find(tx: Tx, id: string, scope: Scope): Promise<AssignmentDetail | null> {
    const params: Params = [id, this.clock.now()];
    const task = scope.kind === 'street' ? SUMMARY_COLUMNS : `${SUMMARY_COLUMNS}, ${SPLIT_TASK_IDS}`;
    const rows: AssignmentDetail[] = await tx.query(
      `SELECT ${viewColumns('$2')},
         (SELECT row_to_json(s) FROM (SELECT ${task} FROM ${TASK_FROM} WHERE t.id = a.task_id) s) AS task,
         ${matterJson('mt')} AS matter,
         ${jsonList('deadline d', 'd.assignment_id = a.id', DEADLINE_VIEW_COLUMNS, 'd.created_at')} AS deadlines,
         ${jsonList('extension e', 'e.assignment_id = a.id', extensionColumns('e.'), 'e.created_at')} AS extensions,
         ${jsonList(
           'audit_event ev',
           `ev.aggregate_type = 'assignment' AND ev.aggregate_id = a.id::text`,
           auditColumns('ev.'),
           'ev.seq',
         )} AS timeline
         FROM ${VIEW_FROM} WHERE a.id = $1 AND ${scopeCondition(scope, params, VIEW_SCOPE)}`,
      params,
    );
    return rows[0] ?? null;
  }
}
