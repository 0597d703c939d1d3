import { randomUUID } from 'node:crypto';
import { fieldsOf, validTask } from '../support/fixtures';
import { Harness, type HttpResult } from '../support/harness';

/**
 * Issue 6, classes 1 (dates at the edges) and 3 (identifiers and cursors): hostile values get
 * API.md's error body at once, write nothing, and never hang the API. Every request here must
 * answer within REQUEST_TIMEOUT_MS; before the fix, signing for a task due in 9999 never did
 * (and took the whole API with it).
 */
const REQUEST_TIMEOUT_MS = 5000;

/** Tables a refused request must leave as they were. */
const TABLES = [
  'task',
  'assignment',
  'audit_event',
  'deadline',
  'escalation_step',
  'extension',
  'list_version',
  'matter',
  'calendar_override',
  'notification',
  'outbox',
  'dispute',
  'decision',
  'webhook',
  'routing_rule',
];

describe('hostile dates, ids and cursors', () => {
  const h = new Harness();
  beforeAll(() => h.start({ worker: 'in-api' }));
  afterAll(() => h.stop());

  /** h.request with a deadline: a request that does not answer promptly fails the test. */
  async function call(
    method: string,
    path: string,
    opts: Parameters<Harness['request']>[2] = {},
  ): Promise<HttpResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${method} ${path} did not answer within ${REQUEST_TIMEOUT_MS} ms`)),
        REQUEST_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([h.request(method, path, opts), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  const counts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = (await h.db.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
    return out;
  };

  /** The documented error body, with these fields named (for 400) or none (for 404). */
  function expectError(r: HttpResult, status: number, code: string, fields: string[] = []) {
    expect({
      status: r.status,
      code: r.body?.code,
      statusCode: r.body?.statusCode,
      fields: fieldsOf(r.body ?? {}),
    }).toEqual({ status, code, statusCode: status, fields: [...fields].sort() });
    expect(typeof r.body.message).toBe('string');
    expect(Array.isArray(r.body.details)).toBe(true);
    for (const d of r.body.details) expect(typeof d.message).toBe('string');
  }

  const submit = (body: Record<string, unknown>) => call('POST', '/api/tasks', { as: 'MZJ', body });
  const assignment = async (as: string, id: string) =>
    (await call('GET', `/api/assignments/${id}`, { as })).body;

  /** Submits and routes one admitted task (MZ-01: street-principal) and returns its assignment id. */
  async function routedTask(street: string, deadline: Record<string, unknown>): Promise<string> {
    const r = await submit(validTask({ streetCodes: [street], deadlineWorkingDays: undefined, ...deadline }));
    expect({ status: r.status, body: r.status === 201 ? null : r.body }).toEqual({ status: 201, body: null });
    await h.waitRouted([r.body.id]);
    return r.body.assignments[0].id;
  }

  describe('class 1: dates at the edges', () => {
    it('walks a task due at the far edge of the window through its whole life, every request prompt', async () => {
      const id = await routedTask('D1-S02', { dueAt: '2100-12-01T18:00:00+08:00' });
      let a = await assignment('D1-S02', id);
      expect(a).toMatchObject({ state: 'awaiting_signoff', dueAt: '2100-12-01T10:00:00.000000Z' });

      const signed = await call('POST', `/api/assignments/${id}/sign`, {
        as: 'D1-S02',
        body: { version: a.version },
      });
      expect(signed.status).toBe(200);
      const completion = signed.body.deadlines.find((d: { kind: string }) => d.kind === 'completion');
      expect(completion).toMatchObject({ state: 'open', dueAt: '2100-12-01T10:00:00.000000Z' });
      // the ladder's later steps are counted in working days past the due date: in 2100
      expect(completion.steps.map((s: { step: string }) => s.step)).toEqual([
        'remind',
        'urge',
        'supervise',
        'notice',
      ]);
      expect(completion.steps[3].fireAt.slice(0, 4)).toBe('2100');

      a = (
        await call('POST', `/api/assignments/${id}/complete`, {
          as: 'D1-S02',
          body: { version: signed.body.version, result: '办结' },
        })
      ).body;
      expect(a.state).toBe('completed');
      const reopened = await call('POST', `/api/assignments/${id}/reopen`, {
        as: 'MZJ',
        body: { version: a.version, reason: '材料不全' },
      });
      expect(reopened.status).toBe(200);
      expect(reopened.body.state).toBe('in_progress');

      const ext = await call('POST', `/api/assignments/${id}/extension`, {
        as: 'D1-S02',
        body: { workingDays: 10, reason: '需补充材料' },
      });
      expect(ext.status).toBe(201);
      const extensionId = ext.body.timeline.at(-1).payload.extensionId;
      const decided = await call('POST', `/api/extensions/${extensionId}/decide`, {
        as: 'MZJ',
        body: { approve: true },
      });
      expect(decided.status).toBe(200);
      a = await assignment('D1-S02', id);
      expect(a.dueAt).toBe('2100-12-15T15:59:59.999000Z');

      // A further 60 working days would end past DATE_MAX (2100-12-31): refused, nothing written.
      const before = await counts();
      const beyond = await call('POST', `/api/assignments/${id}/extension`, {
        as: 'D1-S02',
        body: { workingDays: 60, reason: '再延期' },
      });
      expectError(beyond, 400, 'VALIDATION_FAILED', ['workingDays']);
      expect(await counts()).toEqual(before);
      expect((await call('GET', '/api/audit/verify', { as: 'ZFB' })).body.ok).toBe(true);
    });

    it('takes the longest working-day deadline (750) and signs for it promptly', async () => {
      const id = await routedTask('D1-S03', { deadlineWorkingDays: 750 });
      const a = await assignment('D1-S03', id);
      expect(new Date(a.dueAt).getTime() - Date.now()).toBeGreaterThan(2.5 * 365 * 86_400_000);
      const signed = await call('POST', `/api/assignments/${id}/sign`, {
        as: 'D1-S03',
        body: { version: a.version },
      });
      expect(signed.status).toBe(200);
    });

    it('refuses the due date that used to hang the API (year 9999) with 400, and stays up', async () => {
      const before = await counts();
      expectError(
        await submit(validTask({ deadlineWorkingDays: undefined, dueAt: '9999-12-31T23:00:00+08:00' })),
        400,
        'VALIDATION_FAILED',
        ['dueAt'],
      );
      expect(await counts()).toEqual(before);
      expect((await call('GET', '/health')).status).toBe(200);
    });

    it.each([
      ['year 0', '0000-01-01T00:00:00Z'],
      ['year 10000', '10000-01-01T00:00:00Z'],
      ['expanded year 10000', '+010000-01-01T00:00:00Z'],
      ['a day after the window', '2101-01-01T00:00:00+08:00'],
      ['an offset pushing it over the year boundary', '2100-12-31T23:30:00-05:00'],
      ['February 30', '2026-02-30T10:00:00+08:00'],
      ['hour 24', '2030-06-01T24:00:00+08:00'],
      ['an offset of 24 hours', '2030-06-01T10:00:00+24:00'],
      ['no offset', '2030-06-01T10:00:00'],
      ['a number', 4102444800000],
    ])('refuses a dueAt with %s: 400 naming dueAt, nothing written', async (_what, dueAt) => {
      const before = await counts();
      const r = await submit(validTask({ deadlineWorkingDays: undefined, dueAt }));
      expectError(r, 400, 'VALIDATION_FAILED', ['dueAt']);
      expect(await counts()).toEqual(before);
    });

    it('says which window a date must fall in, in both languages', async () => {
      const dueAt = '2100-12-31T23:30:00-05:00';
      const zh = await submit(validTask({ deadlineWorkingDays: undefined, dueAt }));
      expect(zh.body.details[0].message).toContain('2000-01-01');
      expect(zh.body.details[0].message).toContain('2100-12-31');
      const en = await call('POST', '/api/tasks', {
        as: 'MZJ',
        body: validTask({ deadlineWorkingDays: undefined, dueAt }),
        headers: { 'accept-language': 'en' },
      });
      expect(en.body.details).toEqual([
        { field: 'dueAt', message: 'must fall between 2000-01-01 and 2100-12-31 (Beijing time)' },
      ]);
    });

    it('accepts the last moment of the window', async () => {
      const r = await submit(
        validTask({ deadlineWorkingDays: undefined, dueAt: '2100-12-31T23:59:59+08:00' }),
      );
      expect(r.status).toBe(201);
      await h.waitRouted([r.body.id]);
    });

    it.each([
      ['deadlineWorkingDays', { deadlineWorkingDays: 751 }],
      ['deadlineWorkingDays', { deadlineWorkingDays: 1e9 }],
    ])('bounds %s (at most 750)', async (field, extra) => {
      const before = await counts();
      expectError(await submit(validTask(extra)), 400, 'VALIDATION_FAILED', [field]);
      expect(await counts()).toEqual(before);
    });

    it('bounds an extension request to 60 working days', async () => {
      const id = await routedTask('D1-S04', { deadlineWorkingDays: 5 });
      const a = await assignment('D1-S04', id);
      await call('POST', `/api/assignments/${id}/sign`, { as: 'D1-S04', body: { version: a.version } });
      const before = await counts();
      for (const workingDays of [61, 1e12, 0, -1])
        expectError(
          await call('POST', `/api/assignments/${id}/extension`, {
            as: 'D1-S04',
            body: { workingDays, reason: '延期' },
          }),
          400,
          'VALIDATION_FAILED',
          ['workingDays'],
        );
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['from=0000-01-01&to=0000-12-31', ['from', 'to']],
      ['from=1999-12-31&to=2000-01-10', ['from']],
      ['from=2100-12-01&to=2101-01-01', ['to']],
      ['from=9999-12-01&to=10000-01-01', ['from', 'to']],
      ['from=2026-02-30&to=2026-03-10', ['from']],
      ['from=2026-13-01&to=2026-12-31', ['from']],
      ['from=2026-01-01', ['to']],
      ['from=2026-01-01&to=2026-01-01&to=2026-01-02', ['to']],
      ['from=2026-01-01&to=2028-01-01', ['to']],
      ['from=2026-03-01&to=2026-01-01', ['to']],
    ])('refuses /api/calendar/workdays?%s naming %p', async (qs, fields) => {
      expectError(
        await call('GET', `/api/calendar/workdays?${qs}`, { as: 'D1-S01' }),
        400,
        'VALIDATION_FAILED',
        fields,
      );
    });

    it('lists the workdays of the whole last year of the window', async () => {
      const r = await call('GET', '/api/calendar/workdays?from=2100-01-01&to=2100-12-31', { as: 'D1-S01' });
      expect(r.status).toBe(200);
      expect(r.body.days).toHaveLength(365);
    });

    it('refuses calendar overrides outside the window, writing none', async () => {
      const before = await counts();
      const r = await call('PUT', '/api/calendar/overrides', {
        as: 'admin',
        body: {
          overrides: [
            { date: '2026-10-10', workday: true, note: '调休' },
            { date: '0000-01-01', workday: false, note: 'x' },
            { date: '2101-01-01', workday: false, note: 'x' },
            { date: '2026-02-30', workday: false, note: 'x' },
          ],
          remove: ['9999-12-31'],
        },
      });
      expectError(r, 400, 'VALIDATION_FAILED', [
        'overrides[1].date',
        'overrides[2].date',
        'overrides[3].date',
        'remove',
      ]);
      expect(await counts()).toEqual(before);
    });

    it('refuses a day named twice in one override request (it was a 500), writing none', async () => {
      const before = await counts();
      const r = await call('PUT', '/api/calendar/overrides', {
        as: 'admin',
        headers: { 'accept-language': 'en' },
        body: {
          overrides: [
            { date: '2026-10-10', workday: true, note: '调休' },
            { date: '2026-10-10', workday: false, note: '又一次' },
          ],
          remove: ['2026-10-10'],
        },
      });
      expectError(r, 400, 'VALIDATION_FAILED', ['overrides[1].date', 'remove[0]']);
      expect(r.body.details[0].message).toBe('names the same day as overrides[0].date');
      expect(await counts()).toEqual(before);
    });

    it('refuses a list whose effectiveFrom lies outside the window, storing nothing', async () => {
      const before = await counts();
      for (const effectiveFrom of ['2101-01-01', '0000-01-01', '1999-12-31']) {
        const form = new FormData();
        form.append('file', new Blob(['code,name\n'], { type: 'text/csv' }), 'list.csv');
        form.append('version', '2099.9');
        form.append('effectiveFrom', effectiveFrom);
        const r = await call('POST', '/api/lists', { as: 'WBB', rawBody: form });
        expectError(r, 400, 'VALIDATION_FAILED', ['effectiveFrom']);
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('class 3: identifiers and cursors', () => {
    const BAD_IDS = [
      'abc',
      '1',
      '-'.repeat(36),
      'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
      `${randomUUID()}0`,
      `${randomUUID()}%20`,
      `x${randomUUID().slice(1)}x`,
      "1'%20OR%20'1'='1",
      '%00',
      '%E2%80%8B',
      'a'.repeat(5000),
    ];

    /** Every route with a path id, as a role allowed to call it, with a body it would accept. */
    /** The rules of the list in force: a body PUT /api/lists/{id}/rules accepts. */
    let rulesInForce: unknown[] = [];
    beforeAll(async () => {
      const lists = await call('GET', '/api/lists', { as: 'WBB' });
      const published = lists.body.find((l: { status: string }) => l.status === 'published');
      rulesInForce = (await call('GET', `/api/lists/${published.id}/rules`, { as: 'WBB' })).body.rules;
      expect(rulesInForce.length).toBeGreaterThan(0);
    });

    const ROUTES: [string, (id: string) => string, string, unknown?][] = [
      ['GET', (id) => `/api/tasks/${id}`, 'MZJ'],
      ['POST', (id) => `/api/tasks/${id}/withdraw`, 'MZJ', { reason: '撤回' }],
      ['POST', (id) => `/api/tasks/${id}/resubmit`, 'MZJ', {}],
      ['GET', (id) => `/api/assignments/${id}`, 'D1-S01'],
      ['POST', (id) => `/api/assignments/${id}/sign`, 'D1-S01', { version: 1 }],
      [
        'POST',
        (id) => `/api/assignments/${id}/dispute`,
        'D1-S01',
        { version: 1, reasonCode: 'other', reason: 'x' },
      ],
      ['POST', (id) => `/api/assignments/${id}/progress`, 'D1-S01', { note: 'x' }],
      ['POST', (id) => `/api/assignments/${id}/complete`, 'D1-S01', { version: 1, result: 'x' }],
      ['POST', (id) => `/api/assignments/${id}/confirm`, 'MZJ', { version: 1, rating: 5 }],
      ['POST', (id) => `/api/assignments/${id}/reopen`, 'MZJ', { version: 1, reason: 'x' }],
      ['POST', (id) => `/api/assignments/${id}/withdraw`, 'MZJ', { version: 1, reason: 'x' }],
      ['POST', (id) => `/api/assignments/${id}/extension`, 'D1-S01', { workingDays: 1, reason: 'x' }],
      ['POST', (id) => `/api/extensions/${id}/decide`, 'MZJ', { approve: true }],
      ['POST', (id) => `/api/reviews/${id}/decide`, 'WBB', { decision: 'refuse', note: 'x' }],
      ['POST', (id) => `/api/disputes/${id}/decide`, 'WBB', { upheld: 'street', note: 'x' }],
      ['GET', (id) => `/api/audit/task/${id}`, 'ZFB'],
      ['GET', (id) => `/api/audit/assignment/${id}`, 'D1-S01'],
      ['GET', (id) => `/api/audit/list/${id}`, 'WBB'],
      ['POST', (id) => `/api/lists/${id}/publish`, 'WBB'],
      ['GET', (id) => `/api/lists/${id}/rules`, 'WBB'],
      ['PUT', (id) => `/api/lists/${id}/rules`, 'WBB', () => ({ rules: rulesInForce })],
      ['POST', (id) => `/api/notifications/${id}/read`, 'D1-S01'],
      ['PATCH', (id) => `/api/webhooks/${id}`, 'admin', { active: false }],
      ['GET', (id) => `/api/webhooks/${id}/deliveries`, 'admin'],
    ];

    it.each(
      ROUTES.map(([method, path, as, body]) => [`${method} ${path(':id')}`, method, path, as, body] as const),
    )(
      '%s: a malformed id is 404 with the error body, a well-formed unknown one too, nothing written',
      async (_name, method, path, as, body) => {
        const before = await counts();
        for (const id of [...BAD_IDS, randomUUID()]) {
          const r = await call(method, path(id), {
            as,
            body: typeof body === 'function' ? body() : body,
          });
          expect({ id, status: r.status, code: r.body?.code }).toEqual({
            id,
            status: 404,
            code: 'NOT_FOUND',
          });
          expectError(r, 404, 'NOT_FOUND');
        }
        expect(await counts()).toEqual(before);
      },
    );

    it('refuses an unknown audit aggregate with 404, even with a well-formed id', async () => {
      for (const aggregate of ['users', 'TASK', '__proto__', 'task%00'])
        expectError(
          await call('GET', `/api/audit/${aggregate}/${randomUUID()}`, { as: 'ZFB' }),
          404,
          'NOT_FOUND',
        );
    });

    it('checks the role before the id: a street may not confirm, whatever the id', async () => {
      const r = await call('POST', '/api/assignments/abc/confirm', {
        as: 'D1-S01',
        body: { version: 1, rating: 5 },
      });
      expectError(r, 403, 'FORBIDDEN');
    });

    const ID = '3f0c2a8e-6b1d-4c6e-9a57-2d4f8e1b7c90';
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    const BAD_CURSORS: [string, string][] = [
      ['month 13', b64(`2026-13-01T00:00:00.000000Z|${ID}`)],
      ['February 30', b64(`2026-02-30T00:00:00.000000Z|${ID}`)],
      ['year 0', b64(`0000-01-01T00:00:00.000000Z|${ID}`)],
      ['year 10000', b64(`+10000-01-01T00:00:00.000000Z|${ID}`)],
      ['hour 25', b64(`2026-01-01T25:00:00.000000Z|${ID}`)],
      ['a malformed id', b64(`2026-01-01T00:00:00.000000Z|${'-'.repeat(36)}`)],
      ['an extra separator', b64(`2026-01-01T00:00:00.000000Z|${ID}|x`)],
      ['no separator', b64(`2026-01-01T00:00:00.000000Z`)],
      ['garbage base64', 'bm90LWEtY3Vyc29y'],
      ['characters outside base64url', `${b64(`2026-01-01T00:00:00.000000Z|${ID}`)}%21%21`],
      ['a NUL byte', '%00'],
      ['a cursor too long', 'A'.repeat(1000)],
    ];
    const LISTS: [string, string][] = [
      ['/api/tasks', 'MZJ'],
      ['/api/assignments', 'D1-S01'],
      ['/api/notifications', 'D1-S01'],
      ['/api/reviews', 'WBB'],
      ['/api/disputes', 'WBB'],
      ['/api/supervision/overdue', 'ZFB'],
    ];

    it.each(LISTS)('%s: every bad cursor is 400 naming cursor; a good one pages', async (path, as) => {
      for (const [what, cursor] of BAD_CURSORS) {
        const r = await call('GET', `${path}?cursor=${cursor}`, { as });
        expect({ what, status: r.status, fields: fieldsOf(r.body) }).toEqual({
          what,
          status: 400,
          fields: ['cursor'],
        });
        expectError(r, 400, 'VALIDATION_FAILED', ['cursor']);
      }
      const repeated = await call('GET', `${path}?cursor=a&cursor=b`, { as });
      expectError(repeated, 400, 'VALIDATION_FAILED', ['cursor']);
      for (const limit of ['0', '201', '-1', '1e9', 'ten'])
        expectError(await call('GET', `${path}?limit=${limit}`, { as }), 400, 'VALIDATION_FAILED', ['limit']);
      const good = await call('GET', `${path}?limit=1&cursor=${b64(`2100-12-31T15:59:59.999999Z|${ID}`)}`, {
        as,
      });
      expect(good.status).toBe(200);
      expect(Array.isArray(good.body.items)).toBe(true);
    });

    it('pages the overdue board with its own cursors', async () => {
      // Two completion deadlines already past due: signed with a due time a moment away.
      for (const street of ['D1-S05', 'D1-S06']) {
        const id = await routedTask(street, { dueAt: new Date(Date.now() + 3000).toISOString() });
        const a = await assignment(street, id);
        expect(
          (await call('POST', `/api/assignments/${id}/sign`, { as: street, body: { version: a.version } }))
            .status,
        ).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 3500));
      const seen: string[] = [];
      let cursor = '';
      for (let i = 0; i < 10; i++) {
        const r = await call(
          'GET',
          `/api/supervision/overdue?kind=completion&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          { as: 'ZFB' },
        );
        expect(r.status).toBe(200);
        seen.push(...r.body.items.map((x: { deadlineId: string }) => x.deadlineId));
        if (!r.body.nextCursor) break;
        cursor = r.body.nextCursor;
      }
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(new Set(seen).size).toBe(seen.length);
    });
  });
});

/** DATE_MIN/DATE_MAX come from the configuration: a narrower window is enforced the same way. */
describe('a configured date window', () => {
  const h = new Harness({ DATE_MIN: '2020-01-01', DATE_MAX: '2040-12-31' });
  beforeAll(() => h.start({ worker: false }));
  afterAll(() => h.stop());

  it('refuses a dueAt past DATE_MAX and names the configured bounds', async () => {
    const r = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: validTask({ deadlineWorkingDays: undefined, dueAt: '2041-01-01T00:00:00+08:00' }),
      headers: { 'accept-language': 'en' },
    });
    expect(r.status).toBe(400);
    expect(r.body.details).toEqual([
      { field: 'dueAt', message: 'must fall between 2020-01-01 and 2040-12-31 (Beijing time)' },
    ]);
    const ok = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: validTask({ deadlineWorkingDays: undefined, dueAt: '2040-12-31T23:59:59+08:00' }),
    });
    expect(ok.status).toBe(201);
    const workdays = await h.request('GET', '/api/calendar/workdays?from=2041-01-01&to=2041-01-31', {
      as: 'MZJ',
    });
    expect(workdays.status).toBe(400);
  });
});
