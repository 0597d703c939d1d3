import { Queue } from 'bullmq';
import type { Client } from 'pg';
import { REDIS_URL } from '../support/env';
import { Harness } from '../support/harness';
import type { Cleanup } from './cleanup';
import type { BenchOptions } from './options';

/** Streets per fixture task, as in the seed. */
const STREETS = 35;

export interface DeadlineBenchResult {
  deadlines: number;
  burstWindowS: number;
  firingLagMs: { p50: number; p99: number; max: number };
  fireRatePerS: number;
  rearm: { deadlines: number; buckets: number; afterKeysLostMs: number };
  targets: { lagP99Ms: number; rearmMs: number };
  met: { lag: boolean; rearm: boolean };
}

/**
 * Creates `n` assignments with an open sign-for deadline each whose `urge` step (due time) falls
 * in [start, start + windowS) — the same rows the workflow writes — and arms their wake-ups
 * through the outbox as DeadlineService does. Returns the fixture's tag.
 */
async function createPendingDeadlines(
  db: Client,
  n: number,
  start: Date,
  windowS: number,
  tag: string,
): Promise<number> {
  const tasks = Math.ceil(n / STREETS);
  await db.query('BEGIN');
  await db.query(
    `CREATE TEMP TABLE bench_a ON COMMIT DROP AS
     WITH t AS (
       INSERT INTO task (id, submitter_code, created_by, title, description, matter_code, action_type, temporary, due_at, urgent,
                         demands, list_version_id)
       SELECT gen_random_uuid(), 'MZJ', (SELECT id FROM app_user WHERE username = 'MZJ'), $1 || g, '', 'MZ-01', 'service_delivery',
              false, now() + interval '60 days', false, '{}', (SELECT id FROM list_version WHERE version = '2025.1')
         FROM generate_series(1, $2::int) g RETURNING id)
     SELECT gen_random_uuid() AS id, t.id AS task_id, s.code AS street, row_number() OVER () AS n
       FROM t CROSS JOIN (SELECT code FROM organisation WHERE kind = 'street' ORDER BY code LIMIT ${STREETS}) s`,
    [tag, tasks],
  );
  await db.query(`DELETE FROM bench_a WHERE n > $1`, [n]);
  await db.query(
    `INSERT INTO assignment (id, task_id, street_code, state, role, due_at, sign_due_at)
     SELECT id, task_id, street, 'awaiting_signoff', 'lead', now() + interval '60 days',
            $1::timestamptz + make_interval(secs => (n - 1) * $2::float8 / $3) FROM bench_a`,
    [start, windowS, n],
  );
  await db.query(
    `INSERT INTO deadline (assignment_id, kind, owner_org, state, starts_at, due_at)
     SELECT id, 'signoff', street_code, 'open', now() - interval '1 hour', sign_due_at FROM assignment WHERE id IN (SELECT id FROM bench_a)`,
  );
  await db.query(
    `INSERT INTO escalation_step (deadline_id, step, fire_at, fired_at)
     SELECT d.id, s.step, CASE s.step WHEN 'remind' THEN d.due_at - interval '10 minutes' WHEN 'urge' THEN d.due_at
                                      ELSE d.due_at + interval '1 day' END,
            CASE s.step WHEN 'remind' THEN now() END
       FROM deadline d JOIN bench_a a ON a.id = d.assignment_id
      CROSS JOIN (VALUES ('remind'), ('urge'), ('supervise'), ('notice')) s(step)`,
  );
  const buckets = await db.query(
    `INSERT INTO outbox (queue, job_name, job_id, payload, run_at)
     SELECT DISTINCT 'deadlines', 'fire-due-steps', 'fire_' || b, jsonb_build_object('bucket', b), to_timestamp(b)
       FROM (SELECT ceil(extract(epoch FROM d.due_at))::bigint AS b FROM deadline d JOIN bench_a a ON a.id = d.assignment_id) x
     RETURNING id`,
  );
  await db.query(`SELECT pg_notify('dutygate_outbox', '')`);
  await db.query('COMMIT');
  return buckets.rowCount ?? 0;
}

