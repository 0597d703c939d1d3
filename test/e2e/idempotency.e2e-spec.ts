import { randomUUID } from 'node:crypto';
import { fieldsOf, validTask } from '../support/fixtures';
import { Harness } from '../support/harness';

/** `Idempotency-Key` on `POST /api/tasks` (API.md): same key and body from the same organisation → the same task. */
describe('idempotent task submission', () => {
  const h = new Harness();
  beforeAll(() => h.start({ worker: 'in-api' }));
  afterAll(() => h.stop());

  const submit = (as: string, body: unknown, key?: string) =>
    h.request('POST', '/api/tasks', {
      as,
      body,
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });

  const count = async (sql: string, params: unknown[]) => (await h.db.query(sql, params)).rows[0].n as number;
  const tasksTitled = (title: string) =>
    count(`SELECT count(*)::int AS n FROM task WHERE title = $1`, [title]);

  it('answers a replay with 200 and the same task, assignments and nothing new stored', async () => {
    const key = randomUUID();
    const body = validTask({ title: '幂等重放测试', streetCodes: ['D1-S02', 'D1-S03'] });
    const first = await submit('MZJ', body, key);
    expect(first.status).toBe(201);
    const second = await submit('MZJ', body, key);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(
      second.body.assignments.map((a: { id: string; streetCode: string }) => [a.streetCode, a.id]),
    ).toEqual(first.body.assignments.map((a: { id: string; streetCode: string }) => [a.streetCode, a.id]));
    expect(await tasksTitled('幂等重放测试')).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM assignment WHERE task_id = $1`, [first.body.id])).toBe(
      2,
    );
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_event WHERE aggregate_type = 'task' AND aggregate_id = $1`,
        [first.body.id],
      ),
    ).toBe(1);
    // Once routed, a replay still names the same task (with the assignments' current state).
    await h.waitRouted([first.body.id], 60_000);
    const third = await submit('MZJ', body, key);
    expect(third.status).toBe(200);
    expect(third.body.id).toBe(first.body.id);
    expect(new Set(third.body.assignments.map((a: { state: string }) => a.state))).toEqual(
      new Set(['awaiting_signoff']),
    );
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const key = randomUUID();
    const body = validTask({ title: '键序无关' });
    const first = await submit('MZJ', body, key);
    expect(first.status).toBe(201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const second = await submit('MZJ', reordered, key);
    expect({ status: second.status, id: second.body.id }).toEqual({ status: 200, id: first.body.id });
  });

  it('creates exactly one task for 8 concurrent requests with one key', async () => {
    const key = randomUUID();
    const body = validTask({ title: '并发幂等', districtCodes: ['D3'], streetCodes: undefined });
    await h.login('MZJ');
    const results = await Promise.all(Array.from({ length: 8 }, () => submit('MZJ', body, key)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const id = results[0].body.id;
    expect(await tasksTitled('并发幂等')).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM assignment WHERE task_id = $1`, [id])).toBe(7);
    expect(
      await count(`SELECT count(*)::int AS n FROM idempotency_key WHERE org_code = 'MZJ' AND key = $1`, [
        key,
      ]),
    ).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'taskId' = $1`, [id])).toBe(1);
    for (const r of results) expect(r.body.assignments).toHaveLength(7);
  });

  it('answers the same key with another body with 409 IDEMPOTENCY_CONFLICT and stores nothing', async () => {
    const key = randomUUID();
    const first = await submit('MZJ', validTask({ title: '原始请求' }), key);
    expect(first.status).toBe(201);
    for (const other of [
      validTask({ title: '改过的请求' }),
      validTask({ title: '原始请求', deadlineWorkingDays: 11 }),
      validTask({ title: '原始请求', streetCodes: ['D1-S01', 'D1-S02'] }),
      validTask({ title: '原始请求', urgent: true }),
    ]) {
      const r = await submit('MZJ', other, key);
      expect(r.status).toBe(409);
      expect(r.body).toEqual({
        statusCode: 409,
        code: 'IDEMPOTENCY_CONFLICT',
        message: '该幂等键已用于另一份不同的请求',
        details: [],
      });
    }
    expect(await tasksTitled('改过的请求')).toBe(0);
    expect(await tasksTitled('原始请求')).toBe(1);
    const en = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: validTask({ title: '改过的请求' }),
      headers: { 'idempotency-key': key, 'accept-language': 'en' },
    });
    expect(en.body.message).toBe('This Idempotency-Key was already used with a different request');
    // The original is still replayable.
    const replay = await submit('MZJ', validTask({ title: '原始请求' }), key);
    expect({ status: replay.status, id: replay.body.id }).toEqual({ status: 200, id: first.body.id });
  });

  it("keeps one organisation's key independent of another's", async () => {
    const key = randomUUID();
    const body = validTask({ title: '同键不同单位' });
    const mzj = await submit('MZJ', body, key);
    const zjj = await submit('ZJJ', body, key);
    expect(mzj.status).toBe(201);
    expect(zjj.status).toBe(201);
    expect(zjj.body.id).not.toBe(mzj.body.id);
    // Another organisation's different body under the same key is no conflict either.
    const scjg = await submit('SCJG', validTask({ title: '同键不同单位 另一份' }), key);
    expect(scjg.status).toBe(201);
    const rows = await h.db.query(
      `SELECT submitter_code FROM task WHERE title LIKE '同键不同单位%' ORDER BY 1`,
    );
    expect(rows.rows.map((r) => r.submitter_code)).toEqual(['MZJ', 'SCJG', 'ZJJ']);
    // Each still replays to its own task.
    expect((await submit('ZJJ', body, key)).body.id).toBe(zjj.body.id);
    expect((await submit('MZJ', body, key)).body.id).toBe(mzj.body.id);
    const seen = await h.request('GET', `/api/tasks/${mzj.body.id}`, { as: 'ZJJ' });
    expect(seen.status).toBe(404);
  });

  it('creates a new task for each request without a key', async () => {
    const body = validTask({ title: '无幂等键' });
    const a = await submit('MZJ', body);
    const b = await submit('MZJ', body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
    expect(await tasksTitled('无幂等键')).toBe(2);
  });

  it('does not burn a key on an invalid request', async () => {
    const key = randomUUID();
    const bad = await submit('MZJ', validTask({ title: '先错后对', streetCodes: ['X9-S99'] }), key);
    expect(bad.status).toBe(400);
    const good = await submit('MZJ', validTask({ title: '先错后对' }), key);
    expect(good.status).toBe(201);
    expect(await tasksTitled('先错后对')).toBe(1);
  });

  it('refuses a malformed key with 400, named with every other bad field', async () => {
    for (const key of ['x'.repeat(129), 'has space', '']) {
      const r = await submit('MZJ', validTask({ title: '坏键' }), key);
      expect({ key, status: r.status, fields: fieldsOf(r.body) }).toEqual({
        key,
        status: 400,
        fields: ['Idempotency-Key'],
      });
    }
    const both = await submit('MZJ', validTask({ title: '', streetCodes: ['X9-S99'] }), 'has space');
    expect(fieldsOf(both.body)).toEqual(['Idempotency-Key', 'streetCodes[0]', 'title']);
    expect(await tasksTitled('坏键')).toBe(0);
  });

  it('replays a task whose dueAt has passed since: the retry gets the original, not a 400', async () => {
    const key = randomUUID();
    const body = validTask({
      title: '重放时期限已过',
      deadlineWorkingDays: undefined,
      dueAt: new Date(Date.now() + 1500).toISOString(),
    });
    const first = await submit('MZJ', body, key);
    expect(first.status).toBe(201);
    await new Promise((r) => setTimeout(r, 2000));
    const retry = await submit('MZJ', body, key);
    expect({ status: retry.status, id: retry.body.id }).toEqual({ status: 200, id: first.body.id });
    expect(await tasksTitled('重放时期限已过')).toBe(1);
  });

  it('treats an explicit null like an absent field when comparing a replay', async () => {
    const key = randomUUID();
    const first = await submit(
      'MZJ',
      validTask({ title: '空值重放', matterCode: 'MZ-01', resources: null }),
      key,
    );
    expect(first.status).toBe(201);
    const { resources: _dropped, ...withoutResources } = validTask({
      title: '空值重放',
      matterCode: 'MZ-01',
    }) as Record<string, unknown>;
    void _dropped;
    const replay = await submit('MZJ', withoutResources, key);
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(first.body.id);
    expect(await tasksTitled('空值重放')).toBe(1);
  });
});
