import type { ActionType, Clock, EnforcementSubject, ProhibitedDemand, TaskResources } from '@app/domain';
import { pageOf, type Cursor, type Page } from '../pagination';
import { PLANNED_PER_CALL } from '../prepared-client';
import { bind, isoTime, keysetPage, scopeCondition, type Params, type Scope, type ScopeRule } from '../sql';
import type { Tx } from '../tx';

export interface NewTask {
  id: string;
  submitterCode: string;
  createdBy: string;
  title: string;
  description: string;
  matterCode: string | null;
  actionType: ActionType;
  enforcementSubject: EnforcementSubject | null;
  resources: TaskResources | null;
  temporary: boolean;
  deadlineWorkingDays: number | null;
  dueAt: Date;
  urgent: boolean;
  demands: ProhibitedDemand[];
  legalBasis: string | null;
  listVersionId: string;
  /** The task this one was split off when its returned assignments were resubmitted. */
  originTaskId?: string | null;
}

export interface TaskRow extends Omit<NewTask, 'dueAt' | 'originTaskId'> {
  dueAt: string;
  createdAt: string;
  listVersion: string;
  originTaskId: string | null;
  /** Tasks split off this one by resubmissions, oldest first. */
  splitTaskIds: string[];
}

/** The tasks split off one by resubmissions, oldest first (alias `t`). */
export const SPLIT_TASK_IDS = `ARRAY(SELECT o.id FROM task o WHERE o.origin_task_id = t.id ORDER BY o.created_at, o.id) AS "splitTaskIds"`;

const TASK_COLUMNS = `t.id, t.submitter_code AS "submitterCode", t.created_by AS "createdBy", t.title, t.description,
  t.matter_code AS "matterCode", t.action_type AS "actionType", t.enforcement_subject AS "enforcementSubject", t.resources,
  t.temporary, t.deadline_working_days AS "deadlineWorkingDays", ${isoTime('t.due_at')} AS "dueAt", t.urgent, t.demands,
  t.legal_basis AS "legalBasis", t.list_version_id AS "listVersionId", lv.version AS "listVersion", ${isoTime('t.created_at')} AS "createdAt",
  t.origin_task_id AS "originTaskId", ${SPLIT_TASK_IDS}`;

/** A task as the contract's TaskSummary, key for key and in its order (TaskQueriesService.summary). */
export const SUMMARY_COLUMNS = `t.id, t.title, t.description, json_build_object('code', t.submitter_code) AS submitter,
  t.matter_code AS "matterCode", t.action_type AS "actionType", t.enforcement_subject AS "enforcementSubject", t.resources,
  t.temporary, t.urgent, t.demands, t.legal_basis AS "legalBasis", t.deadline_working_days AS "deadlineWorkingDays",
  ${isoTime('t.due_at')} AS "dueAt", lv.version AS "listVersion", ${isoTime('t.created_at')} AS "createdAt",
  t.origin_task_id AS "originTaskId"`;

export const TASK_FROM = `task t JOIN list_version lv ON lv.id = t.list_version_id`;

/** A department sees the tasks it submitted; a street, the tasks that have an assignment of its own. */
const TASK_SCOPE: ScopeRule = {
  department: 't.submitter_code',
  street: (org) => `EXISTS (SELECT 1 FROM assignment s WHERE s.task_id = t.id AND s.street_code = ${org})`,
};

/** What the department sent: the task row and the edits a resubmission makes to it. */
export class TaskRepository {
  constructor(private readonly clock: Clock) {}

