import type { Client } from 'pg';
import { readSubjects, type ReadSubjects } from './reads';
import {
  AssignmentDetailRepository,
  AssignmentRepository,
  CaseRepository,
  DeadlineRepository,
  isPreparedRead,
  NotificationRepository,
  TaskRepository,
  type Tx,
} from '@app/persistence';

/** One statement behind a read of the scale bench, as the repository builds it. */
export interface ReadStatement {
  name: string;
  sql: string;
  params: unknown[];
  /**
   * The index the plan must read the statement's driving table through (any one of these): what
   * docs/architecture.md "Scale" promises and the generator spec pins.
   */
  index: string[];
}

/**
 * A transaction that runs nothing: it keeps each statement a repository sends (answering every one
 * with no rows), so that the statement can be explained on a real database.
 */
export function capturingTx(): { tx: Tx; sent: { sql: string; params: unknown[] }[] } {
  const sent: { sql: string; params: unknown[] }[] = [];
  const tx = {
    query: async (sql: string, params?: unknown[]) => {
      sent.push({ sql, params: params ?? [] });
      return [];
    },
  } as Tx;
  return { tx, sent };
}

/**
 * The statements of every read of issue 12 (test/bench/reads.ts), built by the repositories
 * themselves for the busiest street, department and overdue kind of the database (`subjects`, when
 * the caller has them already: finding them reads every assignment and task): what `explain-reads`
 * prints and what the generator spec checks the plans of.
 */
export async function readStatements(db: Client, subjects?: ReadSubjects): Promise<ReadStatement[]> {
  const one = async (sql: string) => (await db.query(sql)).rows[0]?.v as string;
  const { street, dept, kind } = subjects ?? (await readSubjects(one));
  const asg = await one(
    `SELECT aggregate_id AS v FROM audit_event WHERE aggregate_type = 'assignment' AND seq = 5 LIMIT 1`,
  );
  const { tx, sent: captured } = capturingTx();
  const clock = { now: () => new Date() };
  const s = { kind: 'street' as const, orgCode: street };
  const d = { kind: 'department' as const, orgCode: dept };
  const assignments = new AssignmentRepository(clock);
  const tasks = new TaskRepository(clock);
  const cases = new CaseRepository(clock);
  const deadlines = new DeadlineRepository(clock);
  const notes = new NotificationRepository(clock);
  const details = new AssignmentDetailRepository(clock);
  const now = new Date();
  // Each read: its name, the indexes one of which its statements must use, the read, and which of its
  // statements to check (all when not said).
  const runs: [string, string[], () => Promise<unknown>, ((sql: string) => boolean)?][] = [
    ['street inbox', ['ix_assignment_street_created'], () => assignments.list(tx, s, { limit: 20 })],
    [
      'street inbox, by state',
      ['ix_assignment_street_state_created'],
      () => assignments.list(tx, s, { state: 'in_progress', limit: 20 }),
    ],
    [
      'street inbox, overdue only',
      ['ix_assignment_open_due_street'],
      () => assignments.list(tx, s, { overdue: true, limit: 20 }),
    ],
    [
      'street inbox, by due date',
      ['ix_assignment_street_due'],
      () => assignments.list(tx, s, { sort: 'dueAt', limit: 20 }),
    ],
    [
      'department assignments',
      ['ix_assignment_submitter_created'],
      () => assignments.list(tx, d, { limit: 20 }),
    ],
    [
      'department assignments, by state',
      ['ix_assignment_submitter_state_created'],
      () => assignments.list(tx, d, { state: 'completed', limit: 20 }),
    ],
    [
      'department assignments, by due date',
      ['ix_assignment_submitter_due'],
      () => assignments.list(tx, d, { sort: '-dueAt', limit: 20 }),
    ],
    ['department tasks', ['ix_task_submitter_created'], () => tasks.listTasks(tx, d, { limit: 20 })],
    [
      'department tasks, by state',
      ['ix_assignment_submitter_state_task'],
      () => tasks.listTasks(tx, d, { state: 'in_progress', limit: 20 }),
    ],
    ['review queue', ['ix_assignment_state_created'], () => cases.reviewQueue(tx, { open: true, limit: 20 })],
    ['dispute queue', ['ix_dispute_state_created'], () => cases.disputes(tx, { state: 'open', limit: 20 })],
    // The board and its counts are one statement; each part is checked for its own index. The counts
    // read the tally (a few hundred rows) and two correction ranges of small indexes.
    ['overdue board', ['ix_deadline_open_due'], () => deadlines.overdueBoard(tx, now, { limit: 20 })],
    ['overdue counts', ['ix_deadline_open_unmarked'], () => deadlines.overdueBoard(tx, now, { limit: 20 })],
    [
      'overdue board, by kind',
      ['ix_deadline_open_kind_due', 'ix_deadline_open_due'],
      () => deadlines.overdueBoard(tx, now, { kind, limit: 20 }),
    ],
    [
      'overdue counts, by kind',
      ['ix_deadline_open_unmarked'],
      () => deadlines.overdueBoard(tx, now, { kind, limit: 20 }),
    ],
    [
      'overdue board, by organisation',
      ['ix_deadline_owner_open'],
      () => deadlines.overdueBoard(tx, now, { orgCode: street, limit: 20 }),
    ],
    // The inbox's first statement holds its unread count, checked for each part's index (a second
    // statement, for older months when the recent ones do not fill the page, holds no count).
    ['notifications', ['ix_notification_org_created'], () => notes.list(tx, street, { limit: 20 })],
    [
      'unread count',
      ['notification_unread_pkey'],
      () => notes.list(tx, street, { limit: 20 }),
      (sql) => sql.includes('notification_unread'),
    ],
    // The detail is one statement; each of its parts is checked for its own index.
    ['assignment detail', ['assignment_pkey'], () => details.find(tx, asg, s)],
    ['assignment detail: timeline', ['uq_audit_event_aggregate_seq'], () => details.find(tx, asg, s)],
    ['assignment detail: deadlines', ['uq_deadline_assignment_kind'], () => details.find(tx, asg, s)],
    ['assignment detail: extensions', ['ix_extension_assignment'], () => details.find(tx, asg, s)],
  ];
  const out: ReadStatement[] = [];
  for (const [name, index, run, which = () => true] of runs) {
    captured.length = 0;
    // The statement is captured when issued; reading its (empty) result may throw, which is no matter.
    await run().catch(() => undefined);
    for (const q of captured) if (which(q.sql)) out.push({ name, index, ...q });
  }
  return out;
}

