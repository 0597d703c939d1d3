import type { ClientBase } from 'pg';
// Unfired steps of deadlines closed longer ago than this are gone (the worker's retention job
// deletes them: they never fire and tell nothing), so the generator does not write them.
import { OPEN_DEADLINE_JSON, STEP_RETENTION_DAYS } from '@app/persistence';

export interface GenerateOptions {
  /** Assignments to create (tasks fan out to 1, a district's 7 or all streets until this many exist). */
  assignments: number;
  /** Same seed, same rows: ids and every random choice derive from it. */
  seed: number;
  /** The end of the generated history (default: the database's now()). */
  until?: Date;
  /**
   * Days of history the assignments are spread over, ending at `until` (default 365: a year). The
   * open work is what the last three days created, so at a fixed number of assignments fewer days
   * mean a busier deployment: the scale bench gives a small database the days that keep the largest
   * size's daily rate (the same city, younger), so that both hold the same open work.
   */
  days?: number;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface GenerateResult {
  created: boolean;
  seed: number;
  tasks: number;
  assignments: number;
  rows: Record<string, number>;
  elapsedMs: number;
}

/**
 * Set-based SQL for one generated history (a year unless `days` says otherwise). Every random
 * choice is `r(n, salt)`, a hash of the row number and the seed (hashint8extended), and every id is
 * `uid(kind, n)`, an md5 of seed, kind and number shaped as a version-4 UUID: the same seed writes
 * the same rows, and a second run finds its first task and stops. The audit chain is written level
 * by level (every aggregate's seq 1, then seq 2 joined to the seq 1 just written, …) with the same
 * canonical JSON and SHA-256 as AuditRepository, so GET /api/audit/verify accepts it.
 */
// Declared STABLE where the body calls a stable function (text || int, to_json, to_char): the
// planner inlines a SQL function only when its body is no more volatile than declared, and a
// function that is not inlined costs a call per row (about twice the time at a million rows).
const FUNCTIONS = (seed: number) => [
  `CREATE FUNCTION pg_temp.r(n bigint, salt int) RETURNS float8 IMMUTABLE LANGUAGE sql AS
     $$ SELECT (hashint8extended(n, ${seed}::bigint * 64 + salt) & 4503599627370495)::float8 / 4503599627370496 $$`,
  `CREATE FUNCTION pg_temp.uid(kind int, n bigint) RETURNS uuid STABLE LANGUAGE sql AS
     $$ SELECT overlay(overlay(md5('${seed}:' || kind || ':' || n) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`,
  `CREATE FUNCTION pg_temp.uidt(t text) RETURNS uuid IMMUTABLE LANGUAGE sql AS
     $$ SELECT overlay(overlay(md5('${seed}:' || t) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`,
  // JSON.stringify of a string (or null), as canonicalJson writes it.
  `CREATE FUNCTION pg_temp.cj(v text) RETURNS text STABLE LANGUAGE sql AS
     $$ SELECT coalesce(to_json(v)::text, 'null') $$`,
  `CREATE FUNCTION pg_temp.iso(t timestamptz) RETURNS text STABLE LANGUAGE sql AS
     $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$`,
  `CREATE FUNCTION pg_temp.iso_ms(t timestamptz) RETURNS text STABLE LANGUAGE sql AS
     $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`,
];

/** The tables the generator writes in bulk (their secondary indexes are rebuilt after the load). */
const LOADED_TABLES = [
  'task',
  'assignment',
  'decision',
  'deadline',
  'escalation_step',
  'supervision_item',
  'dispute',
  'notification',
  'audit_event',
];

/** Kinds of generated ids (uid's first argument). */
const ID = {
  task: 1,
  assignment: 2,
  decision: 3,
  signoff: 10,
  completion: 11,
  review: 12,
  arbitration: 13,
  dispute: 20,
} as const;

export async function generate(db: ClientBase, opts: GenerateOptions): Promise<GenerateResult> {
  const log = opts.log ?? (() => undefined);
  const started = performance.now();
  const n = opts.assignments;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--assignments must be a positive integer, not ${n}`);
  const seed = opts.seed;
  const days = opts.days ?? 365;
  if (!Number.isFinite(days) || days <= 0)
    throw new Error(`--days must be a positive number, not ${opts.days}`);
  const step = async (what: string, sql: string, params: unknown[] = []): Promise<number> => {
    const t = performance.now();
    const r = await db.query(sql, params);
    log(`generate: ${what}: ${r.rowCount ?? 0} rows in ${Math.round(performance.now() - t)} ms`);
    return r.rowCount ?? 0;
  };

  for (const f of FUNCTIONS(seed)) await db.query(f.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
  const exists = await db.query(`SELECT 1 FROM task WHERE id = pg_temp.uid(${ID.task}, 1)`);
  if (exists.rowCount) {
    log(`generate: seed ${seed} is already in this database; nothing to do`);
    return { created: false, seed, tasks: 0, assignments: 0, rows: {}, elapsedMs: 0 };
  }

  await db.query('BEGIN');
  try {
    await db.query(`SET LOCAL synchronous_commit = off`);
    await db.query(`SET LOCAL work_mem = '256MB'`);
    await db.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
    // As a superuser the load skips triggers and foreign-key checks (a per-row probe and key-share
    // lock of the parent for every row): the generator writes what the triggers derive itself —
    // submitter_code, task_created_at, open_due_at and open_deadline, the audit chain heads and the
    // overdue tally, each deadline's steps — from rows it made consistent.
    const bulk =
      (await db.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows[0]?.rolsuper ===
      true;
    if (bulk) await db.query(`SET LOCAL session_replication_role = replica`);
    await db.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    // Secondary indexes of the tables filled here are dropped for the load and built once at the
    // end (a sort each), instead of a random insertion into every index per row — what made the
    // million-row inserts wait on reads of index pages. Keys and unique indexes stay.
    const secondary: { name: string; def: string }[] = (
      await db.query(
        `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
           FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
          WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relname = ANY($1) AND NOT i.indisunique
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
          ORDER BY 1`,
        [LOADED_TABLES],
      )
    ).rows;
    for (const ix of secondary) await db.query(`DROP INDEX ${ix.name}`);
    const until: Date = opts.until ?? (await db.query(`SELECT now() AS t`)).rows[0].t;
    const rows: Record<string, number> = {};

    // Reference data of the seed: streets, submitting departments, the list in force and its rules.
    await db.query(`CREATE TEMP TABLE g_street ON COMMIT DROP AS
      SELECT (row_number() OVER (ORDER BY o.code) - 1)::int AS i, o.code, o.district_code,
             (SELECT u.id FROM app_user u WHERE u.org_code = o.code ORDER BY u.created_at, u.id LIMIT 1) AS user_id
        FROM organisation o WHERE o.kind = 'street' AND EXISTS (SELECT 1 FROM app_user u WHERE u.org_code = o.code)`);
    await db.query(`CREATE TEMP TABLE g_dept ON COMMIT DROP AS
      SELECT (row_number() OVER (ORDER BY u.org_code) - 1)::int AS i, u.org_code AS code, min(u.id::text)::uuid AS user_id
        FROM app_user u WHERE 'department' = ANY(u.roles) AND u.active GROUP BY u.org_code`);
    await db.query(
      `CREATE TEMP TABLE g_ref ON COMMIT DROP AS
      SELECT lv.id AS list_id, lv.version AS list_version,
             (SELECT count(*) FROM g_street)::int AS streets, (SELECT count(*) FROM g_dept)::int AS depts,
             (SELECT org_code FROM app_user WHERE 'reviewer' = ANY(roles) ORDER BY created_at LIMIT 1) AS reviewer,
             (SELECT id FROM app_user WHERE 'reviewer' = ANY(roles) ORDER BY created_at LIMIT 1) AS reviewer_id,
             ARRAY(SELECT DISTINCT org_code FROM app_user WHERE 'supervisor' = ANY(roles) AND active ORDER BY 1) AS supervisors,
             $1::timestamptz AS until
        FROM list_version lv WHERE lv.status = 'published' ORDER BY lv.effective_from DESC, lv.published_at DESC LIMIT 1`,
      [until],
    );
    const ref = (await db.query(`SELECT streets, depts, reviewer FROM g_ref`)).rows[0];
    if (!ref || !ref.streets || !ref.depts || !ref.reviewer)
      throw new Error(
        'generate needs the seed (npm run seed): streets, departments, a reviewer and a published list',
      );
    await db.query(`CREATE TEMP TABLE g_matter ON COMMIT DROP AS
      SELECT (row_number() OVER (ORDER BY m.code) - 1)::int AS i, m.code, m.name FROM matter m, g_ref WHERE m.list_version_id = g_ref.list_id`);
    await db.query(`CREATE TEMP TABLE g_rule ON COMMIT DROP AS
      SELECT DISTINCT ON (outcome) outcome, rule_id, reason->>'zh' AS zh, reason->>'en' AS en FROM routing_rule, g_ref
       WHERE list_version_id = g_ref.list_id ORDER BY outcome, position`);

    // The year's monthly partitions (audit events, notifications), when the schema has them.
    if ((await db.query(`SELECT to_regproc('dutygate_ensure_partitions') AS f`)).rows[0].f)
      await db.query(
        `SELECT dutygate_ensure_partitions(m, 0) FROM generate_series($1::timestamptz - interval '13 months', $1::timestamptz, interval '1 month') m`,
        [until],
      );

    // Tasks: 55 % to one street, 30 % to a district's seven, 15 % to every street; the year is
    // spread evenly over assignment numbers, the newest at `until`.
    const streets = ref.streets as number;
    const candidates = Math.ceil(n / 3) + 10;
    await db.query(
      `CREATE TEMP TABLE g_task ON COMMIT DROP AS
       WITH c AS (
         SELECT k, CASE WHEN pg_temp.r(k, 1) < 0.55 THEN 1 WHEN pg_temp.r(k, 1) < 0.85 THEN least(7, $2::int) ELSE $2::int END AS size
           FROM generate_series(1, $3::int) k),
       s AS (SELECT k, size, sum(size) OVER (ORDER BY k) - size AS start FROM c)
       SELECT s.k, pg_temp.uid(${ID.task}, s.k) AS id, s.start::int AS start, least(s.size, $1::int - s.start)::int AS size,
              g_ref.until - make_interval(secs => (1 - s.start::float8 / $1) * $4::float8 * 86400) + make_interval(secs => pg_temp.r(s.k, 2) * 30) AS created_at,
              d.code AS submitter, d.user_id, m.code AS matter_code, m.name || ' · ' || s.k AS title,
              floor(pg_temp.r(s.k, 4) * $2)::int AS street_offset,
              (5 + floor(pg_temp.r(s.k, 5) * 20))::int AS due_days, pg_temp.r(s.k, 6) < 0.05 AS urgent,
              (ARRAY['service_delivery','inspection_patrol','coordination_mediation','survey_census','reporting_forms'])[1 + floor(pg_temp.r(s.k, 7) * 5)::int] AS action_type
         FROM s CROSS JOIN g_ref
         JOIN g_dept d ON d.i = floor(pg_temp.r(s.k, 3) * g_ref.depts)::int
         JOIN g_matter m ON m.i = floor(pg_temp.r(s.k, 8) * (SELECT count(*) FROM g_matter))::int
        WHERE s.start < $1`,
      [n, streets, candidates, days],
    );
    rows.task = await step(
      'tasks',
      `INSERT INTO task (id, submitter_code, created_by, title, description, matter_code, action_type, temporary, due_at, urgent,
                         demands, list_version_id, created_at)
       SELECT t.id, t.submitter, t.user_id, t.title, '生成数据：' || t.title, t.matter_code, t.action_type, false,
              t.created_at + make_interval(days => t.due_days), t.urgent, '{}', g_ref.list_id, t.created_at
         FROM g_task t CROSS JOIN g_ref`,
    );

    // Assignments with the life each has had by `until`: a few thousand open (the last three
    // days, plus 0.3 % stragglers past their due time), the rest closed, rejected or withdrawn.
    // One statement, each stage a subquery fenced by OFFSET 0 so its expressions are computed
    // once per row (not re-evaluated wherever the next stage names them): a pass of UPDATEs over
    // the temp table per timestamp rewrote the million rows six times.
    await db.query(
      `CREATE TEMP TABLE g_asg ON COMMIT DROP AS
       WITH a AS (
         SELECT t.start + j AS n, t.id AS task_id, t.submitter, t.user_id AS dept_user, t.created_at, t.urgent,
                t.created_at + make_interval(days => t.due_days) AS due_at,
                st.code AS street, st.user_id AS street_user, g_ref.until - t.created_at AS age, g_ref.until
           FROM g_task t CROSS JOIN g_ref CROSS JOIN generate_series(0, t.size - 1) j
           JOIN g_street st ON st.i = (t.street_offset + j) % $1),
       b AS (
         SELECT a.*, pg_temp.r(n, 10) AS u, pg_temp.r(n, 11) AS u2,
                least(extract(epoch FROM age), 15 * 86400) AS span
           FROM a OFFSET 0),
       c AS (
         SELECT b.*,
                CASE WHEN age < interval '3 days' THEN
                       CASE WHEN u < 0.35 THEN 'awaiting_signoff' WHEN u < 0.70 THEN 'in_progress' WHEN u < 0.78 THEN 'in_review'
                            WHEN u < 0.81 THEN 'disputed' WHEN u < 0.89 THEN 'completed' WHEN u < 0.94 THEN 'rejected' ELSE 'closed' END
                     ELSE CASE WHEN u < 0.05 THEN 'rejected' WHEN u < 0.08 THEN 'withdrawn' WHEN u < 0.083 THEN 'in_progress' ELSE 'closed' END
                END AS state,
                CASE WHEN u2 < 0.2 THEN 'support' WHEN u2 < 0.25 THEN 'joint' ELSE 'lead' END AS role0,
                -- Went through admission review before being admitted (history) or waits for it now.
                pg_temp.r(n, 12) < 0.06 AS reviewed
           FROM b OFFSET 0),
       d AS (
         SELECT c.*, created_at + interval '1 second'
                  + CASE WHEN reviewed AND state <> 'in_review' THEN make_interval(secs => span * 0.05) ELSE interval '0' END AS routed_at
           FROM c OFFSET 0),
       e AS (
         SELECT d.*,
                CASE WHEN state IN ('in_progress', 'completed', 'closed') THEN routed_at + make_interval(secs => span * 0.1 * pg_temp.r(n, 13)) END AS signed_at,
                CASE WHEN state IN ('rejected', 'in_review', 'awaiting_signoff', 'disputed') THEN routed_at
                     WHEN state = 'withdrawn' THEN routed_at + make_interval(secs => span * 0.2 * pg_temp.r(n, 14)) END AS ended0
           FROM d OFFSET 0),
       f AS (
         SELECT e.*,
                CASE WHEN state IN ('completed', 'closed') THEN signed_at + make_interval(secs => span * 0.7 * pg_temp.r(n, 15)) END AS completed_at
           FROM e OFFSET 0),
       g AS (
         SELECT f.*, CASE WHEN state = 'closed' THEN completed_at + make_interval(secs => span * 0.05) END AS closed_at
           FROM f OFFSET 0)
       SELECT pg_temp.uid(${ID.assignment}, n) AS id, n, task_id, submitter, dept_user, created_at, urgent,
              -- A straggler's due time: 1 to 41 days ago, never before its first day (age is 3 days or more).
              CASE WHEN state = 'in_progress' AND age >= interval '3 days'
                   THEN greatest(until - make_interval(secs => 86400 * (1 + 40 * pg_temp.r(n, 16))), created_at + interval '1 day')
                   ELSE due_at END AS due_at,
              street, street_user, age, u, u2, span, state, role0, reviewed, routed_at, signed_at, completed_at, closed_at,
              coalesce(closed_at, completed_at, ended0, signed_at, routed_at) AS ended_at,
              CASE WHEN state = 'rejected' THEN 'reject_negative_list'
                   WHEN reviewed OR state = 'in_review' THEN 'needs_admission_review' WHEN role0 = 'support' THEN 'support_only'
                   WHEN role0 = 'joint' THEN 'joint_enforcement' ELSE 'admit' END AS outcome
         FROM g`,
      [streets],
    );
    await db.query(`CREATE UNIQUE INDEX ON g_asg (id)`);
    await db.query(`ANALYZE g_asg`);

    // Deadlines: sign-for of every admitted assignment, completion once signed, review and
    // arbitration where they apply; open ones are the current work, the rest met or cancelled.
    await db.query(
      `CREATE TEMP TABLE g_deadline ON COMMIT DROP AS
       SELECT pg_temp.uid(${ID.signoff}, n) AS id, id AS assignment_id, n, 'signoff' AS kind, street AS owner_org,
              CASE state WHEN 'awaiting_signoff' THEN 'open' WHEN 'disputed' THEN 'paused' WHEN 'withdrawn' THEN CASE WHEN signed_at IS NULL THEN 'cancelled' ELSE 'met' END ELSE 'met' END AS state,
              routed_at AS starts_at, routed_at + interval '2 days' AS due_at, signed_at AS met_at,
              CASE WHEN state = 'withdrawn' THEN ended_at END AS cancelled_at
         FROM g_asg WHERE state NOT IN ('rejected', 'in_review')
       UNION ALL
       SELECT pg_temp.uid(${ID.completion}, n), id, n, 'completion', street, CASE WHEN state = 'in_progress' THEN 'open' ELSE 'met' END,
              signed_at, due_at, completed_at, NULL
         FROM g_asg WHERE signed_at IS NOT NULL AND state <> 'withdrawn'
       UNION ALL
       SELECT pg_temp.uid(${ID.review}, n), id, n, 'review', (SELECT reviewer FROM g_ref), CASE WHEN state = 'in_review' THEN 'open' ELSE 'met' END,
              created_at + interval '1 second', created_at + interval '3 days', CASE WHEN state <> 'in_review' THEN routed_at END, NULL
         FROM g_asg WHERE reviewed OR state = 'in_review'
       UNION ALL
       SELECT pg_temp.uid(${ID.arbitration}, n), id, n, 'arbitration', (SELECT reviewer FROM g_ref), 'open',
              ended_at, ended_at + interval '5 days', NULL, NULL
         FROM g_asg WHERE state = 'disputed'`,
    );
    await db.query(`ANALYZE g_deadline`);
    rows.assignment = await step(
      'assignments',
      `INSERT INTO assignment (id, task_id, street_code, state, role, version, routing_round, sign_due_at, due_at, created_at, updated_at,
                               result, rating, rating_comment, submitter_code, task_created_at, open_due_at, open_deadline)
       SELECT id, task_id, street, state, CASE WHEN state IN ('rejected', 'in_review') THEN NULL ELSE role0 END,
              1 + (state <> 'in_review')::int + (signed_at IS NOT NULL)::int + (completed_at IS NOT NULL)::int + (closed_at IS NOT NULL)::int
                + (state IN ('withdrawn', 'disputed'))::int,
              1, CASE WHEN state NOT IN ('rejected', 'in_review') THEN routed_at + interval '2 days' END, due_at, created_at, ended_at,
              CASE WHEN completed_at IS NOT NULL THEN '已按要求办结（生成数据）' END,
              CASE WHEN closed_at IS NOT NULL THEN 3 + floor(pg_temp.r(n, 17) * 3)::int END, NULL, submitter,
              created_at, od.open_due, od.deadline
         FROM g_asg LEFT JOIN (SELECT DISTINCT ON (d.assignment_id) d.assignment_id, d.due_at AS open_due, ${OPEN_DEADLINE_JSON} AS deadline
                                 FROM g_deadline d WHERE d.state = 'open' ORDER BY d.assignment_id, d.due_at, d.kind) od
           ON od.assignment_id = g_asg.id
        ORDER BY id`,
    );

    rows.decision = await step(
      'decisions',
      `INSERT INTO decision (id, assignment_id, routing_round, outcome, role, rule_id, list_version_id, list_version, inputs, reason, reason_en,
                             stripped_demands, decided_at)
       SELECT pg_temp.uid(${ID.decision}, a.n), a.id, 1, a.outcome, CASE WHEN a.outcome IN ('reject_negative_list', 'needs_admission_review') THEN NULL ELSE a.role0 END,
              coalesce(r.rule_id, 'GEN'), g_ref.list_id, g_ref.list_version, '{}', coalesce(r.zh, '生成数据'), coalesce(r.en, 'generated'), '{}',
              a.created_at + interval '1 second'
         FROM g_asg a CROSS JOIN g_ref
         LEFT JOIN g_rule r ON r.outcome = a.outcome ORDER BY a.id`,
    );

    rows.deadline = await step(
      'deadlines',
      `INSERT INTO deadline (id, assignment_id, kind, owner_org, state, starts_at, due_at, remaining_ms, met_at, overdue_at, created_at, updated_at)
       SELECT id, assignment_id, kind, owner_org, state, starts_at, due_at,
              CASE WHEN state = 'paused' THEN (extract(epoch FROM due_at - starts_at) * 500)::bigint END,
              met_at, CASE WHEN due_at < coalesce(met_at, cancelled_at, (SELECT until FROM g_ref)) THEN due_at END,
              starts_at, coalesce(met_at, cancelled_at, starts_at)
         FROM g_deadline ORDER BY id`,
    );

    // The ladder of each deadline; a step fired when its time came before the deadline ended.
    await db.query(
      `CREATE TEMP TABLE g_step ON COMMIT DROP AS
       SELECT x.*, x.fire_at <= x.ended AS fired FROM (
       SELECT d.id AS deadline_id, d.assignment_id, d.n, d.kind, d.owner_org, d.due_at, d.state = 'open' AS deadline_open,
              CASE WHEN d.state <> 'open' THEN coalesce(d.met_at, d.cancelled_at, d.starts_at) END AS parked_at, s.step, s.o,
              CASE s.step WHEN 'remind' THEN d.starts_at + (d.due_at - d.starts_at) * 0.75 WHEN 'urge' THEN d.due_at
                          WHEN 'supervise' THEN d.due_at + interval '1 day' ELSE d.due_at + interval '5 days' END AS fire_at,
              coalesce(d.met_at, d.cancelled_at, CASE WHEN d.state = 'paused' THEN d.starts_at END, (SELECT until FROM g_ref)) AS ended
         FROM g_deadline d CROSS JOIN (VALUES ('remind', 1), ('urge', 2), ('supervise', 3), ('notice', 4)) s(step, o)
       OFFSET 0) x`,
    );
    await db.query(`ANALYZE g_step`);
    rows.escalation_step = await step(
      'escalation steps',
      `INSERT INTO escalation_step (deadline_id, step, fire_at, fired_at, deadline_open, parked_at)
       SELECT deadline_id, step, fire_at, CASE WHEN fired THEN fire_at END, deadline_open, parked_at FROM g_step
        WHERE fired OR ended > (SELECT until FROM g_ref) - interval '${STEP_RETENTION_DAYS} days'
        ORDER BY deadline_id, step`,
    );
    rows.supervision_item = await step(
      'supervision items',
      `INSERT INTO supervision_item (id, deadline_id, assignment_id, kind, org_code, created_at, in_notice_at)
       SELECT pg_temp.uidt(s.deadline_id::text), s.deadline_id, s.assignment_id, s.kind, s.owner_org, s.fire_at,
              CASE WHEN x.fired THEN x.fire_at END
         FROM g_step s JOIN g_step x ON x.deadline_id = s.deadline_id AND x.step = 'notice'
        WHERE s.step = 'supervise' AND s.fired`,
    );

    rows.dispute = await step(
      'disputes',
      `INSERT INTO dispute (id, assignment_id, street_code, department_code, reason_code, reason, state, upheld, note, decided_by, created_at, decided_at)
       SELECT pg_temp.uid(${ID.dispute}, n), id, street, submitter, 'not_in_list', '不属于街道职责清单（生成数据）',
              CASE WHEN state = 'disputed' THEN 'open' ELSE 'decided' END, CASE WHEN state = 'disputed' THEN NULL ELSE 'department' END,
              CASE WHEN state = 'disputed' THEN NULL ELSE '维持交办（生成数据）' END,
              CASE WHEN state = 'disputed' THEN NULL ELSE (SELECT reviewer_id FROM g_ref) END,
              routed_at + interval '1 hour', CASE WHEN state = 'disputed' THEN NULL ELSE routed_at + interval '1 day' END
         FROM g_asg WHERE state = 'disputed' OR (state = 'closed' AND pg_temp.r(n, 18) < 0.01)`,
    );

    // The inboxes: what routing, the desks and the escalation ladder tell each organisation.
    // Everything older than a week has been read.
    rows.notification = await step(
      'notifications',
      `INSERT INTO notification (org_code, kind, assignment_id, payload, created_at, read_at)
       SELECT x.org, x.kind, x.aid, x.payload, x.at,
              CASE WHEN x.at < g_ref.until - interval '7 days' OR pg_temp.r(x.n * 8 + x.o, 19) < 0.5 THEN x.at + interval '1 hour' END
         FROM g_ref CROSS JOIN LATERAL (
           SELECT a.n, 1 AS o, CASE a.state WHEN 'rejected' THEN a.submitter WHEN 'in_review' THEN g_ref.reviewer ELSE a.street END AS org,
                  CASE a.state WHEN 'rejected' THEN 'assignment.rejected' WHEN 'in_review' THEN 'review.requested' ELSE 'assignment.new' END AS kind,
                  a.id AS aid, jsonb_build_object('taskId', a.task_id, 'streetCode', a.street, 'title', t.title) AS payload, a.routed_at AS at
             FROM g_asg a JOIN task t ON t.id = a.task_id
           UNION ALL
           SELECT a.n, 2, a.submitter, 'assignment.completed', a.id, jsonb_build_object('taskId', a.task_id, 'streetCode', a.street), a.completed_at
             FROM g_asg a WHERE a.completed_at IS NOT NULL
           UNION ALL
           SELECT s.n, 2 + s.o, o.org, 'deadline.' || s.step, s.assignment_id,
                  jsonb_build_object('step', s.step, 'deadlineKind', s.kind, 'deadlineId', s.deadline_id, 'dueAt', pg_temp.iso_ms(s.due_at)), s.fire_at
             -- The owner, and the supervisors too from 督办 on (an array, not a UNION per row).
             FROM g_step s CROSS JOIN LATERAL unnest(
               CASE WHEN s.step IN ('supervise', 'notice') THEN array_remove(g_ref.supervisors, s.owner_org) ELSE '{}' END || s.owner_org) o(org)
            WHERE s.fired) x`,
    );

    // Audit events, staged with their canonical JSON body; hashed level by level below.
    await db.query(`CREATE TEMP TABLE g_event (
        aggregate_type text, aggregate_id text, ord int, action text, actor_id uuid, actor_org text, from_state text, to_state text,
        payload text, created_at timestamptz, seq int) ON COMMIT DROP`);
    await step(
      'audit events staged',
      // seq: an aggregate's events ordered by time, then by the workflow order of same-instant
      // events (every aggregate but an assignment has one event).
      `INSERT INTO g_event (aggregate_type, aggregate_id, ord, action, actor_id, actor_org, from_state, to_state, payload, created_at, seq)
       SELECT x.*, row_number() OVER (PARTITION BY x.aggregate_type, x.aggregate_id ORDER BY x.created_at, x.ord)::int FROM (
       SELECT 'task' AS aggregate_type, t.id::text AS aggregate_id, 1 AS ord, 'submitted' AS action, t.user_id AS actor_id,
              t.submitter AS actor_org, NULL AS from_state, 'submitted' AS to_state,
              '{"listVersionId":' || pg_temp.cj(g_ref.list_id::text) || ',"matterCode":' || pg_temp.cj(t.matter_code) || ',"streets":' || t.size ||
              ',"title":' || pg_temp.cj(t.title) || '}' AS payload, t.created_at
         FROM g_task t CROSS JOIN g_ref
       UNION ALL
       SELECT 'assignment', a.id::text, 1, 'created', a.dept_user, a.submitter, NULL, 'pending_routing',
              '{"streetCode":' || pg_temp.cj(a.street) || ',"taskId":' || pg_temp.cj(a.task_id::text) || '}', a.created_at
         FROM g_asg a
       UNION ALL
       SELECT 'assignment', a.id::text, 2, 'routed', NULL, NULL, 'pending_routing',
              CASE WHEN a.state = 'rejected' THEN 'rejected' WHEN a.state = 'in_review' OR a.reviewed THEN 'in_review' ELSE 'awaiting_signoff' END,
              '{"listVersion":' || pg_temp.cj(g_ref.list_version) || ',"outcome":' || pg_temp.cj(a.outcome) || ',"role":' ||
              pg_temp.cj(CASE WHEN a.outcome IN ('reject_negative_list', 'needs_admission_review') THEN NULL ELSE a.role0 END) ||
              ',"round":1,"ruleId":' || pg_temp.cj(coalesce(r.rule_id, 'GEN')) || '}', a.created_at + interval '1 second'
         FROM g_asg a CROSS JOIN g_ref LEFT JOIN g_rule r ON r.outcome = a.outcome
       UNION ALL
       SELECT 'assignment', a.id::text, 3, 'review', g_ref.reviewer_id, g_ref.reviewer, 'in_review', 'awaiting_signoff', '{"target":"admit"}', a.routed_at
         FROM g_asg a CROSS JOIN g_ref WHERE a.reviewed AND a.state NOT IN ('in_review', 'rejected')
       UNION ALL
       SELECT 'assignment', a.id::text, 4, CASE WHEN a.state = 'disputed' THEN 'dispute' ELSE 'sign' END, a.street_user, a.street, 'awaiting_signoff',
              CASE WHEN a.state = 'disputed' THEN 'disputed' ELSE 'in_progress' END, '{}', coalesce(a.signed_at, a.ended_at)
         FROM g_asg a WHERE a.signed_at IS NOT NULL OR a.state = 'disputed'
       UNION ALL
       SELECT 'assignment', a.id::text, 5, 'complete', a.street_user, a.street, 'in_progress', 'completed', '{}', a.completed_at
         FROM g_asg a WHERE a.completed_at IS NOT NULL
       UNION ALL
       SELECT 'assignment', a.id::text, 6, 'confirm', a.dept_user, a.submitter, 'completed', 'closed', '{"rating":' || (3 + floor(pg_temp.r(a.n, 17) * 3)::int) || '}', a.closed_at
         FROM g_asg a WHERE a.closed_at IS NOT NULL
       UNION ALL
       SELECT 'assignment', a.id::text, 7, 'withdraw', a.dept_user, a.submitter, CASE WHEN a.signed_at IS NULL THEN 'awaiting_signoff' ELSE 'in_progress' END, 'withdrawn',
              '{"reason":"任务撤回（生成数据）"}', a.ended_at
         FROM g_asg a WHERE a.state = 'withdrawn'
       UNION ALL
       SELECT 'escalation', s.deadline_id || '/' || s.step || '@' || pg_temp.iso_ms(s.fire_at), 1, 'escalation.' || s.step, NULL, NULL, NULL, NULL,
              '{"assignmentId":' || pg_temp.cj(s.assignment_id::text) || ',"fireAt":' || pg_temp.cj(pg_temp.iso_ms(s.fire_at)) ||
              ',"kind":' || pg_temp.cj(s.kind) || ',"step":' || pg_temp.cj(s.step) || '}', s.fire_at
         FROM g_step s WHERE s.fired) x`,
    );
    await db.query(`CREATE INDEX ON g_event (seq)`);
    await db.query(`ANALYZE g_event`);
    const levels = (await db.query(`SELECT max(seq) AS m FROM g_event`)).rows[0].m as number;
    await db.query(
      `CREATE TEMP TABLE g_head (aggregate_type text, aggregate_id text, hash text) ON COMMIT DROP`,
    );
    await db.query(
      `CREATE TEMP TABLE g_next (aggregate_type text, aggregate_id text, hash text) ON COMMIT DROP`,
    );
    // audit_head rows (what the trigger on audit_event keeps) of the chains in g_head, at seq
    // `seq`: those not continued in g_next, or all of them after the last level.
    const headsOf = (seq: number, unlessContinued: boolean) =>
      `INSERT INTO audit_head (aggregate_type, aggregate_id, seq, hash)
       SELECT h.aggregate_type, h.aggregate_id, ${seq}, h.hash FROM g_head h
        ${unlessContinued ? 'WHERE NOT EXISTS (SELECT 1 FROM g_next x WHERE x.aggregate_type = h.aggregate_type AND x.aggregate_id = h.aggregate_id)' : ''}`;
    rows.audit_event = 0;
    for (let level = 1; level <= levels; level++) {
      rows.audit_event += await step(
        `audit events, seq ${level}`,
        `WITH e AS (
           SELECT e.*, p.hash AS prev_hash,
                  '{"action":' || pg_temp.cj(e.action) || ',"actorId":' || pg_temp.cj(e.actor_id::text) || ',"actorOrg":' || pg_temp.cj(e.actor_org) ||
                  ',"aggregateId":' || pg_temp.cj(e.aggregate_id) || ',"aggregateType":' || pg_temp.cj(e.aggregate_type) ||
                  ',"createdAt":' || pg_temp.cj(pg_temp.iso(e.created_at)) || ',"fromState":' || pg_temp.cj(e.from_state) ||
                  ',"payload":' || e.payload || ',"seq":' || e.seq || ',"toState":' || pg_temp.cj(e.to_state) || '}' AS body
             FROM g_event e LEFT JOIN g_head p ON p.aggregate_type = e.aggregate_type AND p.aggregate_id = e.aggregate_id
            WHERE e.seq = ${level}),
         ins AS (
           INSERT INTO audit_event (aggregate_type, aggregate_id, seq, action, actor_id, actor_org, from_state, to_state, payload, prev_hash, hash, created_at)
           SELECT aggregate_type, aggregate_id, seq, action, actor_id, actor_org, from_state, to_state, payload::jsonb, prev_hash,
                  encode(sha256(convert_to(coalesce(prev_hash, '') || E'\\n' || body, 'UTF8')), 'hex'), created_at
             FROM e ORDER BY aggregate_type, aggregate_id
           RETURNING aggregate_type, aggregate_id, hash)
         INSERT INTO g_next SELECT * FROM ins`,
      );
      // Without triggers, the chains that ended at the previous level get their audit_head row.
      if (bulk && level > 1) await db.query(headsOf(level - 1, true));
      await db.query(`TRUNCATE g_head`);
      await db.query(`INSERT INTO g_head SELECT * FROM g_next`);
      await db.query(`TRUNCATE g_next`);
      if (level === 1) await db.query(`CREATE INDEX ON g_head (aggregate_id, aggregate_type)`);
      await db.query(`ANALYZE g_head`);
    }
    if (bulk) await db.query(headsOf(levels, false));
    // The overdue tally (what the trigger on deadline keeps), counted afresh by the migration's own
    // function: without triggers the load did not keep it, and with them it holds the same numbers.
    await step('overdue tally', `SELECT * FROM overdue_tally_rebuild()`);
    // And the inbox's unread tally (the triggers on notification), one row per organisation.
    await step('unread tally', `SELECT * FROM notification_unread_rebuild()`);
    // The same for each deadline's steps as its views send them (the triggers on escalation_step).
    const t = performance.now();
    const kept = (await db.query(`SELECT deadline_steps_rebuild() AS n`)).rows[0].n;
    log(`generate: deadline steps: ${kept} rows in ${Math.round(performance.now() - t)} ms`);
    // pg_get_indexdef names a partitioned table's index `ON ONLY` (the parent alone); built again
    // here it must cascade to the partitions.
    for (const ix of secondary) await step(`index ${ix.name}`, ix.def.replace(' ON ONLY ', ' ON '));
    await db.query('COMMIT');
    return {
      created: true,
      seed,
      tasks: rows.task,
      assignments: rows.assignment,
      rows,
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (e) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
