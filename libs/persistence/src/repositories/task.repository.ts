import type { AssignmentView, Decision } from '@app/contract';
import type {
  ActionType,
  AssignmentRole,
  AssignmentState,
  EnforcementSubject,
  Outcome,
  ProhibitedDemand,
  TaskResources,
} from '@app/domain';
import { pageOf, type Cursor, type Page } from '../pagination';
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
}

export interface TaskRow extends Omit<NewTask, 'dueAt'> {
  dueAt: string;
  createdAt: string;
  listVersion: string;
}

/** The shapes the API returns (libs/contract), read straight out of SQL below. */
export type DecisionView = Decision;
export type { AssignmentView };

/** Who is asking: the organisation scope is applied inside every query, never after it. */
export type Scope =
  { kind: 'all' } | { kind: 'department'; orgCode: string } | { kind: 'street'; orgCode: string };

export interface DecisionToWrite {
  assignmentId: string;
  round: number;
  outcome: Outcome;
  role: AssignmentRole | null;
  ruleId: string;
  listVersionId: string;
  listVersion: string;
  inputs: Record<string, unknown>;
  reason: string;
  reasonEn: string;
  strippedDemands: string[];
  newState: AssignmentState;
  signDueAt: Date | null;
}

const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const TASK_COLUMNS = `t.id, t.submitter_code AS "submitterCode", t.created_by AS "createdBy", t.title, t.description,
  t.matter_code AS "matterCode", t.action_type AS "actionType", t.enforcement_subject AS "enforcementSubject", t.resources,
  t.temporary, t.deadline_working_days AS "deadlineWorkingDays", ${iso('t.due_at')} AS "dueAt", t.urgent, t.demands,
  t.legal_basis AS "legalBasis", t.list_version_id AS "listVersionId", lv.version AS "listVersion", ${iso('t.created_at')} AS "createdAt"`;

/** Overdue: some deadline of the assignment is still open and past due (the same test as the supervision board). */
const OVERDUE_SQL = `EXISTS (SELECT 1 FROM deadline dl WHERE dl.assignment_id = a.id AND dl.state = 'open' AND dl.due_at < now())`;

const ASSIGNMENT_COLUMNS = `a.id, a.task_id AS "taskId", tk.title AS "taskTitle", tk.submitter_code AS "submitterCode",
  tk.urgent, a.street_code AS "streetCode", a.state, a.role, a.version,
  a.routing_round AS "routingRound", ${iso('a.sign_due_at')} AS "signDueAt", ${iso('a.due_at')} AS "dueAt",
  ${OVERDUE_SQL} AS overdue, ${iso('a.created_at')} AS "createdAt", ${iso('a.updated_at')} AS "updatedAt",
  CASE WHEN d.id IS NULL THEN NULL ELSE jsonb_build_object('outcome', d.outcome, 'ruleId', d.rule_id,
    'listVersion', d.list_version, 'reason', d.reason, 'reasonEn', d.reason_en, 'strippedDemands', to_jsonb(d.stripped_demands),
    'inputs', d.inputs, 'decidedAt', ${iso('d.decided_at')}) END AS decision`;

const ASSIGNMENT_FROM = `assignment a JOIN task tk ON tk.id = a.task_id
  LEFT JOIN decision d ON d.assignment_id = a.id AND d.routing_round = a.routing_round`;

function scopeSql(scope: Scope, params: unknown[], streetCol: string, submitterCol: string): string {
  if (scope.kind === 'all') return 'TRUE';
  params.push(scope.orgCode);
  return scope.kind === 'street' ? `${streetCol} = $${params.length}` : `${submitterCol} = $${params.length}`;
}

export class TaskRepository {
  async insertTask(tx: Tx, t: NewTask): Promise<void> {
    await tx.query(
      `INSERT INTO task (id, submitter_code, created_by, title, description, matter_code, action_type, enforcement_subject,
         resources, temporary, deadline_working_days, due_at, urgent, demands, legal_basis, list_version_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
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
      ],
    );
  }

  async insertAssignments(
    tx: Tx,
    taskId: string,
    rows: { id: string; streetCode: string }[],
    dueAt: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO assignment (id, task_id, street_code, state, due_at)
       SELECT id, $1, street, 'pending_routing', $4 FROM unnest($2::uuid[], $3::text[]) AS x(id, street)`,
      [taskId, rows.map((r) => r.id), rows.map((r) => r.streetCode), dueAt],
    );
  }