/**
 * The plan of a statement as text, with each partition's index named by its partitioned parent
 * (`notification_p2026_11_org_code_created_at_id_idx` → `ix_notification_org_created`).
 */
export async function planOf(
  db: Client,
  st: ReadStatement,
  options = 'COSTS OFF',
  generic = false,
): Promise<string> {
  // A statement the API plans on every call has no generic plan to show.
  const plan = (
    generic && isPreparedRead(st.sql)
      ? await genericPlan(db, st, options)
      : await db.query(`EXPLAIN (${options}) ${st.sql}`, st.params)
  ).rows
    .map((r) => r['QUERY PLAN'])
    .join('\n');
  const parents: { child: string; parent: string }[] = (
    await db.query(`SELECT c.relname AS child, p.relname AS parent FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE c.relkind = 'i'`)
  ).rows;
  const byChild = new Map(parents.map((r) => [r.child, r.parent]));
  return plan.replace(/(?<= (?:using|on) )(\w+)/g, (name) => byChild.get(name) ?? name);
}

/**
 * The plan PostgreSQL keeps for the statement once prepared (the API sends reads as named prepared
 * statements, and after five executions the generic plan is used when it costs no more): the plan
 * for parameters not known in advance, which PostgreSQL 15 shows only through PREPARE.
 */
async function genericPlan(db: Client, st: ReadStatement, options: string) {
  await db.query(`PREPARE dg_explain AS ${st.sql}`);
  try {
    await db.query(`SET plan_cache_mode = force_generic_plan`);
    // EXPLAIN takes no bind parameters: the values go in as literals, in their text form.
    const text = (v: unknown): string =>
      v instanceof Date
        ? v.toISOString()
        : Array.isArray(v)
          ? `{${v.map((e) => `"${String(e).replace(/["\\]/g, '\\$&')}"`).join(',')}}`
          : String(v);
    const args = st.params
      .map((v) => (v === null || v === undefined ? 'NULL' : db.escapeLiteral(text(v))))
      .join(', ');
    return await db.query(`EXPLAIN (${options}) EXECUTE dg_explain${args ? `(${args})` : ''}`);
  } finally {
    await db.query(`RESET plan_cache_mode; DEALLOCATE dg_explain`);
  }
}

/**
 * The reads that PostgreSQL plans on every execution although the API sends them as named prepared
 * statements: after eight executions on one connection (five custom plans, then its choice) no
 * generic plan was used. Reads marked PLANNED_PER_CALL, sent unnamed, are not looked at.
 */
export async function readsPlannedEveryCall(db: Client, statements: ReadStatement[]): Promise<string[]> {
  const stuck: string[] = [];
  for (const [i, st] of statements.filter((s) => isPreparedRead(s.sql)).entries()) {
    const name = `dg_plan_check_${i}`;
    for (let k = 0; k < 8; k++) await db.query({ name, text: st.sql, values: st.params });
    const kept = await db.query(`SELECT generic_plans FROM pg_prepared_statements WHERE name = $1`, [name]);
    if (!(Number(kept.rows[0].generic_plans) > 0) && !stuck.includes(st.name)) stuck.push(st.name);
    await db.query(`DEALLOCATE ${name}`);
  }
  return stuck;
}