/**
 * Deadline bench (issue 3): `n` pending deadlines coming due in a burst — firing lag p50/p99 of
 * their due-time step — and the time to re-arm every wake-up after Redis loses its keys. Needs a
 * started Harness (API and worker) whose worker runs with the default sweep settings.
 */
export async function benchDeadlines(
  h: Harness,
  redisUrl: string,
  n = 100_000,
  windowS = 10,
): Promise<DeadlineBenchResult> {
  const db = h.db;
  // 1. Firing lag: due times spread over `windowS` seconds, starting once the fixture is in place.
  const start = new Date(Date.now() + 15_000 + n / 20);
  await createPendingDeadlines(db, n, start, windowS, 'bench-burst-');
  const pending = async () =>
    (
      await db.query(
        `SELECT count(*)::int AS c FROM escalation_step WHERE step = 'urge' AND fired_at IS NULL`,
      )
    ).rows[0].c as number;
  await h.waitFor(async () => (await pending()) === 0, (windowS + 300) * 1000, 'the burst to fire', 250);
  const lag = await db.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
            max(ms) AS max, extract(epoch FROM max(fired_at) - min(fire_at)) AS span
       FROM (SELECT extract(epoch FROM fired_at - fire_at) * 1000 AS ms, fired_at, fire_at FROM escalation_step WHERE step = 'urge') x`,
  );
  const l = lag.rows[0];

  // 2. Re-arm after a Redis loss: a second batch due later, armed; then Redis loses everything.
  const queue = new Queue('deadlines', {
    connection: { url: redisUrl, maxRetriesPerRequest: null } as never,
    prefix: h.queuePrefix,
  });
  const rearmStart = new Date(Date.now() + 120_000);
  const buckets = await createPendingDeadlines(db, n, rearmStart, 300, 'bench-rearm-');
  await h.waitFor(async () => (await queue.getDelayedCount()) >= buckets, 60_000, 'the wake-ups to be armed');
  await h.loseRedis();
  const keysLostAt = Date.now();
  await h.waitFor(
    async () => (await queue.getDelayedCount()) >= buckets,
    120_000,
    're-arming after the Redis loss',
    100,
  );
  const rearmMs = Date.now() - keysLostAt;
  await db.query(`UPDATE deadline SET state = 'cancelled' WHERE state = 'open'`);
  await queue.close();

  const result: DeadlineBenchResult = {
    deadlines: n,
    burstWindowS: windowS,
    firingLagMs: {
      p50: Math.round(Number(l.p50)),
      p99: Math.round(Number(l.p99)),
      max: Math.round(Number(l.max)),
    },
    fireRatePerS: Math.round(n / Math.max(Number(l.span), windowS)),
    rearm: { deadlines: n, buckets, afterKeysLostMs: rearmMs },
    targets: { lagP99Ms: 2000, rearmMs: 60_000 },
    met: { lag: Number(l.p99) < 2000, rearm: rearmMs < 60_000 },
  };
  return result;
}

/** Phase 3: a fresh system with production settings (sweep every minute) for the deadline bench. */
export async function benchDeadlinePhase(opts: BenchOptions, cleanup: Cleanup): Promise<DeadlineBenchResult> {
  // Empty values: the production defaults rather than the tests' faster polling and sweeps.
  const h = new Harness({
    OUTBOX_POLL_MS: '',
    ROUTING_SWEEP_MS: '',
    ESCALATION_SWEEP_MS: '',
    ESCALATION_HORIZON_MS: '',
  });
  const stop = cleanup.add('deadline processes and database', () => h.stop());
  console.error(`bench: deadlines — ${opts.deadlines} due within ${opts.deadlineWindow} s, on ${h.dbName}`);
  await h.start();
  const result = await benchDeadlines(h, REDIS_URL, opts.deadlines, opts.deadlineWindow);
  await stop();
  return result;
}
