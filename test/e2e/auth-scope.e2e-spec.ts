import { createHmac, randomUUID } from 'node:crypto';
import { ASSIGNMENT_TRANSITIONS, type AssignmentAction } from '@app/domain';
import { validTask } from '../support/fixtures';
import { Harness } from '../support/harness';

/** The secret the spawned API signs with (the harness passes the environment through). */
const JWT_SECRET = process.env.JWT_SECRET || 'dutygate-dev-secret-change-me';

function jwt(claims: Record<string, unknown>, secret = JWT_SECRET, alg = 'HS256'): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  const sig = alg === 'none' ? '' : createHmac('sha256', secret).update(head).digest('base64url');
  return `${head}.${sig}`;
}

const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe('authentication and organisation scope', () => {
  const h = new Harness();
  beforeAll(() => h.start({ worker: 'in-api' }));
  afterAll(() => h.stop());

  describe('authentication', () => {
    it('signs a demo user in and returns the token with the user, roles and organisation', async () => {
      const r = await h.request('POST', '/api/auth/login', {
        body: { username: 'D1-S01', password: 'dutygate-demo' },
      });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        accessToken: expect.any(String),
        user: {
          id: expect.any(String),
          username: 'D1-S01',
          roles: ['street'],
          org: { code: 'D1-S01', name: expect.any(String), kind: 'street' },
        },
      });
      const me = await h.request('GET', '/api/assignments', {
        headers: { authorization: `Bearer ${r.body.accessToken}` },
      });
      expect(me.status).toBe(200);
    });

    it('answers a wrong password and an unknown user alike with 401 INVALID_CREDENTIALS', async () => {
      const wrong = await h.request('POST', '/api/auth/login', {
        body: { username: 'ZJJ', password: 'letmein1' },
      });
      const unknown = await h.request('POST', '/api/auth/login', {
        body: { username: 'NOBODY', password: 'dutygate-demo' },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: '用户名或密码错误',
        details: [],
      });
      expect(unknown.body).toEqual(wrong.body);
      expect(JSON.stringify(wrong.body)).not.toContain('accessToken');
    });

    it('answers a missing or bad token with 401 UNAUTHENTICATED on every protected endpoint', async () => {
      const valid = await h.login('ZJJ');
      const [head, body] = valid.split('.');
      const tokens: Record<string, string | undefined> = {
        none: undefined,
        garbage: 'Bearer not-a-token',
        'basic scheme': `Basic ${Buffer.from('ZJJ:dutygate-demo').toString('base64')}`,
        'token without scheme': valid,
        'tampered signature': `${head}.${body}.${'A'.repeat(43)}`,
        'other secret': `Bearer ${jwt({ sub: 'x', username: 'ZJJ', org: 'ZJJ', orgKind: 'department', roles: ['department'], exp: Math.floor(Date.now() / 1000) + 3600 }, 'some-other-secret-of-32-chars!!')}`,
        'alg none': `Bearer ${jwt({ sub: 'x', username: 'WBB', org: 'WBB', orgKind: 'authority', roles: ['reviewer'] }, '', 'none')}`,
        expired: `Bearer ${jwt({ sub: 'x', username: 'ZJJ', org: 'ZJJ', orgKind: 'department', roles: ['department'], iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 })}`,
      };
      tokens['tampered signature'] = `Bearer ${tokens['tampered signature']}`;
      const endpoints: [string, string, unknown?][] = [
        ['GET', '/api/tasks'],
        ['POST', '/api/tasks', validTask()],
        ['GET', '/api/tasks/00000000-0000-4000-8000-000000000000'],
        ['GET', '/api/assignments'],
        ['GET', '/api/lists/current/matters'],
        ['GET', '/api/orgs?kind=street'],
      ];
      const before = (await h.db.query(`SELECT count(*)::int AS n FROM task`)).rows[0].n;
      for (const [name, auth] of Object.entries(tokens))
        for (const [method, path, b] of endpoints) {
          const r = await h.request(method, path, {
            body: b,
            headers: auth === undefined ? {} : { authorization: auth },
          });
          expect({ name, method, path, status: r.status, code: r.body?.code }).toEqual({
            name,
            method,
            path,
            status: 401,
            code: 'UNAUTHENTICATED',
          });
        }
      expect((await h.db.query(`SELECT count(*)::int AS n FROM task`)).rows[0].n).toBe(before);
    });

    it('accepts a token it signed itself (the crafted-token cases above fail for their flaw only)', async () => {
      const [, payload] = (await h.login('ZJJ')).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const r = await h.request('GET', '/api/tasks', { headers: { authorization: `Bearer ${jwt(claims)}` } });
      expect(r.status).toBe(200);
    });
  });

  describe('roles', () => {
    it('lets no street, reviewer, supervisor or admin submit a task (403), and stores nothing', async () => {
      const before = (await h.db.query(`SELECT count(*)::int AS n FROM task`)).rows[0].n;
      for (const who of ['D1-S01', 'WBB', 'ZFB', 'admin']) {
        const r = await h.request('POST', '/api/tasks', { as: who, body: validTask() });
        expect({ who, status: r.status, code: r.body.code }).toEqual({ who, status: 403, code: 'FORBIDDEN' });
      }
      expect((await h.db.query(`SELECT count(*)::int AS n FROM task`)).rows[0].n).toBe(before);
    });

    it("answers 403 on every transition exactly to the roles the domain's transition table does not name", async () => {
      // Each transition endpoint with a valid body, on an id nobody has: the role the table names
      // passes the guard and finds nothing (404); every other role is refused first (403).
      const endpoints: [AssignmentAction, string, Record<string, unknown>][] = [
        ['sign', '/api/assignments/{id}/sign', { version: 1 }],
        ['dispute', '/api/assignments/{id}/dispute', { version: 1, reasonCode: 'other', reason: 'r' }],
        ['progress', '/api/assignments/{id}/progress', { note: 'n' }],
        ['complete', '/api/assignments/{id}/complete', { version: 1, result: 'r' }],
        ['request_extension', '/api/assignments/{id}/extension', { workingDays: 1, reason: 'r' }],
        ['confirm', '/api/assignments/{id}/confirm', { version: 1, rating: 5 }],
        ['reopen', '/api/assignments/{id}/reopen', { version: 1, reason: 'r' }],
        ['withdraw', '/api/assignments/{id}/withdraw', { version: 1, reason: 'r' }],
        ['withdraw', '/api/tasks/{id}/withdraw', { reason: 'r' }],
        ['decide_extension', '/api/extensions/{id}/decide', { approve: true }],
        ['resubmit', '/api/tasks/{id}/resubmit', { title: 't' }],
        ['review', '/api/reviews/{id}/decide', { decision: 'refuse', note: 'n' }],
        ['arbitrate', '/api/disputes/{id}/decide', { upheld: 'street', note: 'n' }],
      ];
      const users = {
        street: 'D1-S01',
        department: 'ZJJ',
        reviewer: 'WBB',
        supervisor: 'ZFB',
        admin: 'admin',
      };
      const got: string[] = [];
      const want: string[] = [];
      for (const [action, path, body] of endpoints)
        for (const [role, who] of Object.entries(users)) {
          const r = await h.request('POST', path.replace('{id}', randomUUID()), { as: who, body });
          got.push(`${path} ${role} ${r.status} ${r.body.code}`);
          const named = ASSIGNMENT_TRANSITIONS.rules[action].by === role;
          want.push(`${path} ${role} ${named ? '404 NOT_FOUND' : '403 FORBIDDEN'}`);
        }
      expect(got).toEqual(want);
    });

    it('lets only the reviewer import a list (403 for a department)', async () => {
      const form = new FormData();
      form.append('file', new Blob(['code\n']), 'list.csv');
      form.append('version', '2099.1');
      form.append('effectiveFrom', '2099-01-01');
      const r = await h.request('POST', '/api/lists', { as: 'ZJJ', rawBody: form });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN');
    });
  });

  describe('organisation scope', () => {
    let zjjTask: { id: string; assignments: { id: string; streetCode: string }[] };

    beforeAll(async () => {
      const r = await h.request('POST', '/api/tasks', {
        as: 'ZJJ',
        body: validTask({
          title: '老旧小区加装电梯意愿摸底',
          description: '请街道配合摸排辖区老旧小区加装电梯意愿。',
          streetCodes: ['D2-S03', 'D2-S04'],
          matterCode: 'ZJ-03',
          actionType: 'survey_census',
        }),
      });
      expect(r.status).toBe(201);
      zjjTask = r.body;
      await h.waitRouted([zjjTask.id], 60_000);
    });
    const assignmentOf = (street: string) => zjjTask.assignments.find((a) => a.streetCode === street)!.id;

    it('shows the task and both assignments to its submitter', async () => {
      const r = await h.request('GET', `/api/tasks/${zjjTask.id}`, { as: 'ZJJ' });
      expect(r.status).toBe(200);
      expect(r.body.submitter).toEqual({ code: 'ZJJ' });
      expect(r.body.assignments.map((a: { streetCode: string }) => a.streetCode)).toEqual([
        'D2-S03',
        'D2-S04',
      ]);
    });

    it('hides the task and its assignments from another department (404, empty lists)', async () => {
      const task = await h.request('GET', `/api/tasks/${zjjTask.id}`, { as: 'MZJ' });
      expect(task.status).toBe(404);
      expect(task.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      for (const street of ['D2-S03', 'D2-S04']) {
        const a = await h.request('GET', `/api/assignments/${assignmentOf(street)}`, { as: 'MZJ' });
        expect(a.status).toBe(404);
        expect(a.body.code).toBe('NOT_FOUND');
      }
      // The same queries find them for their submitter: the empty answers below are the scope's doing.
      const own = await h.request('GET', `/api/assignments?taskId=${zjjTask.id}`, { as: 'ZJJ' });
      expect(ids(own.body.items).sort()).toEqual([assignmentOf('D2-S03'), assignmentOf('D2-S04')].sort());
      expect(ids((await h.request('GET', '/api/assignments?limit=200', { as: 'ZJJ' })).body.items)).toContain(
        assignmentOf('D2-S03'),
      );
      expect(ids((await h.request('GET', '/api/tasks?limit=200', { as: 'ZJJ' })).body.items)).toContain(
        zjjTask.id,
      );
      const byTask = await h.request('GET', `/api/assignments?taskId=${zjjTask.id}`, { as: 'MZJ' });
      expect(byTask.status).toBe(200);
      expect(byTask.body.items).toEqual([]);
      const all = await h.request('GET', '/api/assignments?limit=200', { as: 'MZJ' });
      expect(all.status).toBe(200);
      expect(ids(all.body.items)).not.toContain(assignmentOf('D2-S03'));
      const tasks = await h.request('GET', '/api/tasks?limit=200', { as: 'MZJ' });
      expect(tasks.status).toBe(200);
      expect(ids(tasks.body.items)).not.toContain(zjjTask.id);
      for (const [agg, id] of [
        ['task', zjjTask.id],
        ['assignment', assignmentOf('D2-S03')],
      ]) {
        const audit = await h.request('GET', `/api/audit/${agg}/${id}`, { as: 'MZJ' });
        expect({ agg, status: audit.status }).toEqual({ agg, status: 404 });
      }
    });

    it('answers an unknown id exactly as an invisible one', async () => {
      const unknown = await h.request('GET', '/api/tasks/00000000-0000-4000-8000-000000000000', {
        as: 'MZJ',
      });
      const hidden = await h.request('GET', `/api/tasks/${zjjTask.id}`, { as: 'MZJ' });
      expect(unknown.status).toBe(404);
      expect(hidden.body).toEqual(unknown.body);
      const notUuid = await h.request('GET', '/api/assignments/not-a-uuid', { as: 'MZJ' });
      expect(notUuid.status).toBe(404);
    });

    it('shows a street only its own assignment of a task, and nothing of tasks not addressed to it', async () => {
      const task = await h.request('GET', `/api/tasks/${zjjTask.id}`, { as: 'D2-S03' });
      expect(task.status).toBe(200);
      expect(task.body.assignments.map((a: { streetCode: string }) => a.streetCode)).toEqual(['D2-S03']);
      const other = await h.request('GET', `/api/assignments/${assignmentOf('D2-S04')}`, { as: 'D2-S03' });
      expect(other.status).toBe(404);
      const byTask = await h.request('GET', `/api/assignments?taskId=${zjjTask.id}`, { as: 'D2-S03' });
      expect(byTask.body.items.map((a: { streetCode: string }) => a.streetCode)).toEqual(['D2-S03']);
      const stranger = await h.request('GET', `/api/tasks/${zjjTask.id}`, { as: 'D2-S05' });
      expect(stranger.status).toBe(404);
      const strangerA = await h.request('GET', `/api/assignments/${assignmentOf('D2-S03')}`, {
        as: 'D2-S05',
      });
      expect(strangerA.status).toBe(404);
    });

    it('returns an assignment with its task text and its timeline of audit events', async () => {
      for (const who of ['D2-S03', 'ZJJ', 'WBB']) {
        const r = await h.request('GET', `/api/assignments/${assignmentOf('D2-S03')}`, { as: who });
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({
          id: assignmentOf('D2-S03'),
          taskId: zjjTask.id,
          streetCode: 'D2-S03',
          state: 'awaiting_signoff',
          role: 'support',
          version: expect.any(Number),
          decision: { outcome: 'support_only', ruleId: 'R8', listVersion: '2025.1' },
          task: {
            id: zjjTask.id,
            title: '老旧小区加装电梯意愿摸底',
            description: '请街道配合摸排辖区老旧小区加装电梯意愿。',
            submitter: { code: 'ZJJ' },
            matterCode: 'ZJ-03',
          },
        });
        const timeline = r.body.timeline as { action: string; seq: number; toState: string }[];
        expect(timeline.map((e) => [e.seq, e.action, e.toState])).toEqual([
          [1, 'created', 'pending_routing'],
          [2, 'routed', 'awaiting_signoff'],
        ]);
      }
    });

    it('shows reviewer and supervisor every task and assignment', async () => {
      for (const who of ['WBB', 'ZFB']) {
        const task = await h.request('GET', `/api/tasks/${zjjTask.id}`, { as: who });
        expect(task.status).toBe(200);
        expect(task.body.assignments).toHaveLength(2);
        for (const street of ['D2-S03', 'D2-S04']) {
          const a = await h.request('GET', `/api/assignments/${assignmentOf(street)}`, { as: who });
          expect({ who, street, status: a.status }).toEqual({ who, street, status: 200 });
        }
        const list = await h.request('GET', `/api/assignments?taskId=${zjjTask.id}`, { as: who });
        expect(list.body.items.map((a: { streetCode: string }) => a.streetCode).sort()).toEqual([
          'D2-S03',
          'D2-S04',
        ]);
      }
    });
  });

  describe('GET /api/assignments keyset pagination', () => {
    const submitted: string[] = [];

    beforeAll(async () => {
      // Sequential submissions: distinct creation times. D2-S03 ends up with 15 assignments in all
      // (with the scope block's task); the district task gives 7 assignments one creation time.
      const plan: [string, Record<string, unknown>][] = [];
      for (let i = 0; i < 6; i++) plan.push(['ZJJ', { streetCodes: ['D2-S03'], matterCode: 'ZJ-03' }]);
      for (let i = 0; i < 3; i++) plan.push(['ZJJ', { streetCodes: ['D2-S03'], matterCode: 'ZJ-06' }]);
      plan.push(['ZJJ', { streetCodes: ['D2-S03', 'D2-S04'], matterCode: 'ZJ-03' }]);
      plan.push(['ZJJ', { streetCodes: undefined, districtCodes: ['D2'], matterCode: 'ZJ-03' }]);
      plan.push(['MZJ', { streetCodes: ['D2-S03'] }]);
      plan.push(['MZJ', { streetCodes: ['D2-S03', 'D3-S01'] }]);
      plan.push(['MZJ', { streetCodes: ['D2-S05'] }]);
      plan.push(['SCJG', { streetCodes: ['D2-S03'], matterCode: 'SJ-01', actionType: 'inspection_patrol' }]);
      for (const [who, over] of plan) {
        const r = await h.request('POST', '/api/tasks', {
          as: who,
          body: validTask({ title: `分页测试 ${submitted.length + 1}`, ...over }),
        });
        expect(r.status).toBe(201);
        submitted.push(r.body.id);
      }
      await h.waitRouted(submitted, 60_000);
    });

    async function pages(who: string, query: string, limit: number) {
      const seen: any[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      for (let n = 0; n < 100; n++) {
        const qs: string = `${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const r = await h.request<{ items: any[]; nextCursor: string | null }>(
          'GET',
          `/api/assignments?${qs}`,
          {
            as: who,
          },
        );
        expect(r.status).toBe(200);
        seen.push(...r.body.items);
        sizes.push(r.body.items.length);
        cursor = r.body.nextCursor;
        if (!cursor) return { items: seen, sizes };
        expect(r.body.items).toHaveLength(limit);
      }
      throw new Error('pagination did not end');
    }

    const dbIds = async (where: string, params: unknown[] = []) =>
      (
        await h.db.query(
          `SELECT a.id FROM assignment a JOIN task t ON t.id = a.task_id WHERE ${where}`,
          params,
        )
      ).rows
        .map((r) => r.id as string)
        .sort();

    it('walks a street through its own assignments only: no duplicates, no gaps, newest first', async () => {
      const expected = await dbIds('a.street_code = $1', ['D2-S03']);
      expect(expected).toHaveLength(15);
      const { items, sizes } = await pages('D2-S03', '', 4);
      expect(sizes).toEqual([4, 4, 4, 3]);
      expect(new Set(ids(items)).size).toBe(items.length);
      expect(ids(items).sort()).toEqual(expected);
      expect(new Set(items.map((a) => a.streetCode))).toEqual(new Set(['D2-S03']));
      const keys = items.map((a) => `${a.createdAt}|${a.id}`);
      expect(keys).toEqual([...keys].sort().reverse());
    });

    it('ends with nextCursor null when the last page is exactly full', async () => {
      const { sizes } = await pages('D2-S03', '', 5);
      expect(sizes).toEqual([5, 5, 5]);
    });

    it('keeps the filter across pages (state=rejected)', async () => {
      const expected = await dbIds(`a.street_code = 'D2-S03' AND a.state = 'rejected'`);
      expect(expected).toHaveLength(3);
      const { items } = await pages('D2-S03', 'state=rejected', 2);
      expect(ids(items).sort()).toEqual(expected);
      expect(new Set(items.map((a) => a.state))).toEqual(new Set(['rejected']));
    });

    it("walks a department through its own tasks' assignments only", async () => {
      const expected = await dbIds(`t.submitter_code = 'MZJ'`);
      const { items } = await pages('MZJ', '', 2);
      expect(ids(items).sort()).toEqual(expected);
      expect(expected.length).toBeGreaterThanOrEqual(4);
    });

    it('walks reviewer and supervisor through every assignment, ties of creation time included', async () => {
      const expected = await dbIds('TRUE');
      for (const who of ['WBB', 'ZFB']) {
        const { items } = await pages(who, '', 3);
        expect(new Set(ids(items)).size).toBe(items.length);
        expect(ids(items).sort()).toEqual(expected);
      }
    });

    it('refuses a forged cursor and an out-of-range limit with 400', async () => {
      const forged = await h.request('GET', '/api/assignments?cursor=bm90LWEtY3Vyc29y', { as: 'D2-S03' });
      expect(forged.status).toBe(400);
      expect(forged.body.details).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      for (const limit of ['0', '201', 'ten']) {
        const r = await h.request('GET', `/api/assignments?limit=${limit}`, { as: 'D2-S03' });
        expect({
          limit,
          status: r.status,
          fields: r.body.details.map((d: { field: string }) => d.field),
        }).toEqual({
          limit,
          status: 400,
          fields: expect.arrayContaining(['limit']),
        });
      }
    });
  });
});
