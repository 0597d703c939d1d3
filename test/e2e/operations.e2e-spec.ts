import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { API, PROJECT_ROOT } from '../support/env';
import { Harness } from '../support/harness';

const run = promisify(execFile);

const basic = (user: string, password = 'dutygate-demo') => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

describe('operations: health, metrics, OpenAPI, queue dashboard, calendar', () => {
  const h = new Harness();
  beforeAll(() => h.start({ worker: 'in-api' }));
  afterAll(() => h.stop());

  it('reports every dependency on /health', async () => {
    const r = await h.request('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    expect(r.body.checks.postgres.status).toBe('up');
    expect(r.body.checks.redis.status).toBe('up');
    expect(Object.keys(r.body.checks.queues)).toEqual(expect.arrayContaining(['status']));
    expect(['up', 'warn']).toContain(r.body.checks.calendar.status);
  });

  it('serves Prometheus metrics and the OpenAPI document', async () => {
    const m = await fetch(`${h.baseUrl}/metrics`);
    expect(m.status).toBe(200);
    expect(await m.text()).toContain('dutygate_process_cpu_user_seconds_total');
    const d = await h.request('GET', '/docs-json');
    expect(d.status).toBe(200);
    expect(Object.keys(d.body.paths)).toEqual(
      expect.arrayContaining(['/api/tasks', '/api/assignments/{id}/sign', '/api/supervision/overdue']),
    );
  });

  it('shows the queue dashboard to admins only', async () => {
    const none = await fetch(`${h.baseUrl}/admin/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await fetch(`${h.baseUrl}/admin/queues`, { headers: basic('admin', 'wrong') })).status).toBe(401);
    // A non-admin's right password is answered like a wrong one (issue 6, class 6): it reveals nothing.
    expect((await fetch(`${h.baseUrl}/admin/queues`, { headers: basic('ZJJ') })).status).toBe(401);
    const page = await fetch(`${h.baseUrl}/admin/queues`, { headers: basic('admin') });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/html/);
    const queues = await fetch(`${h.baseUrl}/admin/queues/api/queues`, { headers: basic('admin') });
    const names = ((await queues.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['assessment', 'deadlines', 'notifications', 'routing']);
  });

  it('accepts the summons kind on the overdue board (no summons deadlines exist yet) and refuses unknown kinds', async () => {
    const r = await h.request('GET', '/api/supervision/overdue?kind=summons', { as: 'ZFB' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ items: [], nextCursor: null, counts: [] });
    expect((await h.request('GET', '/api/supervision/overdue?kind=whistle', { as: 'ZFB' })).status).toBe(400);
    expect((await h.request('GET', '/api/supervision/overdue', { as: 'D1-S01' })).status).toBe(403);
  });

  it('lists working days with overrides, which only an admin may set', async () => {
    const r = await h.request('GET', '/api/calendar/workdays?from=2026-09-30&to=2026-10-11', {
      as: 'D1-S01',
    });
    expect(r.status).toBe(200);
    const workdays = r.body.days
      .filter((d: { workday: boolean }) => d.workday)
      .map((d: { date: string }) => d.date);
    expect(workdays).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
    const body = { overrides: [{ date: '2026-10-09', workday: false, note: '区级调休' }] };
    expect((await h.request('PUT', '/api/calendar/overrides', { as: 'WBB', body })).status).toBe(403);
    const put = await h.request('PUT', '/api/calendar/overrides', { as: 'admin', body });
    expect(put.status).toBe(200);
    const after = await h.request('GET', '/api/calendar/workdays?from=2026-10-08&to=2026-10-10', {
      as: 'D1-S01',
    });
    expect(after.body.days).toEqual([
      { date: '2026-10-08', workday: true, override: false },
      { date: '2026-10-09', workday: false, override: true },
      { date: '2026-10-10', workday: true, override: false },
    ]);
    const bad = await h.request('PUT', '/api/calendar/overrides', {
      as: 'admin',
      body: { overrides: [{ date: '2026-13-01', workday: true, note: 'x' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'overrides[0].date' })]);
    expect(
      (await h.request('GET', '/api/calendar/workdays?from=2026-01-01&to=2028-01-01', { as: 'D1-S01' }))
        .status,
    ).toBe(400);
  });

  it('keeps an audit chain of each overridden day: set, changed, removed, by whom; an edit that changes nothing records nothing', async () => {
    const put = (body: unknown) => h.request('PUT', '/api/calendar/overrides', { as: 'admin', body });
    const day = '2026-11-13';
    expect((await put({ overrides: [{ date: day, workday: false, note: '街道换届选举' }] })).status).toBe(
      200,
    );
    expect((await put({ overrides: [{ date: day, workday: false, note: '街道换届选举' }] })).status).toBe(
      200,
    );
    expect((await put({ overrides: [{ date: day, workday: false, note: '换届选举(改期)' }] })).status).toBe(
      200,
    );
    // Removing a day that has no override records nothing either.
    expect((await put({ overrides: [], remove: [day, '2026-11-16'] })).status).toBe(200);
    expect((await put({ overrides: [], remove: [day] })).status).toBe(200);
    // A refused edit (one day twice) writes neither the calendar nor its trail.
    const twice = await put({
      overrides: [
        { date: day, workday: true, note: 'a' },
        { date: day, workday: false, note: 'b' },
      ],
    });
    expect(twice.status).toBe(400);

    const history = await h.request('GET', `/api/calendar/overrides/${day}/history`, { as: 'D1-S01' });
    expect(history.status).toBe(200);
    const admin = (await h.db.query(`SELECT id FROM app_user WHERE username = 'admin'`)).rows[0].id;
    expect(
      history.body.map((e: any) => [
        e.aggregateType,
        e.aggregateId,
        e.seq,
        e.action,
        e.fromState,
        e.toState,
        e.actorId,
        e.payload,
      ]),
    ).toEqual([
      [
        'calendar',
        day,
        1,
        'calendar_override_set',
        null,
        'day_off',
        admin,
        { workday: false, note: '街道换届选举' },
      ],
      [
        'calendar',
        day,
        2,
        'calendar_override_set',
        'day_off',
        'day_off',
        admin,
        { workday: false, note: '换届选举(改期)', previous: { workday: false, note: '街道换届选举' } },
      ],
      [
        'calendar',
        day,
        3,
        'calendar_override_removed',
        'day_off',
        null,
        admin,
        { workday: false, note: '换届选举(改期)' },
      ],
    ]);
    const untouched = await h.request('GET', '/api/calendar/overrides/2026-11-16/history', { as: 'admin' });
    expect(untouched.status).toBe(200);
    expect(untouched.body).toEqual([]);
    for (const bad of ['2026-02-30', 'yesterday', '1999-01-01'])
      expect((await h.request('GET', `/api/calendar/overrides/${bad}/history`, { as: 'admin' })).status).toBe(
        404,
      );
    expect((await h.request('GET', '/api/audit/verify', { as: 'admin' })).body).toMatchObject({ ok: true });
  });
});

describe('production guards and login rate limiting', () => {
  const h = new Harness({ LOGIN_RATE_LIMIT: '3' });
  beforeAll(() => h.start({ worker: 'in-api' }));
  afterAll(() => h.stop());

  it('answers 429 with the error body once a client exceeds the login limit', async () => {
    const attempts = [];
    for (let i = 0; i < 4; i++)
      attempts.push(
        await h.request('POST', '/api/auth/login', { body: { username: 'ZJJ', password: 'wrong' } }),
      );
    expect(attempts.slice(0, 3).map((r) => r.status)).toEqual([401, 401, 401]);
    expect(attempts[3].status).toBe(429);
    expect(attempts[3].body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    // other endpoints are not limited by the login budget
    expect((await h.request('GET', '/health')).status).toBe(200);
  });

  it('refuses to seed demo users with the default password in production, and seeds nothing twice', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: h.databaseUrl,
      NODE_ENV: 'production',
      JWT_SECRET: 'a-long-production-secret-value',
      LOG_LEVEL: 'error',
    };
    delete env.SEED_PASSWORD;
    await expect(
      run('node', ['dist/apps/cli/src/seed.js'], { cwd: PROJECT_ROOT, env }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('SEED_PASSWORD'),
    });
    const users = async () => (await h.db.query(`SELECT count(*)::int AS n FROM app_user`)).rows[0].n;
    const before = await users();
    await run('node', ['dist/apps/cli/src/seed.js'], {
      cwd: PROJECT_ROOT,
      env: { ...env, SEED_PASSWORD: 'another-strong-password' },
    });
    expect(await users()).toBe(before);
  });

  it('will not start the API in production with the default JWT secret', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: h.databaseUrl,
      NODE_ENV: 'production',
      PORT: '0',
    };
    delete env.JWT_SECRET;
    await expect(run('node', [API], { cwd: PROJECT_ROOT, env, timeout: 20_000 })).rejects.toMatchObject({
      stderr: expect.stringContaining('JWT_SECRET'),
    });
  });
});