  /**
   * Claims an idempotency key for a new task, or returns the row another request wrote. A
   * concurrent replay blocks on the primary key until the first transaction ends, then sees it.
   */
  async claimIdempotencyKey(
    tx: Tx,
    orgCode: string,
    key: string,
    requestHash: string,
    taskId: string,
  ): Promise<{ claimed: true } | { claimed: false; requestHash: string; taskId: string }> {
    const inserted = await tx.query(
      `INSERT INTO idempotency_key (org_code, key, request_hash, task_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING task_id`,
      [orgCode, key, requestHash, taskId],
    );
    if (inserted.length) return { claimed: true };
    const rows = await tx.query(
      `SELECT request_hash AS "requestHash", task_id AS "taskId" FROM idempotency_key WHERE org_code = $1 AND key = $2`,
      [orgCode, key],
    );
    return { claimed: false, ...rows[0] };
  }

  /** The request an organisation already made under a key, if any. */
  async findIdempotencyKey(
    tx: Tx,
    orgCode: string,
    key: string,
  ): Promise<{ requestHash: string; taskId: string } | null> {
    const rows = await tx.query(
      `SELECT request_hash AS "requestHash", task_id AS "taskId" FROM idempotency_key WHERE org_code = $1 AND key = $2`,
      [orgCode, key],
    );
    return rows[0] ?? null;
  }

  async findTask(tx: Tx, id: string, scope: Scope): Promise<TaskRow | null> {
    const params: unknown[] = [id];
    const where =
      scope.kind === 'street'
        ? `EXISTS (SELECT 1 FROM assignment s WHERE s.task_id = t.id AND s.street_code = $${params.push(scope.orgCode)})`
        : scopeSql(scope, params, '', 't.submitter_code');
    const rows = await tx.query(
      `SELECT ${TASK_COLUMNS} FROM task t JOIN list_version lv ON lv.id = t.list_version_id WHERE t.id = $1 AND ${where}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Assignments of one task; a street sees only its own. */
  assignmentsOfTask(tx: Tx, taskId: string, scope: Scope): Promise<AssignmentView[]> {
    const params: unknown[] = [taskId];
    const where = scope.kind === 'street' ? `a.street_code = $${params.push(scope.orgCode)}` : 'TRUE';
    return tx.query(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM ${ASSIGNMENT_FROM} WHERE a.task_id = $1 AND ${where} ORDER BY a.street_code`,
      params,
    );
  }

  async listTasks(
    tx: Tx,
    scope: Scope,
    filter: { state?: string; cursor?: Cursor; limit: number },
  ): Promise<Page<TaskRow>> {
    const params: unknown[] = [];
    const conds = [
      scope.kind === 'street'
        ? `EXISTS (SELECT 1 FROM assignment s WHERE s.task_id = t.id AND s.street_code = $${params.push(scope.orgCode)})`
        : scopeSql(scope, params, '', 't.submitter_code'),
    ];
    if (filter.state)
      conds.push(
        `EXISTS (SELECT 1 FROM assignment s WHERE s.task_id = t.id AND s.state = $${params.push(filter.state)})`,
      );
    if (filter.cursor)
      conds.push(
        `(t.created_at, t.id) < ($${params.push(filter.cursor.at)}::timestamptz, $${params.push(filter.cursor.id)}::uuid)`,
      );
    const rows: TaskRow[] = await tx.query(
      `SELECT ${TASK_COLUMNS} FROM task t JOIN list_version lv ON lv.id = t.list_version_id
        WHERE ${conds.join(' AND ')} ORDER BY t.created_at DESC, t.id DESC LIMIT ${filter.limit + 1}`,
      params,
    );
    return pageOf(rows, filter.limit);
  }

  async listAssignments(
    tx: Tx,
    scope: Scope,
    filter: {
      state?: string;
      role?: string;
      overdue?: boolean;
      taskId?: string;
      cursor?: Cursor;
      limit: number;
    },
  ): Promise<Page<AssignmentView>> {
    const params: unknown[] = [];
    const conds = [
      scope.kind === 'department'
        ? `EXISTS (SELECT 1 FROM task t WHERE t.id = a.task_id AND t.submitter_code = $${params.push(scope.orgCode)})`
        : scopeSql(scope, params, 'a.street_code', ''),
    ];
    if (filter.state) conds.push(`a.state = $${params.push(filter.state)}`);
    if (filter.role) conds.push(`a.role = $${params.push(filter.role)}`);
    if (filter.taskId) conds.push(`a.task_id = $${params.push(filter.taskId)}`);
    if (filter.overdue !== undefined) conds.push(filter.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`);
    if (filter.cursor)
      conds.push(
        `(a.created_at, a.id) < ($${params.push(filter.cursor.at)}::timestamptz, $${params.push(filter.cursor.id)}::uuid)`,
      );
    const rows: AssignmentView[] = await tx.query(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM ${ASSIGNMENT_FROM}
        WHERE ${conds.join(' AND ')} ORDER BY a.created_at DESC, a.id DESC LIMIT ${filter.limit + 1}`,
      params,
    );
    return pageOf(rows, filter.limit);
  }

