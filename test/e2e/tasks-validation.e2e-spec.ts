import { connect } from 'node:net';
import { fieldsOf, validTask } from '../support/fixtures';
import { Harness } from '../support/harness';

/**
 * Every validation rule of `POST /api/tasks` (API.md): a bad request is a 400 whose `details`
 * name each bad field, and nothing is stored. Routing is not needed here, so no worker runs.
 */
describe('POST /api/tasks validation', () => {
  const h = new Harness();
  beforeAll(() => h.start({ worker: false }));
  afterAll(() => h.stop());

  const taskCount = async () => (await h.db.query(`SELECT count(*)::int AS n FROM task`)).rows[0].n as number;
  const submit = (body: unknown, headers: Record<string, string> = {}) =>
    h.request('POST', '/api/tasks', { as: 'MZJ', body, headers });

  /** A 400 VALIDATION_FAILED naming exactly these fields, with nothing stored. */
  async function expectInvalid(body: unknown, fields: string[]) {
    const before = await taskCount();
    const r = await submit(body);
    expect({ status: r.status, code: r.body.code, fields: fieldsOf(r.body) }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [...fields].sort(),
    });
    expect(r.body.statusCode).toBe(400);
    for (const d of r.body.details) expect(d.message).toEqual(expect.any(String));
    expect(await taskCount()).toBe(before);
    return r.body;
  }

  async function expectCreated(body: unknown) {
    const r = await submit(body);
    expect({ status: r.status, body: r.status === 201 ? null : r.body }).toEqual({ status: 201, body: null });
    return r.body;
  }

  it('accepts a valid task (the baseline every other case departs from)', async () => {
    const before = await taskCount();
    const body = await expectCreated(validTask());
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.assignments).toEqual([
      { id: expect.any(String), streetCode: 'D1-S01', state: 'pending_routing' },
    ]);
    expect(await taskCount()).toBe(before + 1);
  });

  describe('title: 1–200 characters', () => {
    it('is required', () => expectInvalid(validTask({ title: undefined }), ['title']));
    it('may not be empty', () => expectInvalid(validTask({ title: '' }), ['title']));
    it('may not be blank', () => expectInvalid(validTask({ title: '  \t ' }), ['title']));
    it('may not be longer than 200 characters', () =>
      expectInvalid(validTask({ title: '题'.repeat(201) }), ['title']));
    it('must be a string', () => expectInvalid(validTask({ title: 42 }), ['title']));
    it('may be exactly 1 or 200 characters (CJK counts as one character each)', async () => {
      await expectCreated(validTask({ title: '查' }));
      const t = await expectCreated(validTask({ title: '题'.repeat(200) }));
      const got = await h.request('GET', `/api/tasks/${t.id}`, { as: 'MZJ' });
      expect(got.body.title).toBe('题'.repeat(200));
    });
  });

  describe('description: at most 10,000 characters', () => {
    it('refuses 10,001 characters', () =>
      expectInvalid(validTask({ description: '述'.repeat(10_001) }), ['description']));
    it('accepts exactly 10,000 characters', async () => {
      const t = await expectCreated(validTask({ description: '述'.repeat(10_000) }));
      const got = await h.request('GET', `/api/tasks/${t.id}`, { as: 'MZJ' });
      expect(got.body.description).toHaveLength(10_000);
    });
  });

  describe('addressees: at least one street or district, every code known', () => {
    it('needs a street or a district', async () => {
      const body = validTask();
      delete body.streetCodes;
      await expectInvalid(body, ['streetCodes']);
    });
    it('refuses empty lists of both', () =>
      expectInvalid(validTask({ streetCodes: [], districtCodes: [] }), ['streetCodes']));
    it('names each unknown street by its index', () =>
      expectInvalid(validTask({ streetCodes: ['D1-S01', 'X9-S99', 'D1-S02', 'D1-S08'] }), [
        'streetCodes[1]',
        'streetCodes[3]',
      ]));
    it('names each unknown district by its index', () =>
      expectInvalid(validTask({ streetCodes: undefined, districtCodes: ['D9', 'D2', 'd1'] }), [
        'districtCodes[0]',
        'districtCodes[2]',
      ]));
    it('does not take a district code for a street, nor a street code for a district', () =>
      expectInvalid(validTask({ streetCodes: ['D1'], districtCodes: ['D1-S01'] }), [
        'districtCodes[0]',
        'streetCodes[0]',
      ]));
    it('refuses a street named twice', () =>
      expectInvalid(validTask({ streetCodes: ['D1-S01', 'D1-S01'] }), ['streetCodes']));
    it('accepts a district, fanned out to its seven streets', async () => {
      const t = await expectCreated(validTask({ streetCodes: undefined, districtCodes: ['D4'] }));
      expect(t.assignments.map((a: { streetCode: string }) => a.streetCode)).toEqual([
        'D4-S01',
        'D4-S02',
        'D4-S03',
        'D4-S04',
        'D4-S05',
        'D4-S06',
        'D4-S07',
      ]);
    });
  });

  describe('matterCode: known in the list in force (2025.1)', () => {
    it('treats a well-formed typo as an error, not as an off-list task', async () => {
      const body = await expectInvalid(validTask({ matterCode: 'MZ-99' }), ['matterCode']);
      expect(body.details[0].message).toContain('2025.1');
    });
    it('refuses a malformed code', () => expectInvalid(validTask({ matterCode: 'mz01' }), ['matterCode']));
    it('refuses an empty string (off-list is null or absent)', () =>
      expectInvalid(validTask({ matterCode: '' }), ['matterCode']));
    it('accepts null and absent as an off-list task', async () => {
      await expectCreated(validTask({ matterCode: null }));
      const t = await expectCreated(validTask({ matterCode: undefined }));
      const got = await h.request('GET', `/api/tasks/${t.id}`, { as: 'MZJ' });
      expect(got.body.matterCode).toBeNull();
    });
  });

  describe('enforcementSubject: present exactly when actionType = enforcement', () => {
    it('is required for enforcement', () =>
      expectInvalid(validTask({ matterCode: 'CG-02', actionType: 'enforcement' }), ['enforcementSubject']));
    it('is required for enforcement (null does not count)', () =>
      expectInvalid(validTask({ matterCode: 'CG-02', actionType: 'enforcement', enforcementSubject: null }), [
        'enforcementSubject',
      ]));
    it('is refused for any other action type', () =>
      expectInvalid(validTask({ actionType: 'inspection_patrol', enforcementSubject: 'individual' }), [
        'enforcementSubject',
      ]));
    it('is accepted with enforcement', async () => {
      await expectCreated(
        validTask({ matterCode: 'CG-02', actionType: 'enforcement', enforcementSubject: 'organization' }),
      );
    });
  });

  describe('deadline: in the future', () => {
    it('refuses a dueAt in the past', () =>
      expectInvalid(validTask({ deadlineWorkingDays: undefined, dueAt: '2020-01-01T09:00:00+08:00' }), [
        'dueAt',
      ]));
    it('refuses a dueAt of a second ago', () =>
      expectInvalid(
        validTask({ deadlineWorkingDays: undefined, dueAt: new Date(Date.now() - 1000).toISOString() }),
        ['dueAt'],
      ));
    it('refuses a dueAt that is not a time', () =>
      expectInvalid(validTask({ deadlineWorkingDays: undefined, dueAt: 'next Friday' }), ['dueAt']));
    it('refuses a dueAt without an offset (API.md: times are ISO-8601 with offset)', async () => {
      await expectInvalid(validTask({ deadlineWorkingDays: undefined, dueAt: '2030-01-10T18:00:00' }), [
        'dueAt',
      ]);
      await expectInvalid(validTask({ deadlineWorkingDays: undefined, dueAt: '2030-01-10' }), ['dueAt']);
    });
    it('reads the offset of a dueAt', async () => {
      const t = await expectCreated(
        validTask({ deadlineWorkingDays: undefined, dueAt: '2030-01-10T18:00:00+08:00' }),
      );
      const got = await h.request('GET', `/api/tasks/${t.id}`, { as: 'MZJ' });
      expect(got.body.dueAt).toBe('2030-01-10T10:00:00.000000Z');
    });
    it('refuses both deadlineWorkingDays and dueAt, and neither', async () => {
      await expectInvalid(validTask({ dueAt: '2030-01-10T18:00:00+08:00' }), ['deadlineWorkingDays']);
      await expectInvalid(validTask({ deadlineWorkingDays: undefined }), ['deadlineWorkingDays']);
    });
    it('accepts a dueAt in the future and keeps it', async () => {
      const due = new Date(Date.now() + 30 * 86_400_000);
      const t = await expectCreated(validTask({ deadlineWorkingDays: undefined, dueAt: due.toISOString() }));
      const got = await h.request('GET', `/api/tasks/${t.id}`, { as: 'MZJ' });
      expect(new Date(got.body.dueAt).getTime()).toBe(due.getTime());
      expect(new Date(got.body.assignments[0].dueAt).getTime()).toBe(due.getTime());
    });
    it('refuses zero or negative working days', async () => {
      await expectInvalid(validTask({ deadlineWorkingDays: 0 }), ['deadlineWorkingDays']);
      await expectInvalid(validTask({ deadlineWorkingDays: -5 }), ['deadlineWorkingDays']);
    });
    it('refuses working days given as a string or a fraction', async () => {
      await expectInvalid(validTask({ deadlineWorkingDays: '10' }), ['deadlineWorkingDays']);
      await expectInvalid(validTask({ deadlineWorkingDays: 2.5 }), ['deadlineWorkingDays']);
    });
  });

  describe('unknown fields are rejected', () => {
    it('at the top level, each by name', () =>
      expectInvalid(validTask({ priority: 'high', submitterCode: 'ZJJ' }), ['priority', 'submitterCode']));
    it('inside resources', () =>
      expectInvalid(validTask({ resources: { funding: 1000, bonus: 5 } }), ['resources.bonus']));
  });

  describe('enum values', () => {
    it('actionType', () => expectInvalid(validTask({ actionType: 'patrol' }), ['actionType']));
    it('actionType is required', () => expectInvalid(validTask({ actionType: undefined }), ['actionType']));
    it('enforcementSubject', () =>
      expectInvalid(
        validTask({ matterCode: 'CG-02', actionType: 'enforcement', enforcementSubject: 'robot' }),
        ['enforcementSubject'],
      ));
    it('demands', () => expectInvalid(validTask({ demands: ['photo_evidence', 'free_lunch'] }), ['demands']));
    it('booleans are booleans', () =>
      expectInvalid(validTask({ urgent: 'yes', temporary: 1 }), ['temporary', 'urgent']));
    it('resources hold non-negative numbers', () =>
      expectInvalid(validTask({ resources: { funding: -1, staff: 1.5 } }), [
        'resources.funding',
        'resources.staff',
      ]));
  });

  it('names every bad field of one request at once, structural and semantic alike', async () => {
    const body = await expectInvalid(
      {
        title: '',
        description: '述'.repeat(10_001),
        streetCodes: ['D1-S01', 'X9-S99'],
        matterCode: 'MZ-99',
        actionType: 'inspection_patrol',
        enforcementSubject: 'individual',
        dueAt: '2020-01-01T09:00:00+08:00',
        demands: ['free_lunch'],
        colour: 'red',
      },
      [
        'title',
        'description',
        'streetCodes[1]',
        'matterCode',
        'enforcementSubject',
        'dueAt',
        'demands',
        'colour',
      ],
    );
    expect(body.details.length).toBeGreaterThanOrEqual(8);
  });

  describe('malformed and oversize bodies', () => {
    it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
      const before = await taskCount();
      const r = await h.request('POST', '/api/tasks', {
        as: 'MZJ',
        headers: { 'content-type': 'application/json' },
        rawBody: '{"title": "半截',
      });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({
        statusCode: 400,
        code: 'MALFORMED_JSON',
        message: '请求体不是合法的 JSON',
        details: [],
      });
      expect(await taskCount()).toBe(before);
    });

    it('answers a JSON value that is not an object with 400', async () => {
      for (const raw of ['[]', '[{"title":"x"}]', '"text"', '42', 'null']) {
        const r = await h.request('POST', '/api/tasks', {
          as: 'MZJ',
          headers: { 'content-type': 'application/json' },
          rawBody: raw,
        });
        expect({ raw, status: r.status, code: r.body?.code }).toEqual({
          raw,
          status: 400,
          code: expect.stringMatching(/^(MALFORMED_JSON|VALIDATION_FAILED)$/),
        });
      }
    });

    it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
      const before = await taskCount();
      const r = await submit(validTask({ description: 'x'.repeat(300 * 1024) }));
      expect(r.status).toBe(413);
      expect(r.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' });
      expect(await taskCount()).toBe(before);
    });

    /**
     * A POST declaring `bytes` of body, `send` of them sent on one raw connection in 64 kB writes
     * without waiting for the answer, then a GET of /health on the same connection once the first
     * answer is in. Tells the first answer's status and headers, and the second's status (null if the
     * connection closed).
     */
    async function oversizeThenHealth(bytes: number, send = bytes) {
      const token = await h.login('MZJ');
      const socket = connect(Number(new URL(h.baseUrl).port), '127.0.0.1');
      const received: Buffer[] = [];
      const text = () => Buffer.concat(received).toString('latin1');
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.on('data', (c: Buffer) => received.push(c));
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `POST /api/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n`,
      );
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let sent = 0; sent < send && !socket.destroyed; sent += chunk.length)
        socket.write(chunk.subarray(0, Math.min(chunk.length, send - sent)));
      const until = async (done: () => boolean) => {
        for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
      };
      await until(() => /\r\n\r\n[\s\S]*\}$/.test(text()) || socket.destroyed);
      const first = text();
      const [head] = first.split('\r\n\r\n');
      const status = Number(head.split(' ')[1]);
      const body = first.slice(head.length + 4);
      received.length = 0;
      let second: number | null = null;
      if (!socket.destroyed) {
        socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
        await until(() => /^HTTP\/1\.1 \d{3}/.test(text()) || socket.destroyed);
        const m = /^HTTP\/1\.1 (\d{3})/.exec(text());
        second = m ? Number(m[1]) : null;
      }
      socket.destroy();
      await closed;
      return { status, head: head.toLowerCase(), body: JSON.parse(body) as unknown, second };
    }

    it('answers a body a few times the limit once it has arrived, and keeps the connection', async () => {
      const r = await oversizeThenHealth(1024 * 1024);
      expect(r.status).toBe(413);
      expect(r.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(r.head).not.toContain('connection: close');
      expect(r.second).toBe(200);
    });

    it('refuses a body past eight times the limit at once, and closes the connection', async () => {
      // Only the headers are sent: the refusal comes from the declared length, before any body.
      const r = await oversizeThenHealth(3 * 1024 * 1024, 0);
      expect(r.status).toBe(413);
      expect(r.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(r.head).toContain('connection: close');
      expect(r.second).toBeNull();
    });
  });

  describe('language of error messages', () => {
    const bad = validTask({ streetCodes: ['X9-S99'], actionType: 'patrol' });

    it('is zh-CN by default, for the message and each detail', async () => {
      const r = await submit(bad);
      expect(r.status).toBe(400);
      expect(r.body.message).toBe('输入不合法,请检查所列字段');
      expect(r.body.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            field: 'actionType',
            message: expect.stringContaining('取值不在允许范围内'),
          }),
        ]),
      );
      for (const d of r.body.details) expect(d.message).toMatch(/[\u4e00-\u9fff]/);
    });

    it('is English with Accept-Language: en', async () => {
      const r = await submit(bad, { 'accept-language': 'en' });
      expect(r.status).toBe(400);
      expect(r.body.message).toBe('The input is invalid; see the listed fields');
      expect(r.body.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            field: 'actionType',
            message: expect.stringContaining('must be one of'),
          }),
        ]),
      );
      for (const d of r.body.details) expect(d.message).not.toMatch(/[\u4e00-\u9fff]/);
    });

    it('names the broken length bound with its number, in both languages', async () => {
      const zh = await submit(validTask({ title: '', description: 'x'.repeat(10_001) }));
      expect(zh.body.details).toEqual(
        expect.arrayContaining([
          { field: 'title', message: '长度不能少于 1' },
          { field: 'description', message: '长度不能超过 10000' },
        ]),
      );
      const en = await submit(validTask({ title: 't'.repeat(201) }), { 'accept-language': 'en' });
      expect(en.body.details).toEqual([{ field: 'title', message: 'must be at most 200 characters' }]);
    });

    it('follows a browser-style header (en-US,en;q=0.9) and stays zh-CN for zh-CN,zh;q=0.9,en;q=0.8', async () => {
      const en = await submit(validTask({ streetCodes: ['X9-S99'] }), {
        'accept-language': 'en-US,en;q=0.9',
      });
      expect(en.body.details).toEqual([{ field: 'streetCodes[0]', message: 'unknown street' }]);
      const zh = await submit(validTask({ streetCodes: ['X9-S99'] }), {
        'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8',
      });
      expect(zh.body.details).toEqual([{ field: 'streetCodes[0]', message: '未知的街道代码' }]);
    });

    it('applies to malformed JSON and to 401 as well', async () => {
      const malformed = await h.request('POST', '/api/tasks', {
        as: 'MZJ',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        rawBody: '{,}',
      });
      expect(malformed.body).toMatchObject({
        code: 'MALFORMED_JSON',
        message: 'The request body is not valid JSON',
      });
      const noToken = await h.request('GET', '/api/tasks', { headers: { 'accept-language': 'en' } });
      expect(noToken.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      expect(noToken.body.message).toMatch(/^Not signed in/);
    });
  });
});
