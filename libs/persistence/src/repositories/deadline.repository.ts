import type { Clock, DeadlineKind, EscalationStep, PlannedStep } from '@app/domain';
import type { OverdueCount, OverdueItem, SummonsDeadlineView } from '@app/contract';
import type { Cursor } from '../pagination';
import { bind, isoTime, keysetPage, pageWithExtra, stepsOf, type Params } from '../sql';
import { overdueToleranceSql } from './tolerance.repository';
import { updateReturning, type Tx } from '../tx';

export interface DeadlineSpec {
  assignmentId: string;
  kind: DeadlineKind;
  ownerOrg: string;
  startsAt: Date;
  dueAt: Date;
}

/**
 * A deadline of a coordination subject (one per subject and kind, opened once): a summoned
 * department's report-by, or a joint action's confirmation or outcome record.
 */
export type SubjectDeadlineSpec = Omit<DeadlineSpec, 'assignmentId'> &
  (
    | { summonsResponseId: string; jointActionId?: never }
    | { jointActionId: string; summonsResponseId?: never }
  );

/** The column naming a coordination subject of a deadline. */
export type DeadlineSubject = 'summons_response_id' | 'joint_action_id';

export interface DeadlineRow {
  id: string;
  /** Null for a coordination deadline (a summons response or a joint action). */
  assignmentId: string | null;
  kind: DeadlineKind;
  ownerOrg: string;
  state: 'open' | 'paused' | 'met' | 'cancelled';
  startsAt: Date;
  dueAt: Date;
  remainingMs: string | null;
}

export interface FiredStep {
  deadlineId: string;
  step: EscalationStep;
  fireAt: Date;
  firedAt: Date;
  kind: DeadlineKind;
  ownerOrg: string;
  assignmentId: string | null;
  summonsResponseId: string | null;
  jointActionId: string | null;
  dueAt: Date;
}

export type { OverdueItem };

/** The deadline kinds a board filter names: `joint_action` is both of a joint action's deadlines. */
const boardKinds = (kind: string): string[] =>
  kind === 'joint_action' ? ['joint_confirm', 'joint_outcome'] : [kind];

/**
 * The board's kind filter. One kind is an equality, so `ix_deadline_open_kind_due (kind, due_at, id)`
 * hands the board its rows in keyset order; `= ANY(array)` of a bound array cannot (the planner
 * does not know it holds one element) and walked every open overdue deadline filtering the kind.
 */
const kindCondition = (column: string, kinds: string[], params: Params): string =>
  kinds.length === 1
    ? `${column} = ${bind(params, kinds[0])}`
    : `${column} = ANY(${bind(params, kinds)}::text[])`;

const DEADLINE_COLUMNS = `id, assignment_id AS "assignmentId", kind, owner_org AS "ownerOrg", state, starts_at AS "startsAt",
  due_at AS "dueAt", remaining_ms AS "remainingMs"`;

/** A deadline as the assignment's detail shows it (libs/contract DeadlineView; alias `d`), with its steps. */
export const DEADLINE_VIEW_COLUMNS = `d.kind, d.owner_org AS "ownerOrg", d.state, ${isoTime('d.starts_at')} AS "startsAt", ${isoTime('d.due_at')} AS "dueAt",
  d.remaining_ms::float8 AS "remainingMs", ${isoTime('d.met_at')} AS "metAt", ${isoTime('d.overdue_at')} AS "overdueAt",
  ${stepsOf('d.id')} AS steps`;

