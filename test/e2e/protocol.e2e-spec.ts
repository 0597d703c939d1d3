import { connect } from 'node:net';
import { seedListCsv, validTask } from '../support/fixtures';
import { Harness } from '../support/harness';

/**
 * Protocol manners (issue 6, class 10): caching, CSP, 415 and 405 with the error body, drafts
 * visible to the reviewer only, and list filters that stay inside the caller's scope.
 */
describe('protocol manners', () => {
  const h = new Harness();
  beforeAll(() => h.start({ worker: 'in-api' }));
  afterAll(() => h.stop());

  const taskCount = async () => (await h.db.query(`SELECT count(*)::int AS n FROM task`)).rows[0].n;
  const errorShape = (status: number, code: string) => ({
    statusCode: status,
    code,
    message: expect.any(String),
    details: expect.any(Array),
  });

  /** Sends raw bytes and reads the whole answer as text (the server closes the connection after it). */
  const rawAnswer = (bytes: string) =>
    new Promise<string>((resolve, reject) => {
      const u = new URL(h.baseUrl);
      const socket = connect(Number(u.port), u.hostname, () => socket.write(bytes));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (d) => (text += d));
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
    });

  describe('Cache-Control', () => {
    it('marks every API answer no-store: authenticated JSON, errors and the login', async () => {
      const list = await h.request('GET', '/api/tasks', { as: 'MZJ' });
      expect(list.status).toBe(200);
      const missing = await h.request('GET', '/api/tasks/00000000-0000-4000-8000-000000000000', {
        as: 'MZJ',
      });
      expect(missing.status).toBe(404);
      const anonymous = await h.request('GET', '/api/tasks');
      expect(anonymous.status).toBe(401);
      const login = await h.request('POST', '/api/auth/login', {
        body: { username: 'MZJ', password: 'dutygate-demo' },
      });
      expect(login.status).toBe(200);
      for (const r of [list, missing, anonymous, login])
        expect(r.headers.get('cache-control')).toBe('no-store');
    });

    it('sends no ETag with an API answer (nothing keeps it to revalidate), but the web app keeps its validators', async () => {
      const list = await h.request('GET', '/api/tasks', { as: 'MZJ' });
      expect(list.status).toBe(200);
      expect(list.headers.get('etag')).toBeNull();
      const page = await fetch(`${h.baseUrl}/`);
      expect(page.status).toBe(200);
      await page.arrayBuffer();
      expect(page.headers.get('etag') ?? page.headers.get('last-modified')).toBeTruthy();
    });
  });

  describe('Content-Security-Policy', () => {
    it('lets scripts come only from this origin, styles inline too, and forbids framing', async () => {
      for (const path of ['/', '/docs', '/api/tasks']) {
        const res = await fetch(`${h.baseUrl}${path}`);
        const csp = res.headers.get('content-security-policy') ?? '';
        const directive = (name: string) =>
          csp
            .split(';')
            .map((d) => d.trim())
            .find((d) => d.startsWith(`${name} `));
        expect({ path, script: directive('script-src') }).toEqual({ path, script: "script-src 'self'" });
        expect(directive('style-src')).toBe("style-src 'self' 'unsafe-inline'");
        expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
        expect(directive('object-src')).toBe("object-src 'none'");
        expect(csp).not.toContain('upgrade-insecure-requests');
      }
    });
  });

  describe('a request target that is not a path', () => {
    /** The status and headers of the answer to raw bytes. */
    const head = async (bytes: string) => {
      const [status, ...lines] = (await rawAnswer(bytes)).split('\r\n\r\n')[0].split('\r\n');
      const headers = new Map(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      return { status: Number(status.split(' ')[1]), headers };
    };

    it('is answered like its path with a slash, with the security headers (`GET *api/tasks`)', async () => {
      const r = await head('GET *api/tasks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      // Not a server path: the web app's index.html, as for `/*api/tasks`.
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('415 Unsupported Media Type', () => {
    const bodies: [string, string][] = [
      ['text/plain', JSON.stringify(validTask())],
      ['application/xml', '<task><title>x</title></task>'],
      ['application/x-www-form-urlencoded', 'title=x&streetCodes=D1-S01'],
      [
        'multipart/form-data; boundary=b',
        '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--\r\n',
      ],
      ['application/json; charset=latin1', JSON.stringify(validTask())],
    ];

    it.each(bodies)('refuses a %s body on a JSON endpoint and writes nothing', async (type, raw) => {
      const before = await taskCount();
      const r = await h.request('POST', '/api/tasks', {
        as: 'MZJ',
        headers: { 'content-type': type, 'accept-language': 'en' },
        rawBody: raw,
      });
      expect(r.status).toBe(415);
      expect(r.body).toEqual(errorShape(415, 'UNSUPPORTED_MEDIA_TYPE'));
      expect(r.body.message).toMatch(/application\/json/);
      expect(await taskCount()).toBe(before);
    });

    it('refuses a body without a content type, in zh-CN by default, on public endpoints too', async () => {
      const noType = await h.request('POST', '/api/auth/login', {
        rawBody: Buffer.from('{"username":"MZJ","password":"dutygate-demo"}'),
      });
      expect(noType.status).toBe(415);
      expect(noType.body).toEqual(errorShape(415, 'UNSUPPORTED_MEDIA_TYPE'));
      expect(noType.body.message).toMatch(/不支持/);
    });

    it('keeps JSON working with a charset, and requests without a body', async () => {
      const ok = await h.request('POST', '/api/tasks', {
        as: 'MZJ',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        rawBody: JSON.stringify(validTask()),
      });
      expect(ok.status).toBe(201);
      const noBody = await h.request('POST', '/api/notifications/read-all', { as: 'MZJ' });
      expect(noBody.status).toBe(200);
    });

    it('takes multipart where an upload is expected, and refuses JSON there', async () => {
      const f = new FormData();
      f.append('file', new Blob([seedListCsv()], { type: 'text/csv' }), 'list.csv');
      f.append('version', '2030.415');
      f.append('effectiveFrom', '2030-01-01');
      const upload = await h.request('POST', '/api/lists', { as: 'WBB', rawBody: f });
      expect(upload.status).toBe(201);
      const json = await h.request('POST', '/api/lists', {
        as: 'WBB',
        body: { version: '2030.416', effectiveFrom: '2030-01-01' },
      });
      expect(json.status).toBe(415);
      expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('405 Method Not Allowed', () => {
    it.each([
      ['DELETE', '/api/tasks', 'GET, HEAD, POST'],
      ['PUT', '/api/auth/login', 'POST'],
      ['GET', '/api/auth/login', 'POST'],
      ['PATCH', '/api/tasks/00000000-0000-4000-8000-000000000000', 'GET, HEAD'],
      ['POST', '/api/assignments/00000000-0000-4000-8000-000000000000', 'GET, HEAD'],
      ['DELETE', '/health', 'GET, HEAD'],
    ])('%s %s → 405 with Allow: %s', async (method, path, allow) => {
      const before = await taskCount();
      const r = await h.request(method, path, { as: 'MZJ', headers: { 'accept-language': 'en' } });
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe(allow);
      expect(r.body).toEqual(errorShape(405, 'METHOD_NOT_ALLOWED'));
      expect(r.body.message).toMatch(/Allow/);
      expect(await taskCount()).toBe(before);
    });

    it('answers OPTIONS on a known path with its methods', async () => {
      const r = await h.request('OPTIONS', '/api/tasks');
      expect(r.status).toBe(204);
      expect(r.headers.get('allow')).toBe('GET, HEAD, POST');
    });

    it('keeps 404 for paths that do not exist, whatever the method', async () => {
      for (const method of ['GET', 'DELETE', 'POST']) {
        const r = await h.request(method, '/api/no-such-thing', { as: 'MZJ' });
        expect({ method, status: r.status }).toEqual({ method, status: 404 });
        expect(r.body).toEqual(errorShape(404, 'NOT_FOUND'));
      }
    });
  });

  describe('requests Node refuses before Express', () => {
    /** The status and JSON body of the answer to raw bytes. */
    const raw = async (bytes: string) => {
      const [head, body] = (await rawAnswer(bytes)).split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), body: body ? (JSON.parse(body) as unknown) : null };
    };

    it('answers headers beyond Node’s limit with 431 and the error body', async () => {
      const r = await raw(`GET /api/tasks?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(r).toEqual({ status: 431, body: errorShape(431, 'HEADERS_TOO_LARGE') });
    });

    it('answers bytes that are not HTTP with 400 and the error body', async () => {
      const r = await raw('HELLO THERE\r\n\r\n');
      expect(r).toEqual({ status: 400, body: errorShape(400, 'MALFORMED_REQUEST') });
      // The server keeps serving.
      expect((await h.request('GET', '/health')).status).toBe(200);
    });
  });

  describe('drafts are the reviewer’s', () => {
    let draftId = '';
    let publishedId = '';
    beforeAll(async () => {
      const f = new FormData();
      f.append('file', new Blob([seedListCsv()], { type: 'text/csv' }), 'list.csv');
      f.append('version', '2031.draft');
      f.append('effectiveFrom', '2031-01-01');
      const r = await h.request('POST', '/api/lists', { as: 'WBB', rawBody: f });
      expect(r.status).toBe(201);
      draftId = r.body.id;
      publishedId = (await h.db.query(`SELECT id FROM list_version WHERE version = '2025.1'`)).rows[0].id;
    });

    it('shows a draft’s rules, version and audit to the reviewer only (404 for everyone else)', async () => {
      expect((await h.request('GET', `/api/lists/${draftId}/rules`, { as: 'WBB' })).status).toBe(200);
      expect((await h.request('GET', `/api/audit/list/${draftId}`, { as: 'WBB' })).status).toBe(200);
      const asReviewer = await h.request('GET', '/api/lists', { as: 'WBB' });
      expect(asReviewer.body.map((v: { id: string }) => v.id)).toContain(draftId);
      for (const who of ['ZFB', 'admin', 'MZJ', 'D1-S01']) {
        const rules = await h.request('GET', `/api/lists/${draftId}/rules`, { as: who });
        expect({ who, status: rules.status, code: rules.body.code }).toEqual({
          who,
          status: 404,
          code: 'NOT_FOUND',
        });
        const audit = await h.request('GET', `/api/audit/list/${draftId}`, { as: who });
        expect({ who, status: audit.status }).toEqual({ who, status: 404 });
        // The published list stays readable by all.
        expect((await h.request('GET', `/api/lists/${publishedId}/rules`, { as: who })).status).toBe(200);
      }
      for (const who of ['ZFB', 'admin']) {
        const versions = await h.request('GET', '/api/lists', { as: who });
        expect(versions.status).toBe(200);
        const ids = versions.body.map((v: { id: string }) => v.id);
        expect(ids).toContain(publishedId);
        expect(ids).not.toContain(draftId);
        expect((await h.request('GET', `/api/audit/list/${publishedId}`, { as: who })).status).toBe(200);
      }
    });
  });

  describe('a street learns nothing of another street through filters', () => {
    let taskId = '';
    beforeAll(async () => {
      const r = await h.request('POST', '/api/tasks', {
        as: 'MZJ',
        body: validTask({ streetCodes: ['D1-S01', 'D1-S02'], title: '范围过滤测试' }),
      });
      expect(r.status).toBe(201);
      taskId = r.body.id;
      await h.waitRouted([taskId]);
      const other = r.body.assignments.find((a: { streetCode: string }) => a.streetCode === 'D1-S02');
      const a = await h.request('GET', `/api/assignments/${other.id}`, { as: 'D1-S02' });
      const d = await h.request('POST', `/api/assignments/${other.id}/dispute`, {
        as: 'D1-S02',
        body: { version: a.body.version, reasonCode: 'other', reason: '非本街道职责' },
      });
      expect(d.body.state).toBe('disputed');
    });

    it('filters tasks by the state of the street’s own assignment only', async () => {
      const ids = async (as: string, q: string) =>
        (await h.request('GET', `/api/tasks?limit=200&${q}`, { as })).body.items.map(
          (t: { id: string }) => t.id,
        );
      expect(await ids('D1-S02', 'state=disputed')).toContain(taskId);
      expect(await ids('D1-S01', 'state=disputed')).not.toContain(taskId);
      expect(await ids('D1-S01', 'state=awaiting_signoff')).toContain(taskId);
      // The department sees the task under either state.
      expect(await ids('MZJ', 'state=disputed')).toContain(taskId);
      expect(await ids('MZJ', 'state=awaiting_signoff')).toContain(taskId);
    });

    it('refuses filters on another organisation instead of applying them', async () => {
      for (const path of [
        '/api/assignments?streetCode=D1-S02',
        '/api/tasks?streetCode=D1-S02',
        '/api/notifications?orgCode=D1-S02',
      ]) {
        const r = await h.request('GET', path, { as: 'D1-S01' });
        expect({ path, status: r.status }).toEqual({ path, status: 400 });
        expect(JSON.stringify(r.body)).not.toContain(taskId);
      }
      const byTask = await h.request('GET', `/api/assignments?taskId=${taskId}&state=disputed`, {
        as: 'D1-S01',
      });
      expect(byTask.body.items).toEqual([]);
      for (const path of ['/api/supervision/overdue?orgCode=D1-S02', '/api/disputes', '/api/reviews']) {
        const r = await h.request('GET', path, { as: 'D1-S01' });
        expect({ path, status: r.status }).toEqual({ path, status: 403 });
      }
    });

    it('keeps the task’s own events (counts of streets, withdrawals) from streets', async () => {
      const street = await h.request('GET', `/api/audit/task/${taskId}`, { as: 'D1-S01' });
      expect(street.status).toBe(404);
      expect((await h.request('GET', `/api/audit/task/${taskId}`, { as: 'MZJ' })).status).toBe(200);
    });
  });
});
