import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { Harness } from '../support/harness';
import { validTask } from '../support/fixtures';

/** Every district of the seed: a task to all of them is 35 assignments. */
const ALL_DISTRICTS = ['D1', 'D2', 'D3', 'D4', 'D5'];
const STREETS = 35;
/** 143 tasks × 35 streets: 5,005 assignments waiting for routing when the worker starts. */
const TASKS = 143;
const GRACE_MS = 10_000;

/** Resolves with the exit code (null after a signal) and how long after `since` it came. */
function exited(
  p: ChildProcess,
  since: number,
): Promise<{ code: number | null; signal: string | null; ms: number }> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null)
      return resolve({ code: p.exitCode, signal: p.signalCode, ms: Date.now() - since });
    p.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - since }));
  });
}

/**
 * Graceful shutdown of the built processes (SIGTERM, as systemd, Docker and Kubernetes send it):
 * a worker busy routing stops taking jobs, finishes the active ones within SHUTDOWN_GRACE_MS and
 * exits, leaving no job active for a stall check to recover; a fresh worker routes the rest and
 * every assignment is decided exactly once. The API refuses new connections, finishes the request
 * in flight and exits.
 */
describe('graceful shutdown on SIGTERM', () => {
  const h = new Harness({ SHUTDOWN_GRACE_MS: String(GRACE_MS) });
  const taskIds: string[] = [];
  beforeAll(() => h.start({ worker: false }), 60_000);
  afterAll(() => h.stop());

  const decided = async (): Promise<number> =>
    (
      await h.db.query(
        `SELECT count(*)::int AS n FROM decision d JOIN assignment a ON a.id = d.assignment_id
          WHERE a.task_id = ANY($1::uuid[])`,
        [taskIds],
      )
    ).rows[0].n;

  it('a worker busy with 5,005 assignments finishes its active jobs and exits within the grace; a fresh one routes the rest, each exactly once', async () => {
    // Submitted with no worker running: every routing job waits for the worker started below.
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < TASKS; i = next++) {
          const r = await h.request('POST', '/api/tasks', {
            as: 'MZJ',
            body: validTask({
              title: `高龄老人走访(${i})`,
              streetCodes: undefined,
              districtCodes: ALL_DISTRICTS,
            }),
          });
          expect(r.status).toBe(201);
          expect(r.body.assignments).toHaveLength(STREETS);
          taskIds.push(r.body.id);
        }
      }),
    );
    const total = TASKS * STREETS;

    const worker = h.startWorker();
    await h.waitFor(async () => (await decided()) > 0, 30_000, 'the first decisions', 10);
    const sent = Date.now();
    worker.kill('SIGTERM');
    const exit = await exited(worker, sent);
    const atExit = await decided();
    // Clean exit (0: every active job finished, none abandoned), well within the grace, while
    // most of the work was still waiting: it was busy when told to stop.
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(GRACE_MS);
    expect(atExit).toBeGreaterThan(0);
    expect(atExit).toBeLessThan(total);

    // Nothing is left active for the stall check to recover (which took 15-20 s before): the
    // queue store shows no active routing job, and nothing more was decided after the exit.
    const health = await h.request('GET', '/health');
    expect(health.body.checks.queues.routing.active).toBe(0);
    expect(await decided()).toBe(atExit);

    // A fresh worker routes the rest at once; no assignment has two decisions or none.
    h.startWorker();
    await h.waitRouted(taskIds, 120_000);
    const wrong = await h.db.query(
      `SELECT a.id, (SELECT count(*)::int FROM decision d WHERE d.assignment_id = a.id) AS decisions
         FROM assignment a
        WHERE a.task_id = ANY($1::uuid[])
          AND (a.state = 'pending_routing' OR (SELECT count(*) FROM decision d WHERE d.assignment_id = a.id) <> 1)`,
      [taskIds],
    );
    expect(wrong.rows).toEqual([]);
    expect(await decided()).toBe(total);
  }, 240_000);

  it('the API refuses new connections, finishes the request in flight, then exits', async () => {
    const taskId = taskIds[0];
    await h.login('MZJ');
    // Hold the task table: the request below waits on the lock, in flight, inside the API.
    const locker = new Client({ connectionString: h.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE task IN ACCESS EXCLUSIVE MODE');
      const inFlight = h.request('GET', `/api/tasks/${taskId}`, { as: 'MZJ' });
      await h.waitFor(
        async () =>
          (
            await h.db.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
            )
          ).rows[0].n > 0,
        10_000,
        'the request to wait on the lock',
        20,
      );
      const api = h.api!;
      const sent = Date.now();
      api.kill('SIGTERM');
      const exit = exited(api, sent);
      // The listening socket closes at once: a new request cannot get in.
      await h.waitFor(
        async () =>
          await fetch(`${h.baseUrl}/health`).then(
            () => false,
            () => true,
          ),
        3000,
        'new connections to be refused',
        20,
      );
      expect(api.exitCode).toBeNull();
      await locker.query('ROLLBACK');
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.body.id).toBe(taskId);
      const done = await exit;
      expect({ code: done.code, signal: done.signal }).toEqual({ code: 0, signal: null });
      expect(done.ms).toBeLessThan(GRACE_MS);
    } finally {
      await locker.end();
    }
  }, 60_000);
});