/** The overdue board's rows (`$1` is now, in `params`): open deadlines past due, latest due first. */
function boardPageSql(
  filter: { kind?: string; orgCode?: string; cursor?: Cursor; limit: number },
  params: Params,
): string {
  const conds = [`d.state = 'open'`, `d.due_at < $1`];
  if (filter.kind) conds.push(kindCondition('d.kind', boardKinds(filter.kind), params));
  if (filter.orgCode) conds.push(`d.owner_org = ${bind(params, filter.orgCode)}`);
  const page = keysetPage({ time: 'd.due_at', id: 'd.id' }, filter, params);
  return `SELECT d.id AS "deadlineId", d.kind, d.owner_org AS "orgCode", a.id AS "assignmentId", a.task_id AS "taskId",
              coalesce(sm.subject, t.title) AS title, coalesce(sm.street_code, a.street_code) AS "streetCode",
              t.submitter_code AS "submitterCode", coalesce(sr.state, ja.state, a.state) AS state,
              sm.id AS "summonsId", ja.id AS "jointActionId", ${isoTime('d.due_at')} AS "dueAt",
              ${isoTime('d.overdue_at')} AS "overdueSince",
              ${stepsOf('d.id')} AS steps,
              ${overdueToleranceSql('d.id')} AS tolerance
         FROM deadline d LEFT JOIN summons_response sr ON sr.id = d.summons_response_id
              LEFT JOIN summons sm ON sm.id = sr.summons_id
              LEFT JOIN joint_action ja ON ja.id = d.joint_action_id
              LEFT JOIN assignment a ON a.id = coalesce(d.assignment_id, ja.assignment_id, sm.assignment_id)
              LEFT JOIN task t ON t.id = a.task_id
        WHERE ${[...conds, page.after].join(' AND ')}
        ${page.orderLimit}`;
}

/**
 * The board's counts: open overdue deadlines (open, due before `$1`, now) per owning organisation
 * and kind, without reading them: the kept tally of marked ones (migration OverdueTally), plus those
 * past due whose urge has not fired yet, minus marked ones not past due by this clock. The two
 * corrections are ranges of small partial indexes, normally empty.
 */
function countsSql(filter: { kind?: string; orgCode?: string }, params: Params): string {
  const conds: string[] = [];
  if (filter.kind) conds.push(kindCondition('kind', boardKinds(filter.kind), params));
  if (filter.orgCode) conds.push(`owner_org = ${bind(params, filter.orgCode)}`);
  const and = conds.map((c) => ` AND ${c}`).join('');
  return `SELECT owner_org AS "orgCode", kind, sum(n)::int AS count FROM (
         SELECT owner_org, kind, n FROM overdue_tally WHERE n <> 0${and}
         UNION ALL
         SELECT owner_org, kind, 1 FROM deadline WHERE state = 'open' AND overdue_at IS NULL AND due_at < $1${and}
         UNION ALL
         SELECT owner_org, kind, -1 FROM deadline WHERE state = 'open' AND overdue_at IS NOT NULL AND due_at >= $1${and}
       ) c GROUP BY owner_org, kind HAVING sum(n) > 0 ORDER BY sum(n) DESC, owner_org, kind`;
}

/**
 * Deadlines and their escalation steps. A step row exists per (deadline, step); `fired_at` is set
 * once, so a step fires at most once whatever the queue does.
 */
export class DeadlineRepository {
  constructor(private readonly clock: Clock) {}

  /**
   * Opens one deadline per (assignment, kind), or re-opens it in place. Re-opening a closed
   * (met or cancelled) deadline starts a new window — a second dispute's arbitration, a new
   * review round, reopened work — so its ladder starts afresh: the rows come back `renewed`.
   */
  async open(tx: Tx, specs: DeadlineSpec[]): Promise<(DeadlineRow & { renewed: boolean })[]> {
    if (specs.length === 0) return [];
    return tx.query(
      `WITH closed AS (
         SELECT id FROM deadline
          WHERE state IN ('met', 'cancelled') AND (assignment_id, kind) IN (SELECT * FROM unnest($1::uuid[], $2::text[])))
       INSERT INTO deadline (assignment_id, kind, owner_org, state, starts_at, due_at, created_at, updated_at)
       SELECT *, $7::timestamptz, $7::timestamptz
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
       ON CONFLICT (assignment_id, kind) DO UPDATE SET owner_org = EXCLUDED.owner_org, state = 'open', starts_at = EXCLUDED.starts_at,
         due_at = EXCLUDED.due_at, remaining_ms = NULL, met_at = NULL, updated_at = $7,
         overdue_at = CASE WHEN EXCLUDED.due_at > $7 THEN NULL ELSE deadline.overdue_at END
       RETURNING ${DEADLINE_COLUMNS}, id IN (SELECT id FROM closed) AS renewed`,
      [
        specs.map((s) => s.assignmentId),
        specs.map((s) => s.kind),
        specs.map((s) => s.ownerOrg),
        specs.map(() => 'open'),
        specs.map((s) => s.startsAt),
        specs.map((s) => s.dueAt),
        this.clock.now(),
      ],
    );
  }

