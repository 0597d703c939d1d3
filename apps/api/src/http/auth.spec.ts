import { JwtService } from '@nestjs/jwt';
import { VerifiedTokens } from './auth';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const claims = { sub: 'u1', username: 'D1-S01', org: 'D1-S01', orgKind: 'street', roles: ['street'], ver: 1 };

describe('VerifiedTokens', () => {
  const jwt = new JwtService({ secret: SECRET, verifyOptions: { algorithms: ['HS256'] } });
  const start = new Date('2026-12-02T08:00:00Z');
  beforeEach(() => jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('checks a signature once and answers the same claims after', async () => {
    const tokens = new VerifiedTokens(jwt);
    const spy = jest.spyOn(jwt, 'verifyAsync');
    const token = jwt.sign(claims, { expiresIn: 600 });
    expect(await tokens.verify(token)).toMatchObject(claims);
    expect(await tokens.verify(token)).toMatchObject(claims);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('refuses a remembered token from the second it expires', async () => {
    const tokens = new VerifiedTokens(jwt);
    const token = jwt.sign(claims, { expiresIn: 600 });
    expect(await tokens.verify(token)).not.toBeNull();
    jest.setSystemTime(start.getTime() + 599_000);
    expect(await tokens.verify(token)).not.toBeNull();
    jest.setSystemTime(start.getTime() + 600_000);
    expect(await tokens.verify(token)).toBeNull();
    expect(tokens.size).toBe(0);
  });

  it('remembers no token that fails, and none without an expiry', async () => {
    const tokens = new VerifiedTokens(jwt);
    const other = new JwtService({ secret: 'another-secret-of-at-least-32-characters' });
    expect(await tokens.verify(other.sign(claims, { expiresIn: 600 }))).toBeNull();
    expect(await tokens.verify('not.a.token')).toBeNull();
    expect(await tokens.verify(jwt.sign(claims))).toMatchObject(claims);
    expect(tokens.size).toBe(0);
  });

  it('starts afresh when full', async () => {
    const tokens = new VerifiedTokens(jwt, 3);
    for (let i = 0; i < 3; i++) await tokens.verify(jwt.sign({ ...claims, ver: i }, { expiresIn: 600 }));
    expect(tokens.size).toBe(3);
    await tokens.verify(jwt.sign({ ...claims, ver: 9 }, { expiresIn: 600 }));
    expect(tokens.size).toBe(1);
  });
});
