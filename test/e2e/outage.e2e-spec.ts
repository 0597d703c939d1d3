import { Client } from 'pg';
import { validTask } from '../support/fixtures';
import { PG_ADMIN_URL } from '../support/env';
import { freePort, Harness } from '../support/harness';

/** What /health answers (API.md). */
interface HealthBody {
  checks: Record<string, { status: string }>;
}

/** A request that has not answered within this long is a hang (the pool waits at most 2 s). */
const REQUEST_TIMEOUT_MS = 10_000;

const dependencyDown = {
  statusCode: 503,
  code: 'DEPENDENCY_DOWN',
  message: expect.any(String),
  details: [],
};

/** A local port nothing listens on. */
const closedPort = freePort;

/**
 * PostgreSQL or Redis unavailable (issue 6, class 10): 503 DEPENDENCY_DOWN with Retry-After, never
 * 500 and never a hang, and nothing lost once the dependency is back. Only this file's own
 * database is ever cut off: `ALLOW_CONNECTIONS false` and `pg_terminate_backend` on its backends.
 */
describe('PostgreSQL lost mid-request', () => {
  const h = new Harness({ DB_CONNECT_TIMEOUT_MS: '2000' });
  let admin: Client;
  beforeAll(async () => {
    await h.start();
    admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${h.dbName} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin.end();
    await h.stop();
  });

  const timed = (method: string, path: string, opts: Parameters<Harness['request']>[2] = {}) =>
    Promise.race([
      h.request(method, path, opts),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${method} ${path} hung`)), REQUEST_TIMEOUT_MS).unref(),
      ),
    ]);

  /** Cuts this harness's database off: no new connections, every backend but the test's own killed. */
  async function cutOff(): Promise<number> {
    const own = (await h.db.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
    await admin.query(`ALTER DATABASE ${h.dbName} ALLOW_CONNECTIONS false`);
    // A connection whose start-up passed the ALLOW_CONNECTIONS check just before the ALTER committed
    // shows in pg_stat_activity only a moment later, after a first sweep (seen once in CI: one
    // request answered 200 while the database was "gone"). Sweep until three in a row find nobody.
    let killed = 0;
    let emptySweeps = 0;
    await h.waitFor(
      async () => {
        const swept = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2`,
          [h.dbName, own],
        );
        killed += swept.rowCount ?? 0;
        emptySweeps = swept.rowCount ? 0 : emptySweeps + 1;
        return emptySweeps >= 3;
      },
      10_000,
      "no backend left on the database but the test's own",
      50,
    );
    return killed;
  }

  it('answers 503 with Retry-After while the database is gone, then recovers with nothing lost', async () => {
    // Before: a routed task, and a snapshot of everything stored.
    await Promise.all(['MZJ', 'D1-S01', 'D1-S02', 'WBB', 'admin'].map((u) => h.login(u)));
    const before = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: validTask({ streetCodes: ['D1-S01', 'D1-S02'], title: '断库前提交的任务' }),
    });
    expect(before.status).toBe(201);
    await h.waitRouted([before.body.id]);
    const assignment = before.body.assignments[0];
    const detailBefore = (await h.request('GET', `/api/tasks/${before.body.id}`, { as: 'MZJ' })).body;
    const counts = async () =>
      (
        await h.db.query(
          `SELECT (SELECT count(*)::int FROM task) AS tasks, (SELECT count(*)::int FROM assignment) AS assignments,
                  (SELECT count(*)::int FROM audit_event) AS events`,
        )
      ).rows[0];
    const countsBefore = await counts();

    // In flight: a sign-for that waits on a row lock this test holds, so it is mid-transaction when
    // the backends die.
    await h.db.query('BEGIN');
    await h.db.query(`SELECT 1 FROM assignment WHERE id = $1 FOR UPDATE`, [assignment.id]);
    const version = detailBefore.assignments.find((a: { id: string }) => a.id === assignment.id).version;
    const inFlight = timed('POST', `/api/assignments/${assignment.id}/sign`, {
      as: assignment.streetCode,
      body: { version },
    });
    const inFlightReads = Array.from({ length: 8 }, () => timed('GET', '/api/tasks?limit=5', { as: 'MZJ' }));
    await h.waitFor(
      async () =>
        // Not through h.db: inside its transaction pg_stat_activity is a snapshot that never changes.
        (
          await admin.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
            [h.dbName],
          )
        ).rows[0].n > 0,
      10_000,
      'the sign-for to wait on the lock',
      20,
    );
    expect(await cutOff()).toBeGreaterThan(0);

    const signed = await inFlight;
    expect(signed.status).toBe(503);
    expect(signed.body).toEqual(dependencyDown);
    expect(signed.headers.get('retry-after')).toMatch(/^\d+$/);
    for (const r of await Promise.all(inFlightReads)) expect([200, 503]).toContain(r.status);
    await h.db.query('ROLLBACK');

    // While it stays down: every kind of request gets 503 quickly, in the caller's language.
    const started = Date.now();
    const down = await Promise.all([
      timed('GET', '/api/tasks', { as: 'MZJ' }),
      timed('GET', `/api/tasks/${before.body.id}`, { as: 'MZJ', headers: { 'accept-language': 'en' } }),
      timed('POST', '/api/tasks', { as: 'MZJ', body: validTask({ title: '断库期间提交' }) }),
      timed('GET', '/api/assignments', { as: 'D1-S01' }),
      timed('POST', '/api/auth/login', { body: { username: 'MZJ', password: 'dutygate-demo' } }),
      ...Array.from({ length: 15 }, () => timed('GET', '/api/notifications', { as: 'D1-S02' })),
    ]);
    for (const r of down) {
      expect(r.status).toBe(503);
      expect(r.body).toEqual(dependencyDown);
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
    expect(down[1].body.message).toBe('A dependency is unavailable');
    expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS);
    const health = await fetch(`${h.baseUrl}/health`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await health.json()) as HealthBody).checks.postgres.status).toBe('down');

    // Back: health, the data as it was, new work routed by the worker again.
    await admin.query(`ALTER DATABASE ${h.dbName} ALLOW_CONNECTIONS true`);
    await h.waitFor(
      async () => (await fetch(`${h.baseUrl}/health`)).status === 200,
      30_000,
      'health after the database came back',
    );
    expect(await counts()).toEqual(countsBefore);
    const detailAfter = await h.request('GET', `/api/tasks/${before.body.id}`, { as: 'MZJ' });
    expect(detailAfter.body).toEqual(detailBefore);

    const after = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: validTask({ streetCodes: ['D1-S03'], title: '恢复后提交的任务' }),
    });
    expect(after.status).toBe(201);
    await h.waitRouted([after.body.id]);
    const routed = await h.request('GET', `/api/assignments/${after.body.assignments[0].id}`, {
      as: 'D1-S03',
    });
    expect(routed.body.state).toBe('awaiting_signoff');
    const signedNow = await h.request('POST', `/api/assignments/${assignment.id}/sign`, {
      as: assignment.streetCode,
      body: { version },
    });
    expect(signedNow.status).toBe(200);
    expect(signedNow.body.state).toBe('in_progress');
    expect((await h.request('GET', '/api/audit/verify', { as: 'WBB' })).body.ok).toBe(true);
  });
});

