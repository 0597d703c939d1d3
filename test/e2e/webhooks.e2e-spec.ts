import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Harness } from '../support/harness';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  at: number;
  answered: number;
}

/**
 * A webhook receiver on a local port: answers 503 to the first `failFirst` calls on each path,
 * then 200, and records every call with its raw body.
 */
class Receiver {
  readonly calls: Received[] = [];
  private readonly failFirst = new Map<string, number>();
  private readonly redirects = new Map<string, string>();
  private server!: Server;
  url = '';

  constructor(private readonly host = '127.0.0.1') {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '';
        const seen = this.calls.filter((c) => c.path === path).length;
        const location = this.redirects.get(path);
        const status = location ? 302 : seen < (this.failFirst.get(path) ?? 0) ? 503 : 200;
        this.calls.push({
          path,
          headers: req.headers,
          raw: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
          answered: status,
        });
        if (location) return res.writeHead(302, { location }).end();
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'busy');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, this.host, resolve));
    this.url = `http://${this.host}:${(this.server.address() as AddressInfo).port}`;
  }

  /** A path that answers 302 to `location`. */
  redirect(name: string, location: string): string {
    this.redirects.set(`/${name}`, location);
    return `${this.url}/${name}`;
  }

  /** A path whose first `n` calls fail. */
  path(name: string, failFirst: number): string {
    this.failFirst.set(`/${name}`, failFirst);
    return `${this.url}/${name}`;
  }

  on(name: string): Received[] {
    return this.calls.filter((c) => c.path === `/${name}`);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What a receiver does to check a delivery: HMAC-SHA256 of the raw body with the shared secret. */
function verifies(secret: string, raw: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const got = Buffer.from(header.slice('sha256='.length), 'hex');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

describe('notifications: webhooks with retries, and the in-app inbox', () => {
  // The receivers run on loopback, which webhooks may only reach when configuration allows it:
  // 127.0.0.1 is allowed here, 127.0.0.2 (another loopback address, with its own receiver) is not.
  const h = new Harness({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
  const receiver = new Receiver();
  const outsider = new Receiver('127.0.0.2');
  beforeAll(async () => {
    await receiver.start();
    await outsider.start();
    await h.start({ worker: 'in-api' });
  }, 60_000);
  afterAll(async () => {
    await h.stop();
    await receiver.stop();
    await outsider.stop();
  });

  /** A task for one street, routed: its street is notified of a new assignment. */
  async function newAssignment(street: string): Promise<string> {
    const r = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: {
        title: `特困人员供养核查(${street})`,
        streetCodes: [street],
        matterCode: 'MZ-01',
        actionType: 'service_delivery',
        deadlineWorkingDays: 10,
      },
    });
    expect(r.status).toBe(201);
    await h.waitRouted([r.body.id]);
    return r.body.assignments[0].id;
  }

  async function register(orgCode: string, url: string) {
    const r = await h.request('POST', '/api/webhooks', { as: 'admin', body: { orgCode, url } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ orgCode, url, active: true });
    expect(typeof r.body.secret).toBe('string');
    expect(r.body.secret.length).toBeGreaterThanOrEqual(24);
    return r.body as { id: string; secret: string };
  }

  const deliveries = async (webhookId: string) => {
    const r = await h.request('GET', `/api/webhooks/${webhookId}/deliveries`, { as: 'admin' });
    expect(r.status).toBe(200);
    return r.body as any[];
  };

  it('retries a failing receiver with backoff until it answers, signing every attempt', async () => {
    expect(
      (
        await h.request('POST', '/api/webhooks', {
          as: 'D2-S04',
          body: { orgCode: 'D2-S04', url: receiver.url },
        })
      ).status,
    ).toBe(403);
    const hook = await register('D2-S04', receiver.path('s04', 2));
    // the secret is shown once, at registration, never in listings
    const listed = await h.request('GET', '/api/webhooks?orgCode=D2-S04', { as: 'admin' });
    expect(listed.body.map((w: any) => w.id)).toEqual([hook.id]);
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret);

    const assignmentId = await newAssignment('D2-S04');
    await h.waitFor(
      async () => (await deliveries(hook.id)).some((d) => d.state !== 'pending'),
      30_000,
      'the delivery to end',
      200,
    );
    const [log, ...more] = await deliveries(hook.id);
    expect(more).toEqual([]);
    expect(log).toMatchObject({
      kind: 'assignment.new',
      state: 'delivered',
      attempts: 3,
      responseStatus: 200,
    });
    expect(log.deliveredAt).not.toBeNull();

    const calls = receiver.on('s04');
    expect(calls.map((c) => c.answered)).toEqual([503, 503, 200]);
    for (const [i, c] of calls.entries()) {
      expect(c.headers['content-type']).toBe('application/json');
      expect(c.headers['x-dutygate-delivery']).toBe(log.id);
      expect(verifies(hook.secret, c.raw, c.headers['x-dutygate-signature'])).toBe(true);
      expect(verifies(`${hook.secret}x`, c.raw, c.headers['x-dutygate-signature'])).toBe(false);
      expect(verifies(hook.secret, `${c.raw} `, c.headers['x-dutygate-signature'])).toBe(false);
      const body = JSON.parse(c.raw);
      expect(body).toMatchObject({
        deliveryId: log.id,
        attempt: i + 1,
        notification: { id: log.notificationId, orgCode: 'D2-S04', kind: 'assignment.new', assignmentId },
      });
    }
    // exponential backoff from 500 ms: about 0.5 s, then 1 s between attempts
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(400);
    expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(900);

    // the delivery log is the admin's, and only of webhooks that exist
    expect((await h.request('GET', `/api/webhooks/${hook.id}/deliveries`, { as: 'D2-S04' })).status).toBe(
      403,
    );
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-webhook']) {
      expect((await h.request('GET', `/api/webhooks/${id}/deliveries`, { as: 'admin' })).status).toBe(404);
      const patch = await h.request('PATCH', `/api/webhooks/${id}`, { as: 'admin', body: { active: false } });
      expect(patch.status).toBe(404);
    }

    // the same notification is in the street's inbox
    const inbox = await h.request('GET', '/api/notifications', { as: 'D2-S04' });
    expect(inbox.body.items.map((n: any) => n.id)).toContain(log.notificationId);

    // a paused webhook gets nothing new
    expect(
      (await h.request('PATCH', `/api/webhooks/${hook.id}`, { as: 'admin', body: { active: false } })).body,
    ).toEqual({ id: hook.id, active: false });
    await newAssignment('D2-S04');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await deliveries(hook.id)).toHaveLength(1);
    expect(receiver.on('s04')).toHaveLength(3);
  });

  it('stops retrying a delivery once its webhook is paused', async () => {
    const hook = await register('D2-S07', receiver.path('s07', 100));
    await newAssignment('D2-S07');
    await h.waitFor(
      async () => (await deliveries(hook.id))[0]?.attempts >= 1,
      15_000,
      'the first failed attempt',
    );
    await h.request('PATCH', `/api/webhooks/${hook.id}`, { as: 'admin', body: { active: false } });
    await h.waitFor(
      async () => (await deliveries(hook.id))[0]?.state === 'failed',
      15_000,
      'the delivery to end',
    );
    const [d] = await deliveries(hook.id);
    expect(d.lastError).toBe('webhook paused');
    const calls = receiver.on('s07').length;
    await new Promise((r) => setTimeout(r, 2000));
    expect(receiver.on('s07')).toHaveLength(calls);
  });

  it('keeps an inbox per organisation: unread count, mark one read, mark all read, pages', async () => {
    const first = await newAssignment('D2-S06');
    const second = await newAssignment('D2-S06');
    const list = async (q = '') => {
      const r = await h.request('GET', `/api/notifications${q}`, { as: 'D2-S06' });
      expect(r.status).toBe(200);
      return r.body as { items: any[]; nextCursor: string | null; unread: number };
    };
    const all = await list();
    expect(all.unread).toBe(2);
    expect(all.items.map((n) => [n.kind, n.assignmentId, n.readAt])).toEqual([
      ['assignment.new', second, null],
      ['assignment.new', first, null],
    ]);
    expect(all.items[0].payload).toMatchObject({ streetCode: 'D2-S06', outcome: 'admit' });
    // nobody else sees or touches them
    const other = await h.request('GET', '/api/notifications', { as: 'D2-S05' });
    expect(other.status).toBe(200);
    expect(other.body.items.map((n: any) => n.assignmentId)).not.toContain(first);
    expect(
      (await h.request('POST', `/api/notifications/${all.items[1].id}/read`, { as: 'D2-S05' })).status,
    ).toBe(404);
    expect((await list()).unread).toBe(2);

    const page1 = await list('?limit=1');
    expect(page1.items.map((n) => n.assignmentId)).toEqual([second]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await list(`?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items.map((n) => n.assignmentId)).toEqual([first]);
    expect(page2.nextCursor).toBeNull();
    // The count is the whole list's on every page, also one after a cursor (it rides on the page's first row).
    expect([page1.unread, page2.unread]).toEqual([2, 2]);

    const read = await h.request('POST', `/api/notifications/${all.items[1].id}/read`, { as: 'D2-S06' });
    expect(read.status).toBe(200);
    const after = await list();
    expect(after.unread).toBe(1);
    expect(after.items.find((n) => n.assignmentId === first).readAt).not.toBeNull();
    expect((await list('?unread=true')).items.map((n) => n.assignmentId)).toEqual([second]);
    // Page and count come from one statement: an empty page still answers the count.
    expect(await list(`?unread=true&cursor=${page1.nextCursor}`)).toEqual({
      items: [],
      nextCursor: null,
      unread: 1,
    });
    expect((await list('?unread=false')).items).toHaveLength(2);

    const allRead = await h.request('POST', '/api/notifications/read-all', { as: 'D2-S06' });
    expect(allRead.body).toEqual({ marked: 1 });
    expect((await list()).unread).toBe(0);
    expect((await list('?unread=true')).items).toEqual([]);
  });

  it('still delivers when Redis loses the delivery job between retries', async () => {
    const hook = await register('D2-S05', receiver.path('s05', 3));
    await newAssignment('D2-S05');
    // After the third failure the next retry waits 2 s in BullMQ's delayed set: lose it, with
    // everything else of this DutyGate in Redis.
    await h.waitFor(async () => receiver.on('s05').length === 3, 30_000, 'three failed attempts', 50);
    expect(await h.loseRedis()).toBeGreaterThan(0);
    expect(receiver.on('s05')).toHaveLength(3);
    await h.waitFor(
      async () => (await deliveries(hook.id)).some((d) => d.state !== 'pending'),
      30_000,
      'the lost delivery to be sent again',
      200,
    );
    const [log] = await deliveries(hook.id);
    expect(log).toMatchObject({ state: 'delivered', responseStatus: 200 });
    const calls = receiver.on('s05');
    expect(calls.map((c) => c.answered)).toEqual([503, 503, 503, 200]);
    expect(verifies(hook.secret, calls[3].raw, calls[3].headers['x-dutygate-signature'])).toBe(true);
    expect(JSON.parse(calls[3].raw).deliveryId).toBe(log.id);
  });

  it('refuses URLs to loopback, private, link-local or reserved addresses, with credentials or other schemes (400 naming url)', async () => {
    const count = async () => (await h.db.query('SELECT count(*)::int AS n FROM webhook')).rows[0].n;
    const before = await count();
    const port = new URL(receiver.url).port;
    const refused: [string, string][] = [
      [outsider.url, 'url_forbidden_address'], // loopback, but not the allowed 127.0.0.1
      [`http://0x7f000002:${port}/`, 'url_forbidden_address'], // 127.0.0.2 in hex
      [`http://2130706434:${port}/`, 'url_forbidden_address'], // 127.0.0.2 in decimal
      [`http://0177.0.0.2:${port}/`, 'url_forbidden_address'], // octal
      [`http://0.0.0.0:${port}/`, 'url_forbidden_address'],
      [`http://localhost:${port}/`, 'url_forbidden_address'],
      [`http://[::1]:${port}/`, 'url_forbidden_address'],
      [`http://[::ffff:10.0.0.1]/`, 'url_forbidden_address'], // IPv4-mapped private
      ['http://169.254.169.254/latest/meta-data/', 'url_forbidden_address'],
      ['http://10.1.2.3/', 'url_forbidden_address'],
      ['http://172.20.0.1/', 'url_forbidden_address'],
      ['http://192.168.0.1/', 'url_forbidden_address'],
      ['http://[fd00::1]/', 'url_forbidden_address'],
      ['http://[fe80::1]/', 'url_forbidden_address'],
      [`http://user:pass@127.0.0.1:${port}/`, 'url_credentials'],
      ['https://token@hooks.example.com/', 'url_credentials'],
      ['ftp://127.0.0.1/', 'url_not_http'],
      ['file:///etc/passwd', 'url_not_http'],
      ['gopher://127.0.0.1:6379/_FLUSHALL', 'url_not_http'],
      ['not a url', 'matches'],
      ['http://hooks.invalid/', 'url_unresolvable'], // a name is resolved at registration
    ];
    const zh: Record<string, RegExp> = {
      url_forbidden_address: /^指向本机、内网、链路本地或保留地址(.+),且未在 WEBHOOK_ALLOWED_HOSTS 中放行$/,
      url_credentials: /^地址中不能包含用户名或密码$/,
      url_not_http: /^须为 http 或 https 地址$/,
      matches: /^格式不正确$/,
      url_unresolvable: /^主机名无法解析$/,
    };
    for (const [url, reason] of refused) {
      const r = await h.request('POST', '/api/webhooks', { as: 'admin', body: { orgCode: 'D2-S03', url } });
      expect({
        url,
        status: r.status,
        code: r.body.code,
        fields: r.body.details.map((d: any) => d.field),
      }).toEqual({
        url,
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['url'],
      });
      expect(r.body.details[0].message).toMatch(zh[reason]);
    }
    const en = await h.request('POST', '/api/webhooks', {
      as: 'admin',
      body: { orgCode: 'D2-S03', url: 'http://169.254.169.254/' },
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.details).toEqual([
      {
        field: 'url',
        message:
          'points to a loopback, private, link-local or reserved address (169.254.169.254) not allowed by WEBHOOK_ALLOWED_HOSTS',
      },
    ]);
    expect(await count()).toBe(before);

    // What the allow-list names is accepted, in any spelling of the address.
    for (const url of [`http://2130706433:${port}/decimal`, `http://[::ffff:127.0.0.1]:${port}/mapped`]) {
      const r = await h.request('POST', '/api/webhooks', { as: 'admin', body: { orgCode: 'D2-S03', url } });
      expect({ url, status: r.status }).toEqual({ url, status: 201 });
    }
  });

  it('checks again at delivery: a stored URL that is no longer allowed is never called', async () => {
    // As if registered before the rule existed, or before the allow-list was narrowed.
    const rows = await h.db.query(
      `INSERT INTO webhook (org_code, url, secret) VALUES ('D3-S01', $1, 'old-secret-0123456789abcdef') RETURNING id`,
      [outsider.url + '/old'],
    );
    const hookId = rows.rows[0].id as string;
    await newAssignment('D3-S01');
    await h.waitFor(
      async () => (await deliveries(hookId)).some((d) => d.state !== 'pending'),
      30_000,
      'the delivery to end',
      200,
    );
    const [d] = await deliveries(hookId);
    expect(d).toMatchObject({
      state: 'failed',
      attempts: 1,
      responseStatus: null,
      lastError: 'refused: url_forbidden_address (127.0.0.2)',
    });
    expect(outsider.on('old')).toEqual([]);

    // The administrators hear of it in their own inbox (the system administration's), once while unread.
    const notices = async () =>
      (await h.request('GET', '/api/notifications?kind=webhook', { as: 'admin' })).body.items.filter(
        (n: any) => n.payload.webhookId === hookId,
      );
    expect(await notices()).toEqual([
      expect.objectContaining({
        orgCode: 'SYS',
        kind: 'webhook.failed',
        assignmentId: null,
        readAt: null,
        payload: expect.objectContaining({
          webhookOrgCode: 'D3-S01',
          deliveryId: d.id,
          error: 'refused: url_forbidden_address (127.0.0.2)',
        }),
      }),
    ]);
    expect(JSON.stringify(await notices())).not.toContain('old-secret');
    // Not the 编办's business: its inbox has no such notice.
    const wbb = await h.request('GET', '/api/notifications?kind=webhook', { as: 'WBB' });
    expect(wbb.body.items).toEqual([]);
    const failedOf = async () => (await deliveries(hookId)).filter((x) => x.state === 'failed').length;
    await newAssignment('D3-S01');
    await h.waitFor(async () => (await failedOf()) === 2, 30_000, 'the second delivery to be refused', 200);
    expect(await notices()).toHaveLength(1);
    // Once read, the next failure is news again.
    await h.request('POST', `/api/notifications/${(await notices())[0].id}/read`, { as: 'admin' });
    await newAssignment('D3-S01');
    await h.waitFor(async () => (await failedOf()) === 3, 30_000, 'the third delivery to be refused', 200);
    await h.waitFor(async () => (await notices()).length === 2, 10_000, 'a second notice', 100);
  });

  it('does not follow a redirect, not even to an allowed address', async () => {
    const target = receiver.path('target', 0);
    const hook = await register('D3-S02', receiver.redirect('moved', target));
    await newAssignment('D3-S02');
    await h.waitFor(async () => receiver.on('moved').length >= 2, 30_000, 'two attempts', 100);
    const [d] = await deliveries(hook.id);
    expect(d).toMatchObject({ responseStatus: 302, lastError: 'HTTP 302 (redirects are not followed)' });
    expect(d.state).not.toBe('delivered');
    expect(receiver.on('target')).toEqual([]);
  });

  it('never shows a secret back: not in listings, updates or delivery logs', async () => {
    const hook = await register('D3-S03', receiver.path('s10', 0));
    await newAssignment('D3-S03');
    await h.waitFor(
      async () => (await deliveries(hook.id)).some((d) => d.state === 'delivered'),
      30_000,
      'delivery',
    );
    const shown = [
      await h.request('GET', '/api/webhooks', { as: 'admin' }),
      await h.request('GET', '/api/webhooks?orgCode=D3-S03', { as: 'admin' }),
      await h.request('PATCH', `/api/webhooks/${hook.id}`, { as: 'admin', body: { active: false } }),
      await h.request('PATCH', `/api/webhooks/${hook.id}`, { as: 'admin', body: { active: true } }),
      await h.request('GET', `/api/webhooks/${hook.id}/deliveries`, { as: 'admin' }),
    ];
    for (const r of shown) {
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain(hook.secret);
      expect(JSON.stringify(r.body)).not.toMatch(/"secret"/);
    }
  });

  it('keeps an audit chain of each webhook: registered, moved, paused, resumed, removed, by whom; the query string is not copied', async () => {
    const hook = await register('D1-S02', `${receiver.path('audit', 0)}?token=receiver-secret`);
    const moved = receiver.path('audit-moved', 0);
    const put = await h.request('PUT', `/api/webhooks/${hook.id}`, { as: 'admin', body: { url: moved } });
    expect(put.status).toBe(200);
    // The same URL again, and the state it already has, change nothing and record nothing.
    expect(
      (await h.request('PUT', `/api/webhooks/${hook.id}`, { as: 'admin', body: { url: moved } })).status,
    ).toBe(200);
    for (const active of [false, false, true])
      expect(
        (await h.request('PATCH', `/api/webhooks/${hook.id}`, { as: 'admin', body: { active } })).status,
      ).toBe(200);
    expect((await h.request('DELETE', `/api/webhooks/${hook.id}`, { as: 'admin' })).status).toBe(204);
    expect((await h.request('DELETE', `/api/webhooks/${hook.id}`, { as: 'admin' })).status).toBe(404);

    const audit = await h.request('GET', `/api/audit/webhook/${hook.id}`, { as: 'admin' });
    expect(audit.status).toBe(200);
    const admin = (await h.db.query(`SELECT id FROM app_user WHERE username = 'admin'`)).rows[0].id;
    const origin = new URL(moved).origin;
    expect(
      audit.body.map((e: any) => [e.seq, e.action, e.fromState, e.toState, e.actorId, e.payload]),
    ).toEqual([
      [1, 'webhook_registered', null, 'active', admin, { orgCode: 'D1-S02', url: `${origin}/audit?…` }],
      [
        2,
        'webhook_url_changed',
        null,
        null,
        admin,
        { orgCode: 'D1-S02', from: `${origin}/audit?…`, to: `${origin}/audit-moved` },
      ],
      [3, 'webhook_deactivated', 'active', 'inactive', admin, { orgCode: 'D1-S02' }],
      [4, 'webhook_reactivated', 'inactive', 'active', admin, { orgCode: 'D1-S02' }],
      [5, 'webhook_removed', 'active', null, admin, { orgCode: 'D1-S02', url: `${origin}/audit-moved` }],
    ]);
    expect(JSON.stringify(audit.body)).not.toContain('receiver-secret');
    expect(JSON.stringify(audit.body)).not.toContain(hook.secret);
    // Where an organisation's notifications went is the admin's business only.
    for (const who of ['WBB', 'ZFB', 'D1-S02'])
      expect((await h.request('GET', `/api/audit/webhook/${hook.id}`, { as: who })).status).toBe(404);
    const verify = await h.request('GET', '/api/audit/verify', { as: 'admin' });
    expect(verify.body).toMatchObject({ ok: true });
  });
});