  /** Opens the deadlines of coordination subjects (each opened once, so no re-opening here). */
  openForSubjects(tx: Tx, specs: SubjectDeadlineSpec[]): Promise<DeadlineRow[]> {
    if (specs.length === 0) return Promise.resolve([]);
    return tx.query(
      `INSERT INTO deadline (summons_response_id, joint_action_id, kind, owner_org, state, starts_at, due_at, created_at, updated_at)
       SELECT r, j, k, o, 'open', s, d, $7::timestamptz, $7::timestamptz
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS x(r, j, k, o, s, d)
       RETURNING ${DEADLINE_COLUMNS}`,
      [
        specs.map((s) => s.summonsResponseId ?? null),
        specs.map((s) => s.jointActionId ?? null),
        specs.map((s) => s.kind),
        specs.map((s) => s.ownerOrg),
        specs.map((s) => s.startsAt),
        specs.map((s) => s.dueAt),
        this.clock.now(),
      ],
    );
  }

  /** Ends the open deadlines of coordination subjects: met (on time or late) or cancelled. */
  closeForSubjects(
    tx: Tx,
    subject: DeadlineSubject,
    ids: string[],
    kinds: DeadlineKind[],
    state: 'met' | 'cancelled',
    at: Date,
  ): Promise<DeadlineRow[]> {
    return updateReturning(
      tx,
      `UPDATE deadline SET state = $3, met_at = CASE WHEN $3 = 'met' THEN $4::timestamptz END, remaining_ms = NULL, updated_at = $5
        WHERE ${subject} = ANY($1::uuid[]) AND kind = ANY($2::text[]) AND state IN ('open', 'paused') RETURNING ${DEADLINE_COLUMNS}`,
      [ids, kinds, state, at, this.clock.now()],
    );
  }

  /** The report-by deadlines of a summons (or of one department's response), for its detail view. */
  ofSummons(tx: Tx, summonsId: string, departmentCode: string | null): Promise<SummonsDeadlineView[]> {
    return tx.query(
      `SELECT r.department_code AS "departmentCode", d.kind, d.owner_org AS "ownerOrg", d.state, ${isoTime('d.starts_at')} AS "startsAt",
              ${isoTime('d.due_at')} AS "dueAt", d.remaining_ms::float8 AS "remainingMs", ${isoTime('d.met_at')} AS "metAt",
              ${isoTime('d.overdue_at')} AS "overdueAt",
              ${stepsOf('d.id')} AS steps
         FROM deadline d JOIN summons_response r ON r.id = d.summons_response_id
        WHERE r.summons_id = $1 AND ($2::text IS NULL OR r.department_code = $2) ORDER BY r.department_code`,
      [summonsId, departmentCode],
    );
  }