describe('Redis unreachable', () => {
  let h: Harness;
  beforeAll(async () => {
    h = new Harness({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    await h.start({ worker: false, healthy: false });
  });
  afterAll(() => h.stop());

  it('reports itself down on /health with Retry-After', async () => {
    const r = await fetch(`${h.baseUrl}/health`);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = (await r.json()) as HealthBody;
    expect(body.checks.redis.status).toBe('down');
    expect(body.checks.postgres.status).toBe('up');
  });

  it('answers 503, not 500 or a hang, where a request needs Redis (the queue dashboard)', async () => {
    const basic = `Basic ${Buffer.from('admin:dutygate-demo').toString('base64')}`;
    for (const path of ['/admin/queues/api/queues', '/admin/queues']) {
      const started = Date.now();
      const r = await fetch(`${h.baseUrl}${path}`, {
        headers: { authorization: basic },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      expect({ path, status: r.status }).toEqual({ path, status: 503 });
      expect(await r.json()).toEqual(dependencyDown);
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });

  it('keeps taking work that needs only PostgreSQL: it waits in the outbox for Redis', async () => {
    const r = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: validTask({ title: 'Redis 断开时提交' }),
    });
    expect(r.status).toBe(201);
    const outbox = await h.db.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'taskId' = $1`, [
      r.body.id,
    ]);
    expect(outbox.rows[0].n).toBe(1);
  });
});
