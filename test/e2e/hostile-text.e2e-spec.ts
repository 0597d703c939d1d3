import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fieldsOf, seedListCsv, validTask } from '../support/fixtures';
import { Harness } from '../support/harness';

/**
 * Issue 6, classes 2 and 4: text PostgreSQL or JSON cannot hold (one rule for the whole API:
 * refused with 400 naming the field, or 422 naming row and column in an uploaded file) and request
 * shapes (depth and width refused before parsing, reserved keys are unknown fields, null means
 * absent, a replay that spells out defaults is the same request).
 */
describe('hostile text and request shapes', () => {
  // A 2 MB body limit, so that what refuses the wide bodies below is the shape check, not the size.
  const h = new Harness({ BODY_LIMIT: '2mb' });
  beforeAll(() => h.start({ worker: 'in-api' }));
  afterAll(() => h.stop());

  const TABLES = [
    'task',
    'assignment',
    'audit_event',
    'idempotency_key',
    'outbox',
    'list_version',
    'matter',
    'routing_rule',
    'calendar_override',
    'webhook',
    'extension',
    'dispute',
    'notification',
  ];
  /** Row counts and the sum of assignment versions: a refused request changes none of them. */
  const snapshot = async () =>
    (
      await h.db.query(
        `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')},
                (SELECT coalesce(sum(version), 0)::int FROM assignment) AS versions,
                (SELECT string_agg(title || coalesce(matter_code, '-'), '|' ORDER BY id) FROM task) AS texts`,
      )
    ).rows[0];

  const post = (as: string | undefined, path: string, body: unknown, headers: Record<string, string> = {}) =>
    h.request('POST', path, { as, body, headers });

  /** Sends `bodies` (each must be refused 400 naming `fields`) and checks nothing was written. */
  async function refused(
    as: string,
    method: string,
    path: string,
    body: unknown,
    fields: string[],
    reason = 'unsafe_text',
  ) {
    const before = await snapshot();
    const r = await h.request(method, path, { as, body, headers: { 'accept-language': 'en' } });
    expect({ path, status: r.status, code: r.body.code }).toEqual({
      path,
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    // a refusal names the fields it blames: with none given, the loops below would check nothing
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) expect(fieldsOf(r.body)).toContain(f);
    const messages = r.body.details.filter((d: { field: string }) => fields.includes(d.field));
    expect(messages.length).toBeGreaterThanOrEqual(fields.length);
    if (reason === 'unsafe_text')
      for (const m of messages)
        expect(m.message).toMatch(/holds a character that is not allowed, U\+[0-9A-F]{4}/);
    expect(await snapshot()).toEqual(before);
    return r;
  }

  let assignmentId = '';
  let version = 0;
  let taskId = '';
  beforeAll(async () => {
    const t = await post(
      'MZJ',
      '/api/tasks',
      validTask({ title: '恶意文本测试基线', streetCodes: ['D4-S01'] }),
    );
    expect(t.status).toBe(201);
    taskId = t.body.id;
    assignmentId = t.body.assignments[0].id;
    await h.waitRouted([taskId]);
    const a = await h.request('GET', `/api/assignments/${assignmentId}`, { as: 'D4-S01' });
    version = a.body.version;
    const signed = await post('D4-S01', `/api/assignments/${assignmentId}/sign`, { version });
    expect(signed.status).toBe(200);
    version = signed.body.version;
  });

  describe('class 2: NUL, lone surrogates and control characters', () => {
    it('refuses them in a submitted field, a nested field, an array item and a key, naming each, in zh-CN too', async () => {
      await refused('MZJ', 'POST', '/api/tasks', validTask({ title: '标题\u0000' }), ['title']);
      await refused(
        'MZJ',
        'POST',
        '/api/tasks',
        validTask({ resources: { funding: 1, detail: '经费\ud800' } }),
        ['resources.detail'],
      );
      await refused('MZJ', 'POST', '/api/tasks', validTask({ streetCodes: ['D1-S01', 'D1-S02\u001b'] }), [
        'streetCodes[1]',
      ]);
      const key = await refused('MZJ', 'POST', '/api/tasks', { ...validTask(), ['ti\u0007tle']: 'x' }, [
        'ti\u0007tle',
      ]);
      expect(key.body.details).toContainEqual({
        field: 'ti\u0007tle',
        message: expect.stringContaining('U+0007'),
      });
      // Together with every other bad field, in one 400.
      const both = await refused(
        'MZJ',
        'POST',
        '/api/tasks',
        validTask({ description: '\u0085', streetCodes: ['X9-S99'], title: '' }),
        ['description', 'streetCodes[0]', 'title'],
        'mixed',
      );
      expect(fieldsOf(both.body)).toEqual(['description', 'streetCodes[0]', 'title']);
      const zh = await post('MZJ', '/api/tasks', validTask({ legalBasis: '依据\uffff' }));
      expect(zh.body).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: '输入不合法,请检查所列字段',
        details: [
          {
            field: 'legalBasis',
            message: '含有不允许的字符 U+FFFF(控制字符、空字符、不成对的代理项或非字符)',
          },
        ],
      });
    });

    it('accepts tab, newline, CR, U+2028, emoji and zero-width characters inside real text', async () => {
      const r = await post(
        'MZJ',
        '/api/tasks',
        validTask({ title: '走访\u200b慰问 😀', description: '第一行\r\n第二行\t\u2028第三行' }),
      );
      expect(r.status).toBe(201);
      await h.waitRouted([r.body.id]);
      const row = (await h.db.query(`SELECT title, description FROM task WHERE id = $1`, [r.body.id]))
        .rows[0];
      expect(row).toEqual({ title: '走访\u200b慰问 😀', description: '第一行\r\n第二行\t\u2028第三行' });
    });

    it('refuses them the same way in resubmit, transitions, notes, rules, calendar overrides and webhooks', async () => {
      const a = `/api/assignments/${assignmentId}`;
      await refused('MZJ', 'POST', `/api/tasks/${taskId}/resubmit`, { title: 'x\u0000' }, ['title']);
      await refused('D4-S01', 'POST', `${a}/progress`, { note: '进展\u0000' }, ['note']);
      await refused('D4-S01', 'POST', `${a}/complete`, { version, result: '\ud83d完成' }, ['result']);
      await refused('D4-S01', 'POST', `${a}/extension`, { workingDays: 2, reason: '延期\u0008' }, ['reason']);
      await refused('D4-S01', 'POST', `${a}/dispute`, { version, reasonCode: 'other', reason: '\u009b' }, [
        'reason',
      ]);
      await refused('MZJ', 'POST', `${a}/reopen`, { version, reason: '\u0000' }, ['reason']);
      await refused('MZJ', 'POST', `/api/tasks/${taskId}/withdraw`, { reason: 'a\udfff' }, ['reason']);
      await refused(
        'WBB',
        'POST',
        `/api/reviews/${assignmentId}/decide`,
        { decision: 'refuse', note: '\u0000' },
        ['note'],
      );
      await refused(
        'WBB',
        'POST',
        `/api/disputes/${randomUUID()}/decide`,
        { upheld: 'street', note: '\u0001' },
        ['note'],
      );
      const list = (await h.db.query(`SELECT id FROM list_version WHERE version = '2025.1'`)).rows[0].id;
      const rules = (await h.request('GET', `/api/lists/${list}/rules`, { as: 'WBB' })).body;
      const bad = structuredClone(rules.rules);
      bad[0].reason.en = 'reason\u0000';
      await refused('WBB', 'PUT', `/api/lists/${list}/rules`, { rules: bad }, ['rules[0].reason.en']);
      await refused(
        'admin',
        'PUT',
        '/api/calendar/overrides',
        { overrides: [{ date: '2026-10-10', workday: true, note: '调休\u0000' }] },
        ['overrides[0].note'],
      );
      await refused('admin', 'POST', '/api/webhooks', { orgCode: 'MZJ', url: 'https://example.org/\u0000' }, [
        'url',
      ]);
    });

    it('refuses them in query parameters, naming the parameter', async () => {
      for (const [path, field] of [
        ['/api/assignments?cursor=%00', 'cursor'],
        ['/api/tasks?state=%01', 'state'],
        ['/api/lists/current/matters?q=%E5%9E%83%00', 'q'],
        ['/api/supervision/overdue?orgCode=%C2%85', 'orgCode'],
      ]) {
        const as = path.startsWith('/api/supervision') ? 'ZFB' : 'MZJ';
        const r = await h.request('GET', path, { as });
        expect({ path, status: r.status, fields: fieldsOf(r.body) }).toEqual({
          path,
          status: 400,
          fields: [field],
        });
      }
    });

    it('refuses them in multipart text fields and in uploaded cells (422 naming row and column)', async () => {
      const csv = seedListCsv();
      const upload = (file: string, fields: Record<string, string>) => {
        const f = new FormData();
        f.append('file', new Blob([file], { type: 'text/csv' }), 'list.csv');
        for (const [k, v] of Object.entries(fields)) f.append(k, v);
        return h.request('POST', '/api/lists', { as: 'WBB', rawBody: f });
      };
      let before = await snapshot();
      const field = await upload(csv, { version: '2031.1\u0000', effectiveFrom: '2031-01-01' });
      expect({ status: field.status, fields: fieldsOf(field.body) }).toEqual({
        status: 400,
        fields: ['version'],
      });
      expect(await snapshot()).toEqual(before);

      const rows: string[][] = parse(csv, { bom: true, skip_empty_lines: true });
      const col = (name: string) => rows[0].indexOf(name);
      rows[3][col('matter_name')] = '名称\u0000';
      rows[5][col('legal_basis')] = '\u0007依据';
      rows[7][col('principal_duties')] = '\u200b \u3000'; // blank: required
      const text = rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n');
      before = await snapshot();
      const cells = await upload(text, { version: '2031.2', effectiveFrom: '2031-01-01' });
      expect(cells.status).toBe(422);
      expect(cells.body.code).toBe('INVALID_FILE_ROWS');
      expect(cells.body.details).toEqual([
        { row: 4, column: 'matter_name', message: expect.stringContaining('U+0000') },
        { row: 6, column: 'legal_basis', message: expect.stringContaining('U+0007') },
        { row: 8, column: 'principal_duties', message: '必填' },
      ]);
      expect(await snapshot()).toEqual(before);

      // XLSX: a cell cannot hold NUL in its XML, but the `_x0000_` escape decodes to one.
      const xrows: string[][] = parse(csv, { bom: true, skip_empty_lines: true });
      xrows[2][col('category')] = '城管_x0000_';
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('责任清单');
      for (const r of xrows) sheet.addRow(r);
      const f = new FormData();
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      f.append('file', new Blob([xlsx]), 'list.xlsx');
      f.append('version', '2031.3');
      f.append('effectiveFrom', '2031-01-01');
      const x = await h.request('POST', '/api/lists', { as: 'WBB', rawBody: f });
      expect({ status: x.status, details: x.body.details }).toEqual({
        status: 422,
        details: [{ row: 3, column: 'category', message: expect.stringContaining('U+0000') }],
      });
      expect(await snapshot()).toEqual(before);
    });

    it('refuses required texts that are blank after removing whitespace and zero-width characters', async () => {
      await refused(
        'MZJ',
        'POST',
        '/api/tasks',
        validTask({ title: '\u200b\u200c\u200d\ufeff\u2060 \u3000' }),
        ['title'],
        'blank',
      );
      const r = await post('MZJ', '/api/tasks', validTask({ title: '\u200b\u3000' }));
      expect(r.body.details).toEqual([{ field: 'title', message: '不能为空白(仅含空格或零宽字符也算空白)' }]);
      const a = `/api/assignments/${assignmentId}`;
      await refused('D4-S01', 'POST', `${a}/progress`, { note: '\u200b' }, ['note'], 'blank');
      await refused('D4-S01', 'POST', `${a}/complete`, { version, result: ' \u00ad ' }, ['result'], 'blank');
      await refused('MZJ', 'POST', `/api/tasks/${taskId}/resubmit`, { title: '\u2060' }, ['title'], 'blank');
      await refused(
        'admin',
        'PUT',
        '/api/calendar/overrides',
        { overrides: [{ date: '2026-10-10', workday: true, note: '\u3000' }] },
        ['overrides[0].note'],
        'blank',
      );
    });
  });

  describe('class 4: request shapes', () => {
    /** A raw JSON request; the timing proves the refusal is cheap. */
    async function raw(path: string, text: string, as?: string) {
      const started = Date.now();
      const r = await h.request('POST', path, {
        as,
        rawBody: text,
        headers: { 'content-type': 'application/json' },
      });
      return { ...r, ms: Date.now() - started };
    }

    it('refuses a 5,000-deep body with 413 before parsing, signed in or not', async () => {
      const deep = '{"title":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
      for (const [path, as] of [
        ['/api/tasks', 'MZJ'],
        ['/api/tasks', undefined],
        ['/api/auth/login', undefined],
      ] as const) {
        const r = await raw(path, deep, as);
        expect({ path, as, status: r.status, body: r.body }).toEqual({
          path,
          as,
          status: 413,
          body: {
            statusCode: 413,
            code: 'PAYLOAD_TOO_LARGE',
            message: '请求体过大',
            details: [{ message: 'JSON 嵌套层数超过 32 层' }],
          },
        });
        expect(r.ms).toBeLessThan(2000);
      }
    });

    it('refuses 50,000 keys, and an array of 150,000 items, with 413 quickly, signed in or not', async () => {
      const keys = JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 0])));
      // 150,000 distinct street codes: class-validator's quadratic ArrayUnique spun for minutes on them.
      const wide = JSON.stringify(
        validTask({ streetCodes: Array.from({ length: 150_000 }, (_, i) => `D${i}`) }),
      );
      const before = await snapshot();
      for (const [text, as] of [
        [keys, undefined],
        [keys, 'MZJ'],
        [wide, 'MZJ'],
        [wide, undefined],
      ] as const) {
        const r = await raw('/api/tasks', text, as);
        expect({ status: r.status, details: r.body.details }).toEqual({
          status: 413,
          details: [{ message: 'JSON 中的键和数组元素总数超过 10000' }],
        });
        expect(r.ms).toBeLessThan(2000);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('validates the widest body it accepts in well under a second', async () => {
      const codes = Array.from({ length: 9_000 }, (_, i) => `D${i}`);
      const r = await raw('/api/tasks', JSON.stringify(validTask({ streetCodes: codes })), 'MZJ');
      expect(r.status).toBe(400);
      expect(r.body.details[0]).toEqual({ field: 'streetCodes', message: '最多 500 项' });
      expect(r.ms).toBeLessThan(1000);
    });

    it('treats __proto__, constructor and prototype keys as unknown fields: 400 naming them, nothing polluted', async () => {
      for (const [text, field] of [
        ['{"__proto__":{"admin":true}}', '__proto__'],
        ['{"constructor":{"prototype":{"admin":true}}}', 'constructor'],
        ['{"resources":{"__proto__":{"funding":1}}}', 'resources.__proto__'],
        ['{"prototype":1}', 'prototype'],
      ]) {
        // Spliced into the text: JSON.stringify would not write a `__proto__` key.
        const json = JSON.stringify(validTask()).slice(0, -1) + ',' + text.slice(1);
        const before = await snapshot();
        const r = await raw('/api/tasks', json, 'MZJ');
        expect({ text, status: r.status, fields: fieldsOf(r.body) }).toEqual({
          text,
          status: 400,
          fields: [field],
        });
        expect(r.body.details.find((d: { field: string }) => d.field === field).message).toBe('不允许的字段');
        expect(await snapshot()).toEqual(before);
      }
      // The same in a transition body and in the query.
      const t = await raw(
        `/api/assignments/${assignmentId}/progress`,
        '{"note":"进展","__proto__":{"note":""}}',
        'D4-S01',
      );
      expect({ status: t.status, fields: fieldsOf(t.body) }).toEqual({ status: 400, fields: ['__proto__'] });
      for (const q of ['__proto__[x]=1', '__proto__=1', 'constructor=1']) {
        const r = await h.request('GET', `/api/tasks?${q}`, { as: 'MZJ' });
        expect({ q, status: r.status }).toEqual({ q, status: 400 });
      }
      // Nothing leaked into any prototype: an ordinary request still behaves.
      const ok = await h.request('GET', '/api/tasks?limit=1', { as: 'MZJ' });
      expect(ok.status).toBe(200);
    });

    it('treats an explicit null for an optional field as absent, and null for a required one as missing', async () => {
      const r = await post(
        'MZJ',
        '/api/tasks',
        validTask({
          title: '空值即缺省',
          description: null,
          matterCode: null,
          resources: { funding: null, staff: null, detail: null },
          enforcementSubject: null,
          legalBasis: null,
          temporary: null,
          urgent: null,
          demands: null,
          dueAt: null,
        }),
      );
      expect(r.status).toBe(201);
      await h.waitRouted([r.body.id]);
      const row = (
        await h.db.query(
          `SELECT description, matter_code, resources, legal_basis, temporary, urgent, demands FROM task WHERE id = $1`,
          [r.body.id],
        )
      ).rows[0];
      expect(row).toEqual({
        description: '',
        matter_code: null,
        resources: null,
        legal_basis: null,
        temporary: false,
        urgent: false,
        demands: [],
      });
      await refused(
        'MZJ',
        'POST',
        '/api/tasks',
        validTask({ title: null, actionType: null }),
        ['actionType', 'title'],
        'required',
      );
      await refused(
        'D4-S01',
        'POST',
        `/api/assignments/${assignmentId}/progress`,
        { note: null },
        ['note'],
        'required',
      );
      await refused(
        'D4-S01',
        'POST',
        `/api/assignments/${assignmentId}/sign`,
        { version: null },
        ['version'],
        'required',
      );
    });

    it('resubmit: null keeps a field, the empty value clears it', async () => {
      // Off-list work goes to admission review; the reviewer returns it to the department.
      const t = await post('CGJ', '/api/tasks', {
        title: '退回后重报',
        description: '原描述',
        streetCodes: ['D4-S02'],
        actionType: 'campaign',
        deadlineWorkingDays: 5,
        legalBasis: '原依据',
        resources: { funding: 1000 },
      });
      expect(t.status).toBe(201);
      await h.waitRouted([t.body.id]);
      const id = t.body.assignments[0].id;
      const returned = await post('WBB', `/api/reviews/${id}/decide`, { decision: 'return', note: '请补充' });
      expect(returned.body.state).toBe('returned');
      const stored = async () =>
        (
          await h.db.query(
            `SELECT title, description, matter_code, resources, legal_basis, action_type FROM task WHERE id = $1`,
            [t.body.id],
          )
        ).rows[0];

      // Every field null: nothing changes but the routing round (title null is not a 500).
      const nulls = await post('CGJ', `/api/tasks/${t.body.id}/resubmit`, {
        title: null,
        description: null,
        matterCode: null,
        actionType: null,
        enforcementSubject: null,
        resources: null,
        temporary: null,
        demands: null,
        legalBasis: null,
      });
      expect(nulls.status).toBe(200);
      expect(await stored()).toEqual({
        title: '退回后重报',
        description: '原描述',
        matter_code: null,
        resources: { funding: 1000 },
        legal_basis: '原依据',
        action_type: 'campaign',
      });
      await h.waitRouted([t.body.id]);
      expect(
        (await post('WBB', `/api/reviews/${id}/decide`, { decision: 'return', note: '再补充' })).status,
      ).toBe(200);
      // Empty values clear.
      const cleared = await post('CGJ', `/api/tasks/${t.body.id}/resubmit`, {
        matterCode: 'CG-05',
        description: '',
        resources: {},
        legalBasis: '',
      });
      expect(cleared.status).toBe(200);
      expect(await stored()).toMatchObject({
        description: '',
        matter_code: 'CG-05',
        resources: null,
        legal_basis: null,
      });
    });

    it('answers a replay that spells out the defaults with 200 and the same task', async () => {
      const key = randomUUID();
      const minimal = {
        title: '默认值重放',
        streetCodes: ['D2-S01', 'D2-S02'],
        actionType: 'service_delivery',
        deadlineWorkingDays: 10,
        matterCode: 'MZ-01',
      };
      const first = await post('MZJ', '/api/tasks', minimal, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      for (const spelled of [
        { ...minimal, urgent: false, temporary: false, demands: [], resources: null },
        { ...minimal, resources: {}, description: '', legalBasis: null, enforcementSubject: null },
        { ...minimal, resources: { funding: null }, legalBasis: '', districtCodes: [] },
        { ...minimal, streetCodes: ['D2-S02', 'D2-S01'], dueAt: null },
      ]) {
        const r = await post('MZJ', '/api/tasks', spelled, { 'idempotency-key': key });
        expect({ spelled, status: r.status, id: r.body.id }).toEqual({
          spelled,
          status: 200,
          id: first.body.id,
        });
      }
      // A real difference is still a conflict.
      const other = await post('MZJ', '/api/tasks', { ...minimal, urgent: true }, { 'idempotency-key': key });
      expect(other.status).toBe(409);
      expect(
        (await h.db.query(`SELECT count(*)::int AS n FROM task WHERE title = '默认值重放'`)).rows[0].n,
      ).toBe(1);
    });
  });
});
