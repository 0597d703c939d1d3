import type { AssignmentSort, AssignmentView as ContractAssignmentView } from '@app/contract';
import { ASSIGNMENT_STATES, type AssignmentRole, type AssignmentState, type Clock } from '@app/domain';
import { pageOf, type Cursor, type Page } from '../pagination';
import { bind, isoTime, keysetPage, scopeCondition, type Params, type Scope, type ScopeRule } from '../sql';
import { OPEN_DEADLINE_JSON } from '../migrations/1764990000000-open-deadline-column';
import { COUNTDOWN_HELD, openCountdownOf } from '../migrations/1764995000000-countdown-held';
import { updateReturning, type Tx } from '../tx';
import type { DeadlineSpec } from './deadline.repository';

/** An assignment as a transition sees it, locked for the rest of the transaction. */
export interface LockedAssignment {
  id: string;
  taskId: string;
  streetCode: string;
  submitterCode: string;
  state: AssignmentState;
  role: AssignmentRole | null;
  version: number;
  routingRound: number;
  urgent: boolean;
  dueAt: Date;
  signDueAt: Date | null;
  listVersionId: string;
}

export interface AssignmentPatch {
  state?: AssignmentState;
  role?: AssignmentRole | null;
  routingRound?: number;
  signDueAt?: Date | null;
  dueAt?: Date;
  result?: string;
  rating?: number;
  ratingComment?: string | null;
  matterCodeOverride?: string | null;
}

/** An assignment as the API shows it (libs/contract). */
export type AssignmentView = ContractAssignmentView;

/** Where a routing round left one assignment. */
export interface RoutedState {
  assignmentId: string;
  state: AssignmentState;
  role: AssignmentRole | null;
  signDueAt: Date | null;
  /** The deadline the same transaction opens for the new state (sign-for, or review), if any. */
  opens: Omit<DeadlineSpec, 'assignmentId'> | null;
}

const COLUMNS: Record<keyof AssignmentPatch, string> = {
  state: 'state',
  role: 'role',
  routingRound: 'routing_round',
  signDueAt: 'sign_due_at',
  dueAt: 'due_at',
  result: 'result',
  rating: 'rating',
  ratingComment: 'rating_comment',
  matterCodeOverride: 'matter_code_override',
};

/**
 * Overdue: some deadline of the assignment is still open and past due at `now` (a placeholder of
 * the clock's time; the same test as the supervision board). `open_due_at` is the earliest due
 * time of its open deadlines, kept by triggers on deadline (migration ScaleReads), so this is a
 * column compared per row, and the overdue-only lists use the partial indexes on it.
 */
/** Overdue: the open-deadline flag kept on the row by triggers (NULL when nothing is open). */
export const overdueSql = (now: string) => `(a.open_due_at < ${now})`;

/**
 * Due soon: an open deadline not yet due whose time left is under a quarter of its window (the
 * web app colours the same items yellow; the workbench counts them).
 */
export const dueSoonSql = (now: string) =>
  `EXISTS (SELECT 1 FROM deadline dl WHERE dl.assignment_id = a.id AND dl.state = 'open' AND dl.due_at >= ${now}
     AND (dl.due_at - ${now}::timestamptz) * 4 < (dl.due_at - dl.starts_at))`;

