import { DomainError, type Clock, type JointActionState, type JointMeasure } from '@app/domain';
import type { JointActionView } from '@app/contract';
import type { Cursor } from '../pagination';
import { withMeanings } from '../pg-errors';
import {
  bind,
  isoTime,
  keysetPage,
  scopeCondition,
  stepsOf,
  type Params,
  type Scope,
  type ScopeRule,
} from '../sql';
import { type Tx } from '../tx';

/** A joint action as its transitions see it, locked for the rest of the transaction. */
export interface LockedJointAction {
  id: string;
  assignmentId: string;
  taskId: string;
  leadDepartmentCode: string;
  streetCode: string;
  scheduledAt: Date;
  state: JointActionState;
}

/** Both sides see the action: the street it takes place in and the department that leads it. */
const SCOPE: ScopeRule = { street: 'j.street_code', department: 'j.lead_department_code' };

const viewColumns = (
  now: string,
) => `j.id, j.assignment_id AS "assignmentId", a.task_id AS "taskId", t.title AS "taskTitle",
  j.lead_department_code AS "leadDepartmentCode", j.street_code AS "streetCode", ${isoTime('j.scheduled_at')} AS "scheduledAt",
  j.place, j.plan, j.state, j.attending, j.confirm_reason AS "confirmReason", ${isoTime('j.confirmed_at')} AS "confirmedAt",
  j.cases_opened AS "casesOpened", to_jsonb(j.measures) AS measures, j.outcome_note AS "outcomeNote",
  ${isoTime('j.outcome_at')} AS "outcomeAt", ${isoTime('j.created_at')} AS "createdAt",
  (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', d.kind, 'ownerOrg', d.owner_org, 'state', d.state,
            'startsAt', ${isoTime('d.starts_at')}, 'dueAt', ${isoTime('d.due_at')}, 'remainingMs', d.remaining_ms,
            'metAt', ${isoTime('d.met_at')}, 'overdueAt', ${isoTime('d.overdue_at')},
            'steps', ${stepsOf('d.id')})
          ORDER BY d.created_at, d.kind), '[]')
     FROM deadline d WHERE d.joint_action_id = j.id) AS deadlines,
  EXISTS (SELECT 1 FROM deadline d WHERE d.joint_action_id = j.id AND d.state = 'open' AND d.due_at < ${now}) AS overdue`;

const VIEW_FROM = `joint_action j JOIN assignment a ON a.id = j.assignment_id JOIN task t ON t.id = a.task_id`;

/** Joint actions (联合执法) on `joint` assignments. */
export class JointActionRepository {
  constructor(private readonly clock: Clock) {}

  /** A new scheduled action; a second live one on the same assignment is refused by the unique index. */
  async insert(
    tx: Tx,
    j: {
      id: string;
      assignmentId: string;
      leadDepartmentCode: string;
      streetCode: string;
      scheduledAt: Date;
      place: string;
      plan: string;
      createdBy: string;
    },
  ): Promise<void> {
    const now = this.clock.now();
    await withMeanings(
      tx.query(
        `INSERT INTO joint_action (id, assignment_id, lead_department_code, street_code, scheduled_at, place, plan, state,
           created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled', $8, $9, $9)`,
        [
          j.id,
          j.assignmentId,
          j.leadDepartmentCode,
          j.streetCode,
          j.scheduledAt,
          j.place,
          j.plan,
          j.createdBy,
          now,
        ],
      ),
      { uq_joint_action_live: () => new DomainError('STATE_CONFLICT', [{ reason: 'joint_action_live' }]) },
    );
  }

  /** Locks an action the actor may see; null when unknown or out of scope (the caller answers 404). */
  async lock(tx: Tx, id: string, scope: Scope): Promise<LockedJointAction | null> {
    const params: Params = [id];
    const rows = await tx.query(
      `SELECT j.id, j.assignment_id AS "assignmentId", a.task_id AS "taskId", j.lead_department_code AS "leadDepartmentCode",
              j.street_code AS "streetCode", j.scheduled_at AS "scheduledAt", j.state
         FROM joint_action j JOIN assignment a ON a.id = j.assignment_id
        WHERE j.id = $1 AND ${scopeCondition(scope, params, SCOPE)} FOR UPDATE OF j`,
      params,
    );
    return rows[0] ?? null;
  }

  async confirm(
    tx: Tx,
    id: string,
    c: { attending: boolean; reason: string | null; by: string; at: Date },
  ): Promise<void> {
    await tx.query(
      `UPDATE joint_action SET state = $2, attending = $3, confirm_reason = $4, confirmed_by = $5, confirmed_at = $6, updated_at = $6
        WHERE id = $1`,
      [id, c.attending ? 'confirmed' : 'reschedule_requested', c.attending, c.reason, c.by, c.at],
    );
  }

  async recordOutcome(
    tx: Tx,
    id: string,
    o: { casesOpened: number; measures: JointMeasure[]; note: string; by: string; at: Date },
  ): Promise<void> {
    await tx.query(
      `UPDATE joint_action SET state = 'completed', cases_opened = $2, measures = $3, outcome_note = $4, outcome_by = $5,
         outcome_at = $6, updated_at = $6
        WHERE id = $1`,
      [id, o.casesOpened, o.measures, o.note, o.by, o.at],
    );
  }

  async find(tx: Tx, id: string, scope: Scope): Promise<JointActionView | null> {
    const params: Params = [id, this.clock.now()];
    const rows = await tx.query(
      `SELECT ${viewColumns('$2')} FROM ${VIEW_FROM} WHERE j.id = $1 AND ${scopeCondition(scope, params, SCOPE)}`,
      params,
    );
    return rows[0] ?? null;
  }

  list(
    tx: Tx,
    scope: Scope,
    f: { state?: JointActionState; assignmentId?: string; cursor?: Cursor; limit: number },
  ): Promise<JointActionView[]> {
    const params: Params = [this.clock.now()];
    const conds = [scopeCondition(scope, params, SCOPE)];
    if (f.state) conds.push(`j.state = ${bind(params, f.state)}`);
    if (f.assignmentId) conds.push(`j.assignment_id = ${bind(params, f.assignmentId)}`);
    const page = keysetPage({ time: 'j.created_at', id: 'j.id' }, f, params);
    return tx.query(
      `SELECT ${viewColumns('$1')} FROM ${VIEW_FROM} WHERE ${[...conds, page.after].join(' AND ')} ${page.orderLimit}`,
      params,
    );
  }
}
