import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness } from '../support/harness';
import { PROJECT_ROOT } from '../support/env';
import { Cleanup } from './cleanup';
import type { BenchOptions } from './options';
import { percentile, round } from './stats';

/** Every district: the task fans out to all 35 streets of the seed. */
const ALL_DISTRICTS = ['D1', 'D2', 'D3', 'D4', 'D5'];
const STREETS = 35;
/** The reviewer of the seed (编办), allowed to verify the audit chains. */
const REVIEWER = 'WBB';

export interface RoutingResult {
  tasks: number;
  assignments: number;
  /** First task's created_at to the last decision's decided_at, both from PostgreSQL. */
  windowMs: number;
  assignmentsPerSecond: number;
  /** Per assignment: decision.decided_at − task.created_at. */
  latencyMs: { p50: number; p99: number; max: number };
  /**
   * WAL written from the first submission to the last decision, per routed assignment (the LSN's
   * advance: every process of the cluster, which while routing is timed are this harness's). What
   * grows at a million is the pages logged whole after the checkpoint (docs/scaling.md).
   */
  walBytesPerAssignment: number;
  submit: { elapsedMs: number; tasksPerSecond: number; httpLatencyMs: { p50: number; p99: number } };
  checks: { oneDecisionPerAssignment: boolean; auditChainsIntact: boolean; auditEvents: number };
}

interface Submission {
  submitter: string;
  body: Record<string, unknown>;
}

/** The sample tasks (every rule of the default table), each addressed to all districts instead of one street. */
function submissions(): Submission[] {
  return readFileSync(join(PROJECT_ROOT, 'config/seed/sample_tasks.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const {
        submitter,
        ref: _ref,
        expected: _expected,
        reason: _reason,
        streetCodes: _streets,
        ...body
      } = JSON.parse(line);
      return { submitter, body: { ...body, districtCodes: ALL_DISTRICTS } };
    });
}

/**
 * Submits `count` tasks through the HTTP API from `clients` concurrent clients; returns their ids
 * and the client-side latency of each POST.
 */
async function submitAll(
  h: Harness,
  samples: Submission[],
  count: number,
  clients: number,
  label: string,
): Promise<{ ids: string[]; httpMs: number[] }> {
  const ids: string[] = [];
  const httpMs: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < count; i = next++) {
        const s = samples[i % samples.length];
        const started = performance.now();
        const r = await h.request('POST', '/api/tasks', {
          as: s.submitter,
          body: { ...s.body, title: `${s.body.title} (${label} ${i})` },
        });
        httpMs.push(performance.now() - started);
        if (r.status !== 201 || r.body.assignments?.length !== STREETS)
          throw new Error(`submission ${i} failed: ${r.status} ${JSON.stringify(r.body)}`);
        ids.push(r.body.id);
      }
    }),
  );
  return { ids, httpMs };
}

async function decidedCount(h: Harness, taskIds: string[]): Promise<number> {
  const r = await h.db.query(
    `SELECT count(*)::int AS n FROM decision d JOIN assignment a ON a.id = d.assignment_id
      WHERE a.task_id = ANY($1::uuid[])`,
    [taskIds],
  );
  return r.rows[0].n;
}

/**
 * A harness whose processes poll the outbox and sweep routing at the production defaults (the empty
 * values) instead of the tests' faster ones: what every routing and scale measurement runs on.
 */
export const serviceHarness = (): Harness => new Harness({ OUTBOX_POLL_MS: '', ROUTING_SWEEP_MS: '' });

/**
 * Phase 1: the real system (API and worker as separate processes, a fresh database cloned from
 * the seeded template, its own BullMQ prefix) routes `tasks` × 35 assignments submitted over HTTP.
 */
export async function benchRouting(opts: BenchOptions, cleanup: Cleanup): Promise<RoutingResult> {
  const h = serviceHarness();
  const stop = cleanup.add('routing processes and database', () => h.stop());
  console.error(`bench: starting API and ${opts.workers} worker(s) on ${h.dbName}, prefix ${h.queuePrefix}`);
  await h.start();
  for (let i = 1; i < opts.workers; i++) h.startWorker();
  const { checks, ...measured } = await measureRouting(h, opts);
  const audit = await h.request('GET', '/api/audit/verify', { as: REVIEWER });
  if (audit.status !== 200)
    throw new Error(`audit verify failed: ${audit.status} ${JSON.stringify(audit.body)}`);
  await stop();
  return {
    ...measured,
    checks: { ...checks, auditChainsIntact: audit.body.ok === true, auditEvents: audit.body.events },
  };
}

/**
 * Routing throughput on a started harness (whatever its database already holds): submits
 * `opts.tasks` fan-out tasks over HTTP after a warm-up and times them until every assignment is
 * decided. The scale bench runs it on the generated year.
 */