  /**
   * Plans steps. Within one window a step that already fired keeps its time and never fires
   * again; a renewed window clears the ladder first.
   */
  async planSteps(
    tx: Tx,
    plans: { deadlineId: string; steps: PlannedStep[] }[],
    renewed: string[] = [],
  ): Promise<void> {
    const rows = plans.flatMap((p) => p.steps.map((s) => ({ id: p.deadlineId, step: s.step, at: s.fireAt })));
    if (rows.length === 0) return;
    if (renewed.length)
      await tx.query(`UPDATE escalation_step SET fired_at = NULL WHERE deadline_id = ANY($1::uuid[])`, [
        renewed,
      ]);
    // Each step with its deadline's state (migration StepDeadlineOpen): a resumed or moved deadline
    // is planned while open, but planning does not assume it. The deadline is looked up by its key
    // for each step: written as a join, the planner hashed the whole deadline table for a routed
    // task's 140 steps once it held some thousands of rows (a sequential scan of 19,000 deadlines,
    // 6.5 ms a task, at the 10k year), since 140 index probes cost more on paper. `LIMIT 1` keeps the
    // subquery from being flattened back into that join.
    await tx.query(
      `INSERT INTO escalation_step (deadline_id, step, fire_at, deadline_open, parked_at)
       SELECT x.id, x.step, x.at, d.state = 'open', CASE WHEN d.state <> 'open' THEN d.updated_at END
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS x(id, step, at)
        CROSS JOIN LATERAL (SELECT state, updated_at FROM deadline WHERE id = x.id LIMIT 1) d
       ON CONFLICT (deadline_id, step) DO UPDATE SET fire_at = EXCLUDED.fire_at WHERE escalation_step.fired_at IS NULL`,
      [rows.map((r) => r.id), rows.map((r) => r.step), rows.map((r) => r.at)],
    );
  }

  async find(tx: Tx, assignmentId: string, kind: DeadlineKind): Promise<DeadlineRow | null> {
    const rows = await tx.query(
      `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE assignment_id = $1 AND kind = $2 FOR UPDATE`,
      [assignmentId, kind],
    );
    return rows[0] ?? null;
  }

  /** Ends open or paused deadlines: met (on time or late) or cancelled; returns the ids changed. */
  close(
    tx: Tx,
    assignmentId: string,
    kinds: DeadlineKind[],
    state: 'met' | 'cancelled',
    at: Date,
  ): Promise<DeadlineRow[]> {
    return updateReturning(
      tx,
      `UPDATE deadline SET state = $3, met_at = CASE WHEN $3 = 'met' THEN $4::timestamptz END, remaining_ms = NULL, updated_at = $5
        WHERE assignment_id = $1 AND kind = ANY($2::text[]) AND state IN ('open', 'paused') RETURNING ${DEADLINE_COLUMNS}`,
      [assignmentId, kinds, state, at, this.clock.now()],
    );
  }

  /** Stops a deadline's clock, keeping the time that was left. */
  async pause(tx: Tx, assignmentId: string, kind: DeadlineKind, at: Date): Promise<DeadlineRow | null> {
    const rows = await updateReturning<DeadlineRow>(
      tx,
      `UPDATE deadline SET state = 'paused', remaining_ms = GREATEST(0, (extract(epoch FROM due_at - $3::timestamptz) * 1000)::bigint),
         updated_at = $3
        WHERE assignment_id = $1 AND kind = $2 AND state = 'open' RETURNING ${DEADLINE_COLUMNS}`,
      [assignmentId, kind, at],
    );
    return rows[0] ?? null;
  }

  /** Restarts a paused clock with the time it had left; the window now ends that much after `at`. */
  async resume(tx: Tx, assignmentId: string, kind: DeadlineKind, at: Date): Promise<DeadlineRow | null> {
    const rows = await updateReturning<DeadlineRow>(
      tx,
      `UPDATE deadline SET state = 'open', due_at = $3::timestamptz + make_interval(secs => remaining_ms / 1000.0),
         starts_at = starts_at + ($3::timestamptz - updated_at), remaining_ms = NULL, updated_at = $3
        WHERE assignment_id = $1 AND kind = $2 AND state = 'paused' RETURNING ${DEADLINE_COLUMNS}`,
      [assignmentId, kind, at],
    );
    return rows[0] ?? null;
  }

