import { Client } from 'pg';
import {
  AssignmentRepository,
  AuditRepository,
  CaseRepository,
  DeadlineRepository,
  NotificationRepository,
  TaskRepository,
  type Tx,
} from '@app/persistence';

/**
 * `node dist/test/bench/explain-reads.js <database url> [filter]`: EXPLAIN (ANALYZE, BUFFERS) of
 * every statement behind the scale bench's reads, built by the repositories themselves, for the
 * busiest street and department of the database. What docs/architecture.md's scale section cites.
 */
async function main(): Promise<void> {
  const [url, filter] = process.argv.slice(2);
  const db = new Client({ connectionString: url });
  await db.connect();
  const clock = { now: () => new Date() };
  let label = '';
  const tx: Tx = {
    query: async (sql: string, params?: unknown[]) => {
      const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
      console.log(`\n=== ${label}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      return [];
    },
  } as Tx;
  const one = async (sql: string) => (await db.query(sql)).rows[0]?.v;
  const street = await one(
    `SELECT street_code AS v FROM assignment GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  const dept = await one(`SELECT submitter_code AS v FROM task GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  const asg = await one(
    `SELECT aggregate_id AS v FROM audit_event WHERE aggregate_type = 'assignment' AND seq = 5 LIMIT 1`,
  );
  const s = { kind: 'street' as const, orgCode: street };
  const d = { kind: 'department' as const, orgCode: dept };
  const assignments = new AssignmentRepository(clock);
  const tasks = new TaskRepository(clock);
  const cases = new CaseRepository(clock);
  const deadlines = new DeadlineRepository(clock);
  const notes = new NotificationRepository(clock);
  const audit = new AuditRepository(clock);
  const now = new Date();
  const runs: [string, () => Promise<unknown>][] = [
    ['street inbox', () => assignments.list(tx, s, { limit: 20 })],
    ['street inbox, by state', () => assignments.list(tx, s, { state: 'in_progress', limit: 20 })],
    ['street inbox, overdue only', () => assignments.list(tx, s, { overdue: true, limit: 20 })],
    ['department assignments', () => assignments.list(tx, d, { limit: 20 })],
    ['department assignments, by state', () => assignments.list(tx, d, { state: 'completed', limit: 20 })],
    ['department tasks', () => tasks.listTasks(tx, d, { limit: 20 })],
    ['department tasks, by state', () => tasks.listTasks(tx, d, { state: 'in_progress', limit: 20 })],
    ['review queue', () => cases.reviewQueue(tx, { open: true, limit: 20 })],
    ['dispute queue', () => cases.disputes(tx, { state: 'open', limit: 20 })],
    ['overdue board', () => deadlines.overdue(tx, now, { limit: 20 })],
    ['overdue counts', () => deadlines.overdueCounts(tx, now, {})],
    ['overdue board, by kind', () => deadlines.overdue(tx, now, { kind: 'completion', limit: 20 })],
    ['overdue counts, by kind', () => deadlines.overdueCounts(tx, now, { kind: 'completion' })],
    ['overdue board, by organisation', () => deadlines.overdue(tx, now, { orgCode: street, limit: 20 })],
    ['notifications', () => notes.list(tx, street, { limit: 20 })],
    ['unread count', () => notes.unreadCount(tx, street)],
    ['assignment detail', () => assignments.find(tx, asg, s)],
    ['timeline', () => audit.list(tx, 'assignment', asg)],
    ['deadlines of the assignment', () => deadlines.ofAssignment(tx, asg)],
  ];
  console.log(`street ${street}, department ${dept}, assignment ${asg}`);
  for (const [name, run] of runs) {
    if (filter && !name.includes(filter)) continue;
    label = name;
    await run().catch((e) => console.log(`=== ${name}: ${e.message}`));
  }
  await db.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
