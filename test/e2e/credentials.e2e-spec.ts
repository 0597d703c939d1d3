import { DEFAULT_PASSWORD_HASH } from '../support/env';
import { Harness } from '../support/harness';

/**
 * Issue 6, class 6: passwords outside the login form. Every password check (the login form and the
 * queue dashboard's HTTP Basic) is throttled per username and client in Redis, before hashing.
 */
const LIMIT = 3;

const basicHeader = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

interface Answer {
  status: number;
  body: any;
  retryAfter: string | null;
  wwwAuthenticate: string | null;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* HTML of the dashboard */
  }
  return {
    status: res.status,
    body,
    retryAfter: res.headers.get('retry-after'),
    wwwAuthenticate: res.headers.get('www-authenticate'),
  };
}

const login = (base: string, username: string, password: string, headers: Record<string, string> = {}) =>
  call(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });

const dashboard = (base: string, authorization: string, headers: Record<string, string> = {}) =>
  call(`${base}/admin/queues`, { headers: { authorization, ...headers } });

describe('password checks outside the login form (class 6)', () => {
  // API A and B trust no proxy: whatever X-Forwarded-For says, the client is the TCP peer.
  // Hashing at its production cost: the flood below is about what 64 MiB verifications do to a server.
  const h = new Harness({
    LOGIN_RATE_LIMIT: String(LIMIT),
    TRUSTED_PROXIES: 'none',
    ...DEFAULT_PASSWORD_HASH,
  });
  let apiB = '';
  // API C sits behind a (loopback) proxy it trusts: there X-Forwarded-For names the client.
  let apiC = '';

  beforeAll(async () => {
    await h.start({ worker: false });
    [apiB, apiC] = await Promise.all([
      h.startExtraApi({ TRUSTED_PROXIES: 'none' }),
      h.startExtraApi({ TRUSTED_PROXIES: 'loopback' }),
    ]);
  });
  afterAll(() => h.stop());

  it('shares the limit between two API instances through Redis, answering 429 with the error body and Retry-After', async () => {
    const apiA = h.baseUrl;
    const answers = [
      await login(apiA, 'ZJJ', 'wrong-password-1'),
      await login(apiB, 'ZJJ', 'wrong-password-2'),
      await login(apiA, 'ZJJ', 'wrong-password-3'),
      await login(apiB, 'ZJJ', 'wrong-password-4'),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    expect(answers[3].body).toEqual({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: '请求过于频繁,请稍后再试',
      details: [],
    });
    expect(Number(answers[3].retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(answers[3].retryAfter)).toBeLessThanOrEqual(60);
    // The right password is refused too, on either instance: the budget is spent before hashing.
    expect((await login(apiA, 'ZJJ', 'dutygate-demo')).status).toBe(429);
    expect((await login(apiB, 'ZJJ', 'dutygate-demo')).status).toBe(429);
    // Another user from the same client is not affected: the key is username and client.
    expect((await login(apiB, 'MZJ', 'dutygate-demo')).status).toBe(200);
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy: spoofing does not reset the limit', async () => {
    const statuses = [];
    for (let i = 0; i < LIMIT + 2; i++)
      statuses.push(
        (await login(h.baseUrl, 'SCJG', `wrong-password-${i}`, { 'x-forwarded-for': `203.0.113.${i + 1}` }))
          .status,
      );
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const spoofed = await login(h.baseUrl, 'SCJG', 'dutygate-demo', {
      'x-forwarded-for': '198.51.100.77',
      forwarded: 'for=198.51.100.77',
      'x-real-ip': '198.51.100.77',
    });
    expect(spoofed.status).toBe(429);
  });

  it('believes X-Forwarded-For from a configured proxy: each client behind it has its own budget', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < LIMIT; i++)
      expect((await login(apiC, 'YJGL', `wrong-password-${i}`, from('203.0.113.10'))).status).toBe(401);
    expect((await login(apiC, 'YJGL', 'dutygate-demo', from('203.0.113.10'))).status).toBe(429);
    expect((await login(apiC, 'YJGL', 'dutygate-demo', from('203.0.113.11'))).status).toBe(200);
    // The proxy chain's last untrusted hop is the client; a spoofed first entry changes nothing.
    expect((await login(apiC, 'YJGL', 'dutygate-demo', from('10.1.2.3, 203.0.113.10'))).status).toBe(429);
  });

  it('answers a wrong password and the right password of a non-admin with the same 401 on the dashboard', async () => {
    const client = { 'x-forwarded-for': '203.0.113.20', 'accept-language': 'en' };
    const wrong = await dashboard(apiC, basicHeader('admin', 'not-the-password'), client);
    const nonAdmin = await dashboard(apiC, basicHeader('ZHZF', 'dutygate-demo'), client);
    const unknown = await dashboard(apiC, basicHeader('nobody-here', 'dutygate-demo'), client);
    for (const a of [wrong, nonAdmin, unknown]) {
      expect(a.status).toBe(401);
      expect(a.wwwAuthenticate).toMatch(/^Basic realm=/);
    }
    expect(nonAdmin.body).toEqual(wrong.body);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({
      statusCode: 401,
      code: 'INVALID_CREDENTIALS',
      message: 'Wrong username or password',
      details: [],
    });
    expect((await dashboard(apiC, basicHeader('admin', 'dutygate-demo'), client)).status).toBe(200);
  });

  it('throttles HTTP Basic like the login form, from the same budget', async () => {
    const client = { 'x-forwarded-for': '203.0.113.30' };
    const statuses = [];
    for (let i = 0; i < LIMIT + 1; i++)
      statuses.push((await dashboard(apiC, basicHeader('XFJY', `wrong-password-${i}`), client)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await dashboard(apiC, basicHeader('XFJY', 'dutygate-demo'), client);
    expect(limited).toMatchObject({ status: 429, body: { statusCode: 429, code: 'RATE_LIMITED' } });
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    // Guesses made on the dashboard count for the login form too (one budget per username and client).
    expect((await login(apiC, 'XFJY', 'dutygate-demo', client)).status).toBe(429);
  });

  it('cannot be used to stall logins: a flood of Basic attempts leaves another user signing in', async () => {
    const attacker = { 'x-forwarded-for': '203.0.113.40' };
    // 60 guesses at once, one per username (each inside its budget): throttling by key alone would
    // let all of them hash (60 argon2 verifications of 64 MiB each); the Basic pool verifies one at
    // a time, lets a few wait and refuses the rest with 429.
    const flood = Array.from({ length: 60 }, (_, i) =>
      dashboard(apiC, basicHeader(`guess-${i}`, `flood-password-${i}`), attacker),
    );
    const started = Date.now();
    const legit = await login(apiC, 'ZFB', 'dutygate-demo', { 'x-forwarded-for': '203.0.113.41' });
    const legitMs = Date.now() - started;
    const answers = await Promise.all(flood);
    expect(legit.status).toBe(200);
    expect(legit.body.user.username).toBe('ZFB');
    // The legitimate login did not queue behind the flood's argon2 verifications.
    expect(legitMs).toBeLessThan(5000);
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    for (const a of answers.filter((x) => x.status === 429)) expect(a.retryAfter).toMatch(/^\d+$/);
  });
});