  /** Moves an open deadline's due time (an approved extension). */
  async move(tx: Tx, assignmentId: string, kind: DeadlineKind, dueAt: Date): Promise<DeadlineRow | null> {
    const rows = await updateReturning<DeadlineRow>(
      tx,
      `UPDATE deadline SET due_at = $3, overdue_at = CASE WHEN $3::timestamptz > $4::timestamptz THEN NULL ELSE overdue_at END,
         updated_at = $4
        WHERE assignment_id = $1 AND kind = $2 AND state IN ('open', 'paused') RETURNING ${DEADLINE_COLUMNS}`,
      [assignmentId, kind, dueAt, this.clock.now()],
    );
    return rows[0] ?? null;
  }

  /**
   * Fires up to `limit` due steps of open deadlines in one statement: marks them fired, flags
   * urged deadlines overdue, files supervision items (督办) and notice listings (通报), and writes
   * the inbox notifications — the owner hears of every step, the supervisors' organisations of
   * supervise and notice — with a pending delivery for each active webhook of a recipient.
   * The deadline row is locked (SKIP LOCKED): a transition closing the deadline right now wins,
   * and the step is looked at again after it commits, so nothing fires once a deadline is met.
   * Only the deadline row, not the step rows too: with both, a concurrent stream could lock one
   * step, fail on its deadline and skip it while still holding that step until its commit, so
   * the stream holding the deadline skipped the step as well and it fired a wake-up later (seen
   * by the medium tier: 2 to 8 of 10 rounds of 20 steps due at once). Every writer of step rows holds
   * their deadline row first (firing here; planning after open/resume/move). A stream that got
   * the deadline only after another fired its steps and committed still reads them unfired (its
   * snapshot is older): the UPDATE's `fired_at IS NULL`, re-checked on the newest row, skips them.
   *
   * The due steps come from the index of unfired steps of open deadlines in fire-time order, and
   * each one's deadline is locked by a LATERAL subquery, row by row, as the LIMIT takes them. As a
   * join, the planner took the open deadlines (0.5 % of them) and the due steps as independent, so
   * it expected a seventh of the due steps to join and hashed every open deadline read from its
   * heap instead: 150–375 ms at a million assignments, against under a millisecond this way.
   */
  async fireDue(
    tx: Tx,
    now: Date,
    limit: number,
    supervisors: string[],
  ): Promise<{ steps: FiredStep[]; deliveryIds: string[] }> {
    const rows: (FiredStep & { deliveryIds: string[] | null })[] = await tx.query(
      `WITH due AS (
         SELECT s.deadline_id, s.step FROM escalation_step s
          CROSS JOIN LATERAL (SELECT FROM deadline d WHERE d.id = s.deadline_id AND d.state = 'open' FOR UPDATE SKIP LOCKED) d
          WHERE s.fired_at IS NULL AND s.deadline_open AND s.fire_at <= $1
          ORDER BY s.fire_at LIMIT $2),
       fired AS (
         UPDATE escalation_step s SET fired_at = $1 FROM due, deadline d
          WHERE s.deadline_id = due.deadline_id AND s.step = due.step AND d.id = s.deadline_id AND s.fired_at IS NULL
         RETURNING s.deadline_id, s.step, s.fire_at, s.fired_at, d.kind, d.owner_org, d.assignment_id, d.due_at,
                   d.summons_response_id, d.joint_action_id),
       overdue AS (
         UPDATE deadline SET overdue_at = $1
          WHERE id IN (SELECT deadline_id FROM fired WHERE step = 'urge') AND overdue_at IS NULL),
       supervised AS (
         INSERT INTO supervision_item (deadline_id, assignment_id, kind, org_code, created_at, in_notice_at)
         SELECT DISTINCT ON (deadline_id) deadline_id, assignment_id, kind, owner_org, $1, CASE WHEN step = 'notice' THEN $1::timestamptz END
           FROM fired WHERE step IN ('supervise', 'notice') ORDER BY deadline_id, step = 'notice' DESC
         ON CONFLICT (deadline_id) DO UPDATE SET in_notice_at = coalesce(supervision_item.in_notice_at, EXCLUDED.in_notice_at)),
       notified AS (
         INSERT INTO notification (org_code, kind, assignment_id, payload, created_at)
         SELECT DISTINCT o.org, 'deadline.' || f.step, coalesce(f.assignment_id, ja.assignment_id),
                jsonb_build_object('step', f.step, 'deadlineKind', f.kind, 'deadlineId', f.deadline_id,
                                   'dueAt', ${isoTime('f.due_at', 'ms')})
                  || jsonb_strip_nulls(jsonb_build_object('summonsId', sr.summons_id, 'jointActionId', f.joint_action_id)),
                $1::timestamptz
           FROM fired f LEFT JOIN summons_response sr ON sr.id = f.summons_response_id
                LEFT JOIN joint_action ja ON ja.id = f.joint_action_id
                CROSS JOIN LATERAL (
             SELECT f.owner_org AS org UNION SELECT unnest($3::text[]) WHERE f.step IN ('supervise', 'notice')) o
         RETURNING id, org_code),
       delivered AS (
         INSERT INTO webhook_delivery (webhook_id, notification_id, state, created_at)
         SELECT w.id, n.id, 'pending', $1 FROM notified n JOIN webhook w ON w.org_code = n.org_code AND w.active
         RETURNING id)
       SELECT f.deadline_id AS "deadlineId", f.step, f.fire_at AS "fireAt", f.fired_at AS "firedAt", f.kind,
              f.owner_org AS "ownerOrg", f.assignment_id AS "assignmentId", f.due_at AS "dueAt",
              f.summons_response_id AS "summonsResponseId", f.joint_action_id AS "jointActionId",
              CASE WHEN row_number() OVER () = 1 THEN (SELECT array_agg(id) FROM delivered) END AS "deliveryIds"
         FROM fired f`,
      [now, limit, supervisors],
    );
    return { steps: rows, deliveryIds: rows[0]?.deliveryIds ?? [] };
  }

