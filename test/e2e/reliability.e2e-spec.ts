import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { jobMessage } from '@app/queue';
import { Harness } from '../support/harness';
import { REDIS_URL } from '../support/env';

/**
 * Fault tests against real PostgreSQL and Redis: the worker dies with SIGKILL, or Redis loses
 * everything, in the middle of routing ~5,000 assignments. PostgreSQL is the source of truth, so
 * every assignment must still end routed, with exactly one decision and one `routed` event.
 *
 * "Redis loses everything" deletes this run's queue prefix only (the Redis server is shared).
 */
const TASKS = 143;
const STREETS = 35;
const TOTAL = TASKS * STREETS; // 5,005 assignments
/** Routing jobs one worker runs at once, so at most this many tasks are in flight at a fault. */
const CONCURRENCY = 8;
/**
 * Bound on routing after a fault. A crashed worker's jobs come back once their BullMQ lock lapses
 * and the stalled check runs (~20 s with the routing worker's settings; 60-90 s with BullMQ's
 * defaults); lost jobs come back with the next sweep (ROUTING_SWEEP_MS).
 */
const RECOVERY_MS = 45_000;

describe('routing survives faults', () => {
  const h = new Harness({
    OUTBOX_POLL_MS: '200',
    ROUTING_SWEEP_MS: '1000',
    ROUTING_CONCURRENCY: String(CONCURRENCY),
  });
  let worker: ChildProcess | undefined;
  beforeAll(() => h.start({ worker: false }));
  afterAll(() => h.stop());

  /** Submits TASKS tasks, each fanned out to all 35 streets, a few at a time; returns their ids. */
  async function submitAll(label: string): Promise<string[]> {
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < TASKS) {
          const i = next++;
          const r = await h.request('POST', '/api/tasks', {
            as: 'MZJ',
            body: {
              title: `${label} 养老服务补贴核查 #${i}`,
              districtCodes: ['D1', 'D2', 'D3', 'D4', 'D5'],
              matterCode: 'MZ-01',
              actionType: 'service_delivery',
              deadlineWorkingDays: 10,
            },
          });
          if (r.status !== 201) throw new Error(`submit #${i}: ${r.status} ${JSON.stringify(r.body)}`);
          expect(r.body.assignments).toHaveLength(STREETS);
          ids.push(r.body.id);
        }
      }),
    );
    return ids;
  }

  async function routedCount(taskIds: string[]): Promise<number> {
    const r = await h.db.query(
      `SELECT count(*)::int AS n FROM assignment WHERE task_id = ANY($1) AND state <> 'pending_routing'`,
      [taskIds],
    );
    return r.rows[0].n;
  }

  /** Polls tightly until routing has started but is far from done; returns the count seen. */
  async function waitMidRouting(taskIds: string[]): Promise<number> {
    let seen = 0;
    await h.waitFor(
      async () => {
        seen = await routedCount(taskIds);
        if (seen === TOTAL) throw new Error('routing finished before the fault could be injected');
        return seen >= STREETS * 5;
      },
      60_000,
      'routing to start',
      10,
    );
    return seen;
  }

  /** The outcome PostgreSQL must hold once routing is over, however it was interrupted. */
  async function expectEachRoutedOnce(taskIds: string[]): Promise<void> {
    const r = await h.db.query(
      `SELECT a.state, d.outcome, a.role,
              (SELECT count(*) FROM decision x WHERE x.assignment_id = a.id)::int AS decisions,
              (SELECT count(*) FROM audit_event e
                WHERE e.aggregate_type = 'assignment' AND e.aggregate_id = a.id::text AND e.action = 'routed')::int AS routed
         FROM assignment a LEFT JOIN decision d ON d.assignment_id = a.id
        WHERE a.task_id = ANY($1)`,
      [taskIds],
    );
    expect(r.rows).toHaveLength(TOTAL);
    const tally = new Map<string, number>();
    for (const row of r.rows) {
      const key = JSON.stringify(row);
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    // One line per distinct shape: any stray state, missing or doubled decision shows up here.
    expect(Object.fromEntries(tally)).toEqual({
      [JSON.stringify({
        state: 'awaiting_signoff',
        outcome: 'admit',
        role: 'lead',
        decisions: 1,
        routed: 1,
      })]: TOTAL,
    });
  }

  /** This DutyGate's routing queue, as BullMQ reads it from Redis; close it after use. */
  function routingQueue(): Queue {
    const u = new URL(REDIS_URL);
    return new Queue('routing', {
      connection: { host: u.hostname, port: Number(u.port || 6379) },
      prefix: h.queuePrefix,
    });
  }

  async function routingJobCounts(): Promise<Record<string, number>> {
    const q = routingQueue();
    try {
      return await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    } finally {
      await q.close();
    }
  }

  it('routes every assignment exactly once after the worker is killed with SIGKILL mid-routing', async () => {
    const ids = await submitAll('kill');
    expect(await routedCount(ids)).toBe(0);

    worker = h.startWorker();
    await waitMidRouting(ids);
    await h.killWorker(worker);
    expect(worker.signalCode).toBe('SIGKILL');

    // The crash really hit mid-routing: some assignments routed, others still pending, and the
    // routing work of the rest still sitting in Redis (queued, or held by the dead worker).
    // A COMMIT the worker sent just before dying may still land: let PostgreSQL settle first.
    await new Promise((r) => setTimeout(r, 500));
    const atCrash = await routedCount(ids);
    expect(atCrash).toBeGreaterThan(0);
    expect(atCrash).toBeLessThan(TOTAL);
    const jobs = await routingJobCounts();
    expect(jobs.waiting + jobs.active + jobs.delayed).toBeGreaterThan(0);
    // Nothing moves while no worker runs.
    await new Promise((r) => setTimeout(r, 500));
    expect(await routedCount(ids)).toBe(atCrash);

    worker = h.startWorker();
    await h.waitRouted(ids, RECOVERY_MS);
    await expectEachRoutedOnce(ids);

    const v = await h.request('GET', '/api/audit/verify', { as: 'WBB' });
    expect(v.status).toBe(200);
    expect(v.body.ok).toBe(true);
    // Per task: submitted + 35 created + 35 routed; the audit chain covers all of them.
    expect(v.body.events).toBeGreaterThanOrEqual(TASKS * (1 + 2 * STREETS));
  });

  it('routes every assignment exactly once after Redis loses every key mid-routing', async () => {
    // Stop the worker so the next batch piles up in the outbox, then let a fresh one start on it.
    if (worker) await h.killWorker(worker);
    const ids = await submitAll('flush');
    expect(await routedCount(ids)).toBe(0);

    worker = h.startWorker();
    await waitMidRouting(ids);
    expect(await h.loseRedis()).toBeGreaterThan(0);
    // More was pending than the worker could hold in flight: the jobs of the rest existed only in
    // Redis (waiting), and are gone now.
    const atFlush = await routedCount(ids);
    expect(TOTAL - atFlush).toBeGreaterThan(CONCURRENCY * STREETS);

    await h.waitRouted(ids, RECOVERY_MS);
    await expectEachRoutedOnce(ids);
    expect(worker.exitCode).toBeNull();

    const v = await h.request('GET', '/api/audit/verify', { as: 'WBB' });
    expect(v.status).toBe(200);
    expect(v.body.ok).toBe(true);
  });
  it('routes a task whose job Redis kept only in part: the sweep replaces the job, which no retry could run', async () => {
    // Keys lost one by one (the test's deleteRedisPrefix, an operator's DEL) can leave a job hash
    // without its name and data: a worker that took the id from the wait list after the hash went
    // writes a bare one back. Such a job fails every attempt as an unknown job (backing off for a
    // minute across its eight attempts), and a retry keeps it as it is.
    if (worker) await h.killWorker(worker);
    const r = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: {
        title: '残缺任务 养老服务补贴核查',
        districtCodes: ['D1'],
        matterCode: 'MZ-01',
        actionType: 'service_delivery',
        deadlineWorkingDays: 10,
      },
    });
    expect(r.status).toBe(201);
    const taskId: string = r.body.id;
    const streets = r.body.assignments.length;
    expect(streets).toBeGreaterThan(0);

    // The job the outbox relay would add, added first, then damaged as above.
    const [{ round }] = (
      await h.db.query(`SELECT DISTINCT routing_round AS round FROM assignment WHERE task_id = $1`, [taskId])
    ).rows;
    const m = jobMessage('route-task', { taskId, round });
    expect(m.queue).toBe('routing');
    const q = routingQueue();
    const redis = new Redis(REDIS_URL);
    try {
      await q.add(m.jobName, m.payload, { jobId: m.jobId });
      expect(await redis.hdel(`${h.queuePrefix}:${m.queue}:${m.jobId}`, 'name', 'data')).toBe(2);
      expect((await q.getJob(m.jobId))?.name).toBeUndefined();
    } finally {
      redis.disconnect();
      await q.close();
    }

    worker = h.startWorker();
    // Well before the damaged job's own attempts would run out: the sweep (every second) replaces it.
    await h.waitRouted([taskId], 20_000);
    const rows = await h.db.query(
      `SELECT a.state, (SELECT count(*) FROM decision d WHERE d.assignment_id = a.id)::int AS decisions
         FROM assignment a WHERE a.task_id = $1`,
      [taskId],
    );
    expect(rows.rows).toEqual(Array(streets).fill({ state: 'awaiting_signoff', decisions: 1 }));
  });
});