/** China's calendar day of a date filter: `from` counts from its midnight, `to` up to the next. */
const dayStart = (p: string) => `(${p}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;
const dayEnd = (p: string) => `((${p}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/** Each sort of the list: the column its keyset runs on (with the id) and the direction. */
const SORTS: Record<AssignmentSort, { time: string; key: 'dueAt' | 'createdAt'; dir: 'asc' | 'desc' }> = {
  dueAt: { time: 'a.due_at', key: 'dueAt', dir: 'asc' },
  '-dueAt': { time: 'a.due_at', key: 'dueAt', dir: 'desc' },
  createdAt: { time: 'a.created_at', key: 'createdAt', dir: 'asc' },
  '-createdAt': { time: 'a.created_at', key: 'createdAt', dir: 'desc' },
};

/** The filters of the assignment list and of its export (libs/contract AssignmentListParams). */
export interface AssignmentFilter {
  state?: string;
  role?: string;
  overdue?: boolean;
  dueSoon?: boolean;
  extensionPending?: boolean;
  taskId?: string;
  q?: string;
  matterCode?: string;
  streetCode?: string;
  submitterCode?: string;
  districtCode?: string;
  dueFrom?: string;
  dueTo?: string;
  sort?: AssignmentSort;
}

/**
 * A decision row (table alias `d`) as the contract's Decision, or NULL when there is none (an outer
 * join found no row): the JSON kept in the row itself (`view_json`, migration StoredViewJson).
 */
export const decisionJson = (d: string): string => `${d}.view_json`;

/** The matter an assignment is routed on: the reviewer's pick, else the task's (aliases `a`, task `t`). */
export const routedMatterCode = (a: string, t: string): string =>
  `coalesce(${a}.matter_code_override, ${t}.matter_code)`;

/**
 * An assignment's list row. `openDeadline`, the open deadline due first with its window (the row's
 * countdown), is the column `open_deadline`, kept by the same triggers as `open_due_at` (migration
 * OpenDeadlineColumn), NULL when nothing is open; it was a probe of `deadline` per row.
 */
export const viewColumns = (
  now: string,
) => `a.id, a.task_id AS "taskId", tk.title AS "taskTitle", tk.submitter_code AS "submitterCode",
  tk.urgent, a.street_code AS "streetCode", a.state, a.role, a.version,
  a.routing_round AS "routingRound", ${routedMatterCode('a', 'tk')} AS "matterCode", mt.name AS "matterName",
  ${isoTime('a.sign_due_at')} AS "signDueAt", ${isoTime('a.due_at')} AS "dueAt",
  coalesce(${overdueSql(now)}, false) AS overdue, a.open_deadline AS "openDeadline", ${isoTime('a.created_at')} AS "createdAt",
  ${isoTime('a.updated_at')} AS "updatedAt", ${decisionJson('d')} AS decision`;

export const VIEW_FROM = `assignment a JOIN task tk ON tk.id = a.task_id
  LEFT JOIN decision d ON d.assignment_id = a.id AND d.routing_round = a.routing_round
  LEFT JOIN matter mt ON mt.list_version_id = tk.list_version_id AND mt.code = ${routedMatterCode('a', 'tk')}`;

/**
 * A street sees its own assignments; a department, those of the tasks it submitted
 * (`a.submitter_code`, the task's submitter copied by a trigger, so the scope is an index range).
 */
export const VIEW_SCOPE: ScopeRule = { street: 'a.street_code', department: 'a.submitter_code' };

const LOCK_SELECT = `SELECT a.id, a.task_id AS "taskId", a.street_code AS "streetCode", t.submitter_code AS "submitterCode", a.state,
  a.role, a.version, a.routing_round AS "routingRound", t.urgent, a.due_at AS "dueAt", a.sign_due_at AS "signDueAt",
  t.list_version_id AS "listVersionId"
  FROM assignment a JOIN task t ON t.id = a.task_id`;

const LOCK_SCOPE: ScopeRule = { street: 'a.street_code', department: 't.submitter_code' };

/**
 * A state filter written into the statement as a literal (the state checked against the states
 * there are), not bound: a list by state is then one prepared statement per state, whose kept
 * generic plan knows the state. Bound, the street inbox by state on a young database never got one
 * — PostgreSQL's custom plans for the state's few rows always cost less than the generic plan's
 * guess, so it planned the statement on every call: 1.1 against 0.6 ms a read on a database of
 * ten thousand (pg_prepared_statements: 20 custom plans of 20; at a million it switched after five).
 */
export function stateLiteral(state: string): string {
  if (!(ASSIGNMENT_STATES as readonly string[]).includes(state))
    throw new Error(`not an assignment state: ${state}`);
  return `'${state}'`;
}

/** Assignments: one per street of a task; row-locked reads and versioned writes for transitions, and the views. */
export class AssignmentRepository {
  constructor(private readonly clock: Clock) {}

  /** A new task's assignments, all waiting for routing. */
  async insertForTask(
    tx: Tx,
    taskId: string,
    rows: { id: string; streetCode: string }[],
    dueAt: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO assignment (id, task_id, street_code, state, due_at, created_at, updated_at)
       SELECT id, $1, street, 'pending_routing', $4, $5, $5 FROM unnest($2::uuid[], $3::text[]) AS x(id, street)`,
      [taskId, rows.map((r) => r.id), rows.map((r) => r.streetCode), dueAt, this.clock.now()],
    );
  }

  /** Moves assignments to another task of the same submitter (a split at resubmission). */
  async moveToTask(tx: Tx, ids: string[], toTaskId: string): Promise<void> {
    await tx.query(`UPDATE assignment SET task_id = $2, updated_at = $3 WHERE id = ANY($1::uuid[])`, [
      ids,
      toTaskId,
      this.clock.now(),
    ]);
  }

  /** Locks an assignment the actor may see; null when unknown or out of scope (the caller answers 404). */
  async lock(tx: Tx, id: string, scope: Scope): Promise<LockedAssignment | null> {
    const params: Params = [id];
    const rows = await tx.query(
      `${LOCK_SELECT} WHERE a.id = $1 AND ${scopeCondition(scope, params, LOCK_SCOPE)} FOR UPDATE OF a`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Locks every assignment of a task, in id order (the order every multi-row lock takes, to avoid deadlocks). */
  lockTask(tx: Tx, taskId: string): Promise<LockedAssignment[]> {
    return tx.query(`${LOCK_SELECT} WHERE a.task_id = $1 ORDER BY a.id FOR UPDATE OF a`, [taskId]);
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

  /**
   * Names `id` as the assignment whose countdown this transaction writes itself (migration
   * CountdownHeld): until {@link update} the triggers on `deadline` leave its countdown alone, so
   * that the deadline statements of a transition do not each write the row again.
   */
  async holdCountdown(tx: Tx, id: string): Promise<void> {
    await tx.query(`SELECT set_config('${COUNTDOWN_HELD}', $1, true)`, [id]);
  }

  /**
   * Applies a patch and bumps the version; returns the new version. The row's countdown
   * (`open_due_at`, `open_deadline`) is written in the same statement from its deadlines as they now
   * are (the triggers' own expression), and a countdown held by {@link holdCountdown} is released
   * there: one version of the row for the whole transition.
   */
  async update(tx: Tx, id: string, patch: AssignmentPatch): Promise<number> {
    const sets: string[] = [];
    const params: Params = [id];
    for (const [k, v] of Object.entries(patch) as [keyof AssignmentPatch, unknown][]) {
      if (v === undefined) continue;
      sets.push(`${COLUMNS[k]} = ${bind(params, v)}`);
    }
    sets.push(
      'version = a.version + 1',
      `updated_at = ${bind(params, this.clock.now())}`,
      'open_due_at = o.due_at',
      'open_deadline = o.deadline',
    );
    const rows = await updateReturning<{ version: number }>(
      tx,
      `UPDATE assignment a SET ${sets.join(', ')}
         FROM (SELECT set_config('${COUNTDOWN_HELD}', '', true)) released
         LEFT JOIN LATERAL ${openCountdownOf('$1::uuid')} o ON true
        WHERE a.id = $1 RETURNING a.version`,
      params,
    );
    return rows[0].version;
  }

  /**
   * Moves a routing round's assignments to the states its decisions lead to, in one statement.
   * Where the assignment has no open deadline and the round opens one, the row's countdown
   * (`open_due_at`, `open_deadline`) is written here too, as the triggers on `deadline` (migration
   * OpenDeadlineColumn) will compute it when the deadline is inserted next: finding it equal, they
   * leave the row alone. Otherwise each routed assignment got a second version, with all of its
   * fifteen index entries written again (non-HOT: the countdown is in the predicates of three of
   * them); routing wrote a third of its assignment index entries for that alone. With an open
   * deadline already there the triggers decide, as before.
   */
  async applyRouting(tx: Tx, routed: RoutedState[]): Promise<void> {
    if (routed.length === 0) return;
    await tx.query(
      `UPDATE assignment a SET state = x.s, role = x.ro, sign_due_at = x.sd, version = a.version + 1, updated_at = $5,
              open_due_at = CASE WHEN d.kind IS NOT NULL AND a.open_due_at IS NULL THEN d.due_at ELSE a.open_due_at END,
              open_deadline = CASE WHEN d.kind IS NOT NULL AND a.open_due_at IS NULL THEN ${OPEN_DEADLINE_JSON}
                                   ELSE a.open_deadline END
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $6::text[], $7::text[], $8::timestamptz[],
                     $9::timestamptz[]) AS x(id, s, ro, sd, kind, owner_org, starts_at, due_at)
        CROSS JOIN LATERAL (SELECT x.kind, x.owner_org, x.starts_at, x.due_at) d
        WHERE a.id = x.id`,
      [
        routed.map((r) => r.assignmentId),
        routed.map((r) => r.state),
        routed.map((r) => r.role),
        routed.map((r) => r.signDueAt),
        this.clock.now(),
        routed.map((r) => r.opens?.kind ?? null),
        routed.map((r) => r.opens?.ownerOrg ?? null),
        routed.map((r) => r.opens?.startsAt ?? null),
        routed.map((r) => r.opens?.dueAt ?? null),
      ],
    );
  }

  async find(tx: Tx, id: string, scope: Scope): Promise<AssignmentView | null> {
    const params: Params = [id, this.clock.now()];
    const rows = await tx.query(
      `SELECT ${viewColumns('$2')} FROM ${VIEW_FROM} WHERE a.id = $1 AND ${scopeCondition(scope, params, VIEW_SCOPE)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Assignments of one task, by street; a street sees only its own. */
  ofTask(tx: Tx, taskId: string, scope: Scope): Promise<AssignmentView[]> {
    const params: Params = [taskId, this.clock.now()];
    return tx.query(
      `SELECT ${viewColumns('$2')} FROM ${VIEW_FROM}
        WHERE a.task_id = $1 AND ${scopeCondition(scope, params, VIEW_SCOPE)} ORDER BY a.street_code`,
      params,
    );
  }

  async list(
    tx: Tx,
    scope: Scope,
    filter: AssignmentFilter & { cursor?: Cursor; limit: number },
  ): Promise<Page<AssignmentView>> {
    const params: Params = [this.clock.now()];
    const conds = this.conditions(scope, filter, params);
    const sort = SORTS[filter.sort ?? '-createdAt'];
    const page = keysetPage({ time: sort.time, id: 'a.id' }, filter, params, sort.dir);
    const rows: AssignmentView[] = await tx.query(
      `SELECT ${viewColumns('$1')} FROM ${VIEW_FROM} WHERE ${[...conds, page.after].join(' AND ')} ${page.orderLimit}`,
      params,
    );
    return pageOf(rows, filter.limit, (r) => ({ at: r[sort.key], id: r.id }));
  }

  /**
   * Every assignment the filter selects, in its sort, up to `max` (the XLSX export of a list):
   * one statement, no cursor.
   */
  all(tx: Tx, scope: Scope, filter: AssignmentFilter, max: number): Promise<AssignmentView[]> {
    const params: Params = [this.clock.now()];
    const conds = this.conditions(scope, filter, params);
    const sort = SORTS[filter.sort ?? '-createdAt'];
    const page = keysetPage({ time: sort.time, id: 'a.id' }, { limit: max - 1 }, params, sort.dir);
    return tx.query(
      `SELECT ${viewColumns('$1')} FROM ${VIEW_FROM} WHERE ${conds.join(' AND ')} ${page.orderLimit}`,
      params,
    );
  }

  /** The WHERE conditions of a filtered list; `$1` is the clock's time. */
  private conditions(scope: Scope, filter: AssignmentFilter, params: Params): string[] {
    const conds = [scopeCondition(scope, params, VIEW_SCOPE)];
    if (filter.state) conds.push(`a.state = ${stateLiteral(filter.state)}`);
    if (filter.role) conds.push(`a.role = ${bind(params, filter.role)}`);
    if (filter.taskId) conds.push(`a.task_id = ${bind(params, filter.taskId)}`);
    if (filter.overdue !== undefined)
      conds.push(filter.overdue ? overdueSql('$1') : `NOT coalesce(${overdueSql('$1')}, false)`);
    if (filter.dueSoon !== undefined)
      conds.push(filter.dueSoon ? dueSoonSql('$1') : `NOT ${dueSoonSql('$1')}`);
    if (filter.extensionPending !== undefined)
      conds.push(
        `${filter.extensionPending ? '' : 'NOT '}EXISTS (SELECT 1 FROM extension e WHERE e.assignment_id = a.id AND e.state = 'pending')`,
      );
    if (filter.q) {
      // LIKE's own wildcards in what the user typed are searched for as characters.
      const like = bind(params, `%${filter.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
      conds.push(
        `(tk.title ILIKE ${like} OR tk.matter_code ILIKE ${like} OR a.matter_code_override ILIKE ${like})`,
      );
    }
    if (filter.matterCode) {
      const m = bind(params, filter.matterCode);
      conds.push(`coalesce(a.matter_code_override, tk.matter_code) = ${m}`);
    }
    if (filter.streetCode) conds.push(`a.street_code = ${bind(params, filter.streetCode)}`);
    if (filter.submitterCode) conds.push(`a.submitter_code = ${bind(params, filter.submitterCode)}`);
    if (filter.districtCode)
      conds.push(
        `a.street_code IN (SELECT code FROM organisation WHERE district_code = ${bind(params, filter.districtCode)})`,
      );
    if (filter.dueFrom) conds.push(`a.due_at >= ${dayStart(bind(params, filter.dueFrom))}`);
    if (filter.dueTo) conds.push(`a.due_at < ${dayEnd(bind(params, filter.dueTo))}`);
    return conds;
  }

  /** Routing work that has waited longer than it should: the sweep sends it again. */
  stalePendingRouting(
    tx: Tx,
    olderThanMs: number,
    limit: number,
  ): Promise<{ taskId: string; round: number }[]> {
    return tx.query(
      `SELECT DISTINCT task_id AS "taskId", routing_round AS round FROM assignment
        WHERE state = 'pending_routing' AND updated_at < $1 LIMIT $2`,
      [new Date(this.clock.now().getTime() - olderThanMs), limit],
    );
  }
}