  /** Second-buckets holding unfired steps of open deadlines due up to `until`: what the sweep re-arms. */
  async pendingBuckets(tx: Tx, until: Date): Promise<number[]> {
    const rows: { bucket: string }[] = await tx.query(
      `SELECT DISTINCT ceil(extract(epoch FROM s.fire_at))::bigint AS bucket
         FROM escalation_step s JOIN deadline d ON d.id = s.deadline_id
        WHERE s.fired_at IS NULL AND s.deadline_open AND d.state = 'open' AND s.fire_at <= $1`,
      [until],
    );
    return rows.map((r) => Number(r.bucket));
  }

  /** Open deadlines past due, newest due first, with the steps fired so far. */
  async overdue(
    tx: Tx,
    now: Date,
    filter: { kind?: string; orgCode?: string; cursor?: Cursor; limit: number },
  ): Promise<OverdueItem[]> {
    const params: Params = [now];
    return tx.query(boardPageSql(filter, params), params);
  }

  /** The supervisors' board: one page of boardPageSql and the counts, in one statement. */
  async overdueBoard(
    tx: Tx,
    now: Date,
    filter: { kind?: string; orgCode?: string; cursor?: Cursor; limit: number },
  ): Promise<{ rows: OverdueItem[]; counts: OverdueCount[] }> {
    const params: Params = [now];
    const page = boardPageSql(filter, params);
    const { rows, extra } = await pageWithExtra<OverdueItem>(
      tx,
      {
        page,
        extra: `SELECT coalesce(json_agg(json_build_object('orgCode', c."orgCode", 'kind', c.kind, 'count', c.count)
                  ORDER BY c.count DESC, c."orgCode", c.kind), '[]')::text AS extra FROM (${countsSql(filter, params)}) c`,
        // dueAt is the ISO text of due_at (UTC, microseconds): its text order is its time order.
        orderBy: 'p."dueAt" DESC, p."deadlineId" DESC',
        key: 'deadlineId',
      },
      params,
    );
    return { rows, counts: JSON.parse(extra) as OverdueCount[] };
  }
}