export async function measureRouting(
  h: Harness,
  opts: Pick<BenchOptions, 'tasks' | 'clients'>,
): Promise<Omit<RoutingResult, 'checks'> & { checks: { oneDecisionPerAssignment: boolean } }> {
  const samples = submissions();
  for (const submitter of new Set(samples.map((s) => s.submitter))) await h.login(submitter);
  await h.login(REVIEWER);
  // A checkpoint before the warm-up, at every size alike, so that none starts while the routing is timed.
  // After a checkpoint, the first change of each page writes the whole page to the WAL: cloning the
  // 5.5 GB million-row year wrote enough WAL to start checkpoints, and one falling in the timed window
  // cost the million's routing ~10 full-page images per task where the other sizes had none: 1,011–1,493
  // assignments/s against 1,397–1,566 at 10k in alternated runs. At a million each new assignment lands on
  // an old page of its own (the free-space map's choice) besides a few hundred index pages, so the pages
  // first touched after a checkpoint are many more there (docs/scaling.md); the warm-up takes the first of
  // them at every size, and `walBytesPerAssignment` shows what is left in the timed window.
  await h.db.query('CHECKPOINT');

  // Warm-up: the worker is up, the list is cached and the code paths are compiled before timing.
  // A quarter of the timed tasks, at least one per client: with one per client (280 assignments),
  // the run on the empty database — always the first, in processes just started — measured start-up
  // too, and came out up to 38 % under the same code on the 10k year after its reads had warmed the API.
  const warm = await submitAll(
    h,
    samples,
    Math.max(opts.clients, Math.round(opts.tasks / 4)),
    opts.clients,
    'warm-up',
  );
  await h.waitFor(
    async () => (await decidedCount(h, warm.ids)) === warm.ids.length * STREETS,
    60_000,
    'warm-up routing',
  );
  // Planner statistics for the rows there now, at every size alike. The empty database's were those
  // of the seeded template: routing on it ran at 1,220 assignments/s, then 765 on a second batch
  // (the tables grown, the plans not), and 1,654 once analysed (2026-12-05, docs/measurements.md),
  // so the empty-database figure the scale bench compares with was the slowed one. In service
  // autovacuum analyses a table once a tenth of it has changed; here nothing waits for it.
  await h.db.query('ANALYZE');

  const assignments = opts.tasks * STREETS;
  console.error(
    `bench: submitting ${opts.tasks} tasks (${assignments} assignments) from ${opts.clients} clients`,
  );
  const walFrom = (await h.db.query(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows[0].lsn as string;
  const started = performance.now();
  const { ids, httpMs } = await submitAll(h, samples, opts.tasks, opts.clients, 'bench');
  const submitMs = performance.now() - started;
  console.error(`bench: submitted in ${Math.round(submitMs)} ms, waiting for routing`);
  await h.waitFor(
    async () => (await decidedCount(h, ids)) === assignments,
    60_000 + assignments * 20,
    'routing of every assignment',
    50,
  );
  const walBytes = Number(
    (await h.db.query(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::float8 AS b`, [walFrom]))
      .rows[0].b,
  );

  const m = await h.db.query(
    `SELECT count(*)::int AS n,
            extract(epoch FROM max(d.decided_at) - min(t.created_at)) * 1000 AS window_ms,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY lat) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY lat) AS p99,
            max(lat) AS max
       FROM decision d
       JOIN assignment a ON a.id = d.assignment_id
       JOIN task t ON t.id = a.task_id,
            LATERAL (SELECT extract(epoch FROM d.decided_at - t.created_at) * 1000 AS lat) l
      WHERE t.id = ANY($1::uuid[])`,
    [ids],
  );
  const row = m.rows[0];
  const windowMs = Number(row.window_ms);

  const wrong = await h.db.query(
    `SELECT count(*)::int AS n FROM assignment a
      WHERE a.task_id = ANY($1::uuid[])
        AND (a.state = 'pending_routing'
             OR (SELECT count(*) FROM decision d WHERE d.assignment_id = a.id AND d.routing_round = a.routing_round) <> 1)`,
    [ids],
  );
  return {
    tasks: ids.length,
    assignments: row.n,
    windowMs: round(windowMs),
    assignmentsPerSecond: round((row.n / windowMs) * 1000),
    latencyMs: { p50: round(Number(row.p50)), p99: round(Number(row.p99)), max: round(Number(row.max)) },
    walBytesPerAssignment: Math.round(walBytes / row.n),
    submit: {
      elapsedMs: round(submitMs),
      tasksPerSecond: round((ids.length / submitMs) * 1000),
      httpLatencyMs: { p50: round(percentile(httpMs, 0.5)), p99: round(percentile(httpMs, 0.99)) },
    },
    checks: { oneDecisionPerAssignment: wrong.rows[0].n === 0 && row.n === assignments },
  };
}