  async findAssignment(tx: Tx, id: string, scope: Scope): Promise<AssignmentView | null> {
    const params: unknown[] = [id];
    const where =
      scope.kind === 'department'
        ? `EXISTS (SELECT 1 FROM task t WHERE t.id = a.task_id AND t.submitter_code = $${params.push(scope.orgCode)})`
        : scopeSql(scope, params, 'a.street_code', '');
    const rows = await tx.query(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM ${ASSIGNMENT_FROM} WHERE a.id = $1 AND ${where}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Locks the assignments of a task still waiting for this routing round; empty when already routed. */
  lockPendingRouting(
    tx: Tx,
    taskId: string,
    round: number,
  ): Promise<{ id: string; streetCode: string; version: number; matterCodeOverride: string | null }[]> {
    return tx.query(
      `SELECT id, street_code AS "streetCode", version, matter_code_override AS "matterCodeOverride" FROM assignment
        WHERE task_id = $1 AND routing_round = $2 AND state = 'pending_routing' ORDER BY id FOR UPDATE`,
      [taskId, round],
    );
  }

  async writeDecisions(tx: Tx, ds: DecisionToWrite[]): Promise<void> {
    if (ds.length === 0) return;
    const col = <K extends keyof DecisionToWrite>(k: K) => ds.map((d) => d[k]);
    await tx.query(
      `INSERT INTO decision (assignment_id, routing_round, outcome, role, rule_id, list_version_id, list_version, inputs, reason,
         reason_en, stripped_demands)
       SELECT a, r, o, ro, ru, lv, lvn, i, re, ren, ARRAY(SELECT jsonb_array_elements_text(sd))
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::jsonb[], $9::text[],
                     $10::text[], $11::jsonb[]) AS x(a, r, o, ro, ru, lv, lvn, i, re, ren, sd)`,
      [
        col('assignmentId'),
        col('round'),
        col('outcome'),
        col('role'),
        col('ruleId'),
        col('listVersionId'),
        col('listVersion'),
        ds.map((d) => JSON.stringify(d.inputs)),
        col('reason'),
        col('reasonEn'),
        ds.map((d) => JSON.stringify(d.strippedDemands)),
      ],
    );
    await tx.query(
      `UPDATE assignment a SET state = x.s, role = x.ro, sign_due_at = x.sd, version = a.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS x(id, s, ro, sd)
        WHERE a.id = x.id`,
      [col('assignmentId'), col('newState'), col('role'), col('signDueAt')],
    );
  }

  /** The reviewer's admission of an off-list assignment, recorded as the decision of a new round. */
  async writeReviewDecision(
    tx: Tx,
    d: {
      assignmentId: string;
      round: number;
      outcome: Outcome;
      role: AssignmentRole;
      listVersionId: string;
      reason: string;
      reasonEn: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO decision (assignment_id, routing_round, outcome, role, rule_id, list_version_id, list_version, inputs, reason, reason_en, stripped_demands)
       SELECT $1, $2, $3, $4, 'REVIEW', lv.id, lv.version, '{"review": true}'::jsonb, $6, $7,
              (SELECT coalesce(array_agg(x), '{}') FROM unnest(t.demands) x)
         FROM list_version lv, assignment a JOIN task t ON t.id = a.task_id
        WHERE lv.id = $5 AND a.id = $1`,
      [d.assignmentId, d.round, d.outcome, d.role, d.listVersionId, d.reason, d.reasonEn],
    );
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
    const params: unknown[] = [id];
    const sets = Object.entries(edits)
      .filter(([k, v]) => v !== undefined && k in columns)
      .map(
        ([k, v]) =>
          `${columns[k]} = $${params.push(k === 'resources' && v !== null ? JSON.stringify(v) : v)}`,
      );
    if (sets.length) await tx.query(`UPDATE task SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /** Routing work that has waited longer than it should: the sweep sends it again. */
  stalePendingRouting(
    tx: Tx,
    olderThanMs: number,
    limit: number,
  ): Promise<{ taskId: string; round: number }[]> {
    return tx.query(
      `SELECT DISTINCT task_id AS "taskId", routing_round AS round FROM assignment
        WHERE state = 'pending_routing' AND updated_at < now() - make_interval(secs => $1::float8 / 1000) LIMIT $2`,
      [olderThanMs, limit],
    );
  }
}
