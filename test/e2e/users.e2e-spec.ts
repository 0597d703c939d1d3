import argon2 from 'argon2';
import { DEMO_PASSWORD } from '../support/env';
import { Harness } from '../support/harness';

/**
 * Issue 6, class 7: user administration (admin), and sessions that end within the user cache
 * window when a user is deactivated, its role changed or its password reset.
 */
const CACHE_MS = 300;
/** Long enough for the cache window on a loaded machine; the refusal is polled for, never slept on. */
const WITHIN = CACHE_MS + 5000;

const PASSWORD = 'Quiet-harbour-2031';

describe('user administration and revocable sessions (class 7)', () => {
  const h = new Harness({ AUTH_USER_CACHE_MS: String(CACHE_MS) });
  // Changes are made through the main API, which forgets what it cached at once; tokens are also
  // tried on other instances, which learn of the change only when their cache entry expires.
  let other = '';
  let slow = '';
  beforeAll(async () => {
    await h.start({ worker: false });
    [other, slow] = await Promise.all([h.startExtraApi(), h.startExtraApi({ AUTH_USER_CACHE_MS: '60000' })]);
  });
  afterAll(() => h.stop());

  const statusAt = async (base: string, path: string, token: string) =>
    (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })).status;

  const users = async () => (await h.db.query(`SELECT count(*)::int AS n FROM app_user`)).rows[0].n;
  const auditCount = async () => (await h.db.query(`SELECT count(*)::int AS n FROM audit_event`)).rows[0].n;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function loginAs(username: string, password = PASSWORD): Promise<string> {
    const r = await h.request('POST', '/api/auth/login', { body: { username, password } });
    expect({ username, status: r.status }).toEqual({ username, status: 200 });
    return r.body.accessToken;
  }

  async function create(body: Record<string, unknown>) {
    const r = await h.request('POST', '/api/users', { as: 'admin', body });
    expect({ status: r.status, body: r.body }).toMatchObject({ status: 201 });
    return r.body as { id: string; username: string };
  }

  /**
   * Polls until another API instance refuses this token with 401 (fails after WITHIN ms), then
   * checks the refusal body on the main instance.
   */
  async function refusedSoon(token: string, path: string) {
    await h.waitFor(
      async () => (await statusAt(other, path, token)) === 401,
      WITHIN,
      'the old token to be refused',
      50,
    );
    const r = await h.request('GET', path, { headers: bearer(token) });
    expect(r.body).toEqual({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: '未登录或登录已失效',
      details: [],
    });
  }

  it('creates a user, lists it by organisation with keyset pages, and never shows a password hash', async () => {
    const made = await create({
      username: 'D1-S01-li',
      orgCode: 'D1-S01',
      role: 'street',
      password: PASSWORD,
    });
    expect(made).toEqual({
      id: expect.any(String),
      username: 'D1-S01-li',
      orgCode: 'D1-S01',
      roles: ['street'],
      active: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    await create({ username: 'D1-S01-wang', orgCode: 'D1-S01', role: 'street', password: PASSWORD });

    const first = await h.request('GET', '/api/users?orgCode=D1-S01&limit=2', { as: 'admin' });
    expect(first.status).toBe(200);
    expect(first.body.items.map((u: { username: string }) => u.username)).toEqual([
      'D1-S01-wang',
      'D1-S01-li',
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await h.request(
      'GET',
      `/api/users?orgCode=D1-S01&limit=2&cursor=${first.body.nextCursor}`,
      {
        as: 'admin',
      },
    );
    expect(second.body).toEqual({
      items: [expect.objectContaining({ username: 'D1-S01' })],
      nextCursor: null,
    });

    const all = await h.request('GET', '/api/users?limit=200', { as: 'admin' });
    expect(all.body.items.length).toBe(await users());
    const text = JSON.stringify([first.body, second.body, all.body, made]);
    expect(text).not.toMatch(/argon2|password/i);

    const token = await loginAs('D1-S01-li');
    expect((await h.request('GET', '/api/assignments', { headers: bearer(token) })).status).toBe(200);
    // Governance bodies (authorities) push tasks like departments, as the seed's users there do.
    await create({ username: 'SHGZB-lin', orgCode: 'SHGZB', role: 'department', password: PASSWORD });
  });

  it('validates every field with a reason, refuses taken usernames with 409, and writes nothing', async () => {
    const before = [await users(), await auditCount()];
    const bad = async (body: Record<string, unknown>, lang = 'en') =>
      h.request('POST', '/api/users', { as: 'admin', body, headers: { 'accept-language': lang } });
    const ok = { username: 'ZJJ-zhang', orgCode: 'ZJJ', role: 'department', password: PASSWORD };

    const wrongRole = await bad({ ...ok, role: 'street' });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.details).toEqual([
      { field: 'role', message: 'this role does not fit the organisation (allowed: department)' },
    ]);
    const reviewerAtStreet = await bad({ ...ok, orgCode: 'D2-S03', role: 'reviewer' }, 'zh-CN');
    expect(reviewerAtStreet.body.details).toEqual([
      { field: 'role', message: '该角色不适用于此类单位(可选:street)' },
    ]);
    // Administration is the system administration's alone: not the 编办's, and SYS takes no other role.
    expect((await bad({ ...ok, orgCode: 'WBB', role: 'admin' })).body.details).toEqual([
      {
        field: 'role',
        message: 'this role does not fit the organisation (allowed: department, reviewer, supervisor)',
      },
    ]);
    expect((await bad({ ...ok, orgCode: 'SYS', role: 'reviewer' })).body.details).toEqual([
      { field: 'role', message: 'this role does not fit the organisation (allowed: admin)' },
    ]);
    expect((await bad({ ...ok, orgCode: 'NOPE' })).body.details).toEqual([
      { field: 'orgCode', message: 'unknown organisation code' },
    ]);
    expect((await bad({ ...ok, role: 'root' })).body.details).toEqual([
      expect.objectContaining({ field: 'role' }),
    ]);
    expect((await bad({ ...ok, password: 'short-1' })).body.details).toEqual([
      { field: 'password', message: 'a password needs at least 12 characters' },
    ]);
    expect((await bad({ ...ok, password: 'aaaaaaaaaaaaaaaa' })).body.details).toEqual([
      expect.objectContaining({ field: 'password', message: expect.stringContaining('too simple') }),
    ]);
    expect((await bad({ ...ok, password: 'zjj-zhang-2031!' })).body.details).toEqual([
      { field: 'password', message: 'must not contain the username' },
    ]);
    for (const username of ['', ' spaced', 'x'.repeat(65), '-dash', '张三'])
      expect({ username, status: (await bad({ ...ok, username })).status }).toEqual({
        username,
        status: 400,
      });
    expect((await bad({ ...ok, passwordHash: 'x' })).body.details).toEqual([
      expect.objectContaining({ field: 'passwordHash' }),
    ]);
    const missing = (await bad({ username: 'x' })).body.details.map((d: { field: string }) => d.field);
    expect([...new Set(missing)].sort()).toEqual(['orgCode', 'password', 'role']);

    for (const username of ['ZJJ', 'zjj', 'Admin']) {
      const taken = await bad({ ...ok, username, orgCode: 'ZJJ' });
      expect({ username, status: taken.status, body: taken.body }).toEqual({
        username,
        status: 409,
        body: {
          statusCode: 409,
          code: 'USERNAME_TAKEN',
          message: 'This username is already taken',
          details: [{ field: 'username', message: 'this username is already taken' }],
        },
      });
    }
    expect([await users(), await auditCount()]).toEqual(before);
  });

  it('refuses user administration to every other role with 403', async () => {
    const someone = (await h.request('GET', '/api/users', { as: 'admin' })).body.items[0].id;
    const before = await users();
    for (const who of ['ZJJ', 'D1-S01', 'WBB', 'ZFB']) {
      const list = await h.request('GET', '/api/users', { as: who });
      const post = await h.request('POST', '/api/users', {
        as: who,
        body: { username: `by-${who}`, orgCode: 'ZJJ', role: 'department', password: PASSWORD },
      });
      const patch = await h.request('PATCH', `/api/users/${someone}`, { as: who, body: { active: false } });
      expect({ who, statuses: [list.status, post.status, patch.status] }).toEqual({
        who,
        statuses: [403, 403, 403],
      });
    }
    expect(await users()).toBe(before);
    expect((await h.request('GET', '/api/users')).status).toBe(401);
  });

  it('answers 404 for unknown or malformed ids and 400 for an empty or bad change', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1' OR '1'='1"])
      expect(
        (
          await h.request('PATCH', `/api/users/${encodeURIComponent(id)}`, {
            as: 'admin',
            body: { active: false },
          })
        ).status,
      ).toBe(404);
    const u = await create({
      username: 'SCJG-zhao',
      orgCode: 'SCJG',
      role: 'department',
      password: PASSWORD,
    });
    expect((await h.request('PATCH', `/api/users/${u.id}`, { as: 'admin', body: {} })).status).toBe(400);
    expect(
      (await h.request('PATCH', `/api/users/${u.id}`, { as: 'admin', body: { active: 'no' } })).status,
    ).toBe(400);
    expect(
      (await h.request('PATCH', `/api/users/${u.id}`, { as: 'admin', body: { role: 'supervisor' } })).body
        .details,
    ).toEqual([expect.objectContaining({ field: 'role' })]);
    expect(
      (await h.request('PATCH', `/api/users/${u.id}`, { as: 'admin', body: { password: 'tiny' } })).status,
    ).toBe(400);
    // Nothing changed: the user's token version is where it was.
    expect(
      (await h.db.query(`SELECT token_version FROM app_user WHERE id = $1`, [u.id])).rows[0].token_version,
    ).toBe(1);
  });

  it("refuses a deactivated user's existing token within the cache window, and its login; reactivation needs a new login", async () => {
    const u = await create({
      username: 'ZHZF-qian',
      orgCode: 'ZHZF',
      role: 'department',
      password: PASSWORD,
    });
    const token = await loginAs('ZHZF-qian');
    for (const base of [h.baseUrl, other, slow]) expect(await statusAt(base, '/api/tasks', token)).toBe(200);

    const off = await h.request('PATCH', `/api/users/${u.id}`, { as: 'admin', body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: u.id, active: false });
    // The instance that made the change refuses at once.
    expect(await statusAt(h.baseUrl, '/api/tasks', token)).toBe(401);
    // One with a minute's cache has not read the user again: requests cost no database read.
    expect(await statusAt(slow, '/api/tasks', token)).toBe(200);
    // The others refuse once their cache entry expires (AUTH_USER_CACHE_MS).
    await refusedSoon(token, '/api/tasks');
    const refused = await h.request('POST', '/api/auth/login', {
      body: { username: 'ZHZF-qian', password: PASSWORD },
    });
    expect({ status: refused.status, body: refused.body }).toEqual({
      status: 401,
      body: { statusCode: 401, code: 'INVALID_CREDENTIALS', message: '用户名或密码错误', details: [] },
    });

    expect(
      (await h.request('PATCH', `/api/users/${u.id}`, { as: 'admin', body: { active: true } })).status,
    ).toBe(200);
    // The old token stays dead (its version is gone); a new login works.
    expect((await h.request('GET', '/api/tasks', { headers: bearer(token) })).status).toBe(401);
    const again = await loginAs('ZHZF-qian');
    expect((await h.request('GET', '/api/tasks', { headers: bearer(again) })).status).toBe(200);

    const events = await h.request('GET', `/api/audit/user/${u.id}`, { as: 'admin' });
    expect(events.status).toBe(200);
    expect(events.body.map((e: { action: string }) => e.action)).toEqual([
      'user_created',
      'user_deactivated',
      'user_reactivated',
    ]);
    expect((await h.request('GET', `/api/audit/user/${u.id}`, { as: 'WBB' })).status).toBe(404);
  });

  it('refuses a token from before a role change within the cache window; the new login carries the new role', async () => {
    const u = await create({ username: 'WBB-sun', orgCode: 'WBB', role: 'reviewer', password: PASSWORD });
    const token = await loginAs('WBB-sun');
    expect((await h.request('GET', '/api/reviews', { headers: bearer(token) })).status).toBe(200);
    const r = await h.request('PATCH', `/api/users/${u.id}`, { as: 'admin', body: { role: 'supervisor' } });
    expect(r.body).toMatchObject({ roles: ['supervisor'] });
    await refusedSoon(token, '/api/reviews');
    const fresh = await h.request('POST', '/api/auth/login', {
      body: { username: 'WBB-sun', password: PASSWORD },
    });
    expect(fresh.body.user.roles).toEqual(['supervisor']);
    expect(
      (await h.request('GET', '/api/supervision/overdue', { headers: bearer(fresh.body.accessToken) }))
        .status,
    ).toBe(200);
  });

  it('ends sessions on a password reset: old token and old password refused, the new password works', async () => {
    const u = await create({ username: 'CGJ-zhou', orgCode: 'CGJ', role: 'department', password: PASSWORD });
    const token = await loginAs('CGJ-zhou');
    const newPassword = 'Evening-tide-4417';
    const r = await h.request('PATCH', `/api/users/${u.id}`, {
      as: 'admin',
      body: { password: newPassword },
    });
    expect(r.status).toBe(200);
    await refusedSoon(token, '/api/tasks');
    expect(
      (await h.request('POST', '/api/auth/login', { body: { username: 'CGJ-zhou', password: PASSWORD } }))
        .status,
    ).toBe(401);
    await loginAs('CGJ-zhou', newPassword);
    const events = (await h.request('GET', `/api/audit/user/${u.id}`, { as: 'admin' })).body;
    expect(events.map((e: { action: string }) => e.action)).toEqual(['user_created', 'user_password_reset']);
    // The admin acted as the system administration, not as the 编办 it used to belong to.
    expect(events.map((e: { actorOrg: string }) => e.actorOrg)).toEqual(['SYS', 'SYS']);
    expect(JSON.stringify(events)).not.toContain(newPassword);
    expect(JSON.stringify(events)).not.toContain('argon2');
  });

  it('ends dashboard access (HTTP Basic) of a deactivated admin too', async () => {
    const u = await create({ username: 'ops-admin', orgCode: 'SYS', role: 'admin', password: PASSWORD });
    const basic = { authorization: `Basic ${Buffer.from(`ops-admin:${PASSWORD}`).toString('base64')}` };
    expect((await fetch(`${h.baseUrl}/admin/queues`, { headers: basic })).status).toBe(200);
    await h.request('PATCH', `/api/users/${u.id}`, { as: 'admin', body: { active: false } });
    await h.waitFor(
      async () => (await fetch(`${h.baseUrl}/admin/queues`, { headers: basic })).status === 401,
      WITHIN,
      'the dashboard to refuse the deactivated admin',
      50,
    );
  });

  it('keeps an admin from locking itself out', async () => {
    const me = (await h.request('GET', '/api/users?orgCode=SYS&limit=200', { as: 'admin' })).body.items.find(
      (u: { username: string }) => u.username === 'admin',
    );
    const off = await h.request('PATCH', `/api/users/${me.id}`, { as: 'admin', body: { active: false } });
    expect(off.status).toBe(400);
    expect(off.body.details).toEqual([expect.objectContaining({ field: 'active' })]);
    expect(
      (await h.request('PATCH', `/api/users/${me.id}`, { as: 'admin', body: { role: 'reviewer' } })).status,
    ).toBe(400);
    expect((await h.request('GET', '/api/users', { as: 'admin' })).status).toBe(200);
  });

  it('accepts the Bearer scheme in any case', async () => {
    const token = await h.login('D1-S01');
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR'])
      expect({
        scheme,
        status: (
          await h.request('GET', '/api/assignments', { headers: { authorization: `${scheme} ${token}` } })
        ).status,
      }).toEqual({ scheme, status: 200 });
    for (const bad of [`Bearer${token}`, `Bearer ${token} extra`, `Bearers ${token}`])
      expect((await h.request('GET', '/api/assignments', { headers: { authorization: bad } })).status).toBe(
        401,
      );
  });

  it('replaces a hash made at an earlier cost setting at the next sign-in, keeping the password and the sessions', async () => {
    // XFJY's hash as a server with the library's default cost would have made it; this API runs at the suite's floor.
    const older = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
    const user = await h.db.query(
      `UPDATE app_user SET password_hash = $1 WHERE username = 'XFJY' RETURNING id, token_version`,
      [older],
    );
    const stored = async () =>
      (await h.db.query(`SELECT password_hash, token_version FROM app_user WHERE id = $1`, [user.rows[0].id]))
        .rows[0];
    const wrong = await h.request('POST', '/api/auth/login', {
      body: { username: 'XFJY', password: 'not-it-at-all' },
    });
    expect(wrong.status).toBe(401);
    expect((await stored()).password_hash).toBe(older);

    const first = await h.request('POST', '/api/auth/login', {
      body: { username: 'XFJY', password: DEMO_PASSWORD },
    });
    expect(first.status).toBe(200);
    const after = await stored();
    expect(after.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(after.token_version).toBe(user.rows[0].token_version);
    // The same password signs in against the new hash, and the first session still works.
    expect(
      (await h.request('POST', '/api/auth/login', { body: { username: 'XFJY', password: DEMO_PASSWORD } }))
        .status,
    ).toBe(200);
    expect((await stored()).password_hash).toBe(after.password_hash);
    const me = await h.request('GET', '/api/assignments', {
      headers: { authorization: `Bearer ${first.body.accessToken}` },
    });
    expect(me.status).toBe(200);
  });
});