  async insertTask(tx: Tx, t: NewTask): Promise<void> {
    await tx.query(
      `INSERT INTO task (id, submitter_code, created_by, title, description, matter_code, action_type, enforcement_subject,
         resources, temporary, deadline_working_days, due_at, urgent, demands, legal_basis, list_version_id, origin_task_id,
         created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        t.id,
        t.submitterCode,
        t.createdBy,
        t.title,
        t.description,
        t.matterCode,
        t.actionType,
        t.enforcementSubject,
        t.resources === null ? null : JSON.stringify(t.resources),
        t.temporary,
        t.deadlineWorkingDays,
        t.dueAt,
        t.urgent,
        t.demands,
        t.legalBasis,
        t.listVersionId,
        t.originTaskId ?? null,
        this.clock.now(),
      ],
    );
  }

  async findTask(tx: Tx, id: string, scope: Scope): Promise<TaskRow | null> {
    const params: Params = [id];
    const rows = await tx.query(
      `SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE t.id = $1 AND ${scopeCondition(scope, params, TASK_SCOPE)}`,
      params,
    );
    return rows[0] ?? null;
  }

  async listTasks(
    tx: Tx,
    scope: Scope,
    filter: { state?: string; cursor?: Cursor; limit: number },
  ): Promise<Page<TaskRow>> {
    const params: Params = [];
    const conds = [scopeCondition(scope, params, TASK_SCOPE)];
    // A department's tasks with an assignment in a state: the first distinct tasks of the index range
    // (submitter, state, task_created_at, task_id), already in the list's keyset order
    // (migration DepartmentTasksByState), not every assignment in that state grouped and sorted.
    if (filter.state && scope.kind === 'department') {
      const page = keysetPage({ time: 's.task_created_at', id: 's.task_id' }, filter, params);
      const rows: TaskRow[] = await tx.query(
        `SELECT ${TASK_COLUMNS}
           FROM (SELECT DISTINCT s.task_created_at, s.task_id FROM assignment s
                  WHERE s.submitter_code = ${bind(params, scope.orgCode)} AND s.state = ${bind(params, filter.state)}
                    AND ${page.after} ${page.orderLimit}) k
           JOIN ${TASK_FROM} ON t.id = k.task_id
          WHERE ${conds.join(' AND ')} ORDER BY t.created_at DESC, t.id DESC`,
        params,
      );
      return pageOf(rows, filter.limit);
    }
    // A street filters on its own assignment only: matching the state of another street's
    // assignment of the same task would tell it that street's state.
    if (filter.state)
      conds.push(
        `EXISTS (SELECT 1 FROM assignment s WHERE s.task_id = t.id AND s.state = ${bind(params, filter.state)}${
          scope.kind === 'street' ? ` AND s.street_code = ${bind(params, scope.orgCode)}` : ''
        })`,
      );
    const page = keysetPage({ time: 't.created_at', id: 't.id' }, filter, params);
    // Filtered by state, the plan depends on the state's frequency: planned per call, not kept.
    const rows: TaskRow[] = await tx.query(
      `${filter.state ? PLANNED_PER_CALL : ''}SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE ${[...conds, page.after].join(' AND ')} ${page.orderLimit}`,
      params,
    );
    return pageOf(rows, filter.limit);
  }

  /** Applies a department's edits to a returned task (only the fields given). */
  async updateTask(tx: Tx, id: string, edits: Record<string, unknown>): Promise<void> {
    const columns: Record<string, string> = {
      title: 'title',
      description: 'description',
      matterCode: 'matter_code',
      actionType: 'action_type',
      enforcementSubject: 'enforcement_subject',
      resources: 'resources',
      temporary: 'temporary',
      demands: 'demands',
      legalBasis: 'legal_basis',
    };
    const params: Params = [id];
    const sets = Object.entries(edits)
      .filter(([k, v]) => v !== undefined && k in columns)
      .map(
        ([k, v]) =>
          `${columns[k]} = ${bind(params, k === 'resources' && v !== null ? JSON.stringify(v) : v)}`,
      );
    if (!sets.length) return;
    await tx.query(`UPDATE task SET ${sets.join(', ')} WHERE id = $1`, params);
    // The review queue's matter suggestions were computed from the old text.
    await tx.query(`DELETE FROM task_suggestion WHERE task_id = $1`, [id]);
  }
}
