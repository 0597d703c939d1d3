import { loadConfig } from './app-config';
import { metricsAccess } from './metrics-access';

describe('metrics access (METRICS_ALLOW, METRICS_TOKEN)', () => {
  it('by default lets loopback and private networks read without a token, and nobody else', () => {
    const check = metricsAccess(loadConfig({}));
    for (const ip of [
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
      '10.2.3.4',
      '172.20.0.5',
      '192.168.1.9',
      'fd00::1',
    ])
      expect([ip, check(ip, undefined)]).toEqual([ip, null]);
    for (const ip of ['8.8.8.8', '::ffff:203.0.113.7', '172.32.0.1', '2001:db8::1', '', undefined])
      expect([ip, check(ip, undefined)]).toEqual([ip, 'address']);
  });

  it('takes single addresses and CIDRs, or anyone', () => {
    const check = metricsAccess(loadConfig({ METRICS_ALLOW: '203.0.113.7, 198.51.100.0/24,2001:db8::/32' }));
    expect(
      ['203.0.113.7', '198.51.100.99', '2001:db8::5', '127.0.0.1'].map((ip) => check(ip, undefined)),
    ).toEqual([null, null, null, 'address']);
    expect(metricsAccess(loadConfig({ METRICS_ALLOW: 'any' }))('8.8.8.8', undefined)).toBeNull();
  });

  it('with a token, wants exactly `Bearer <token>` as well as an allowed address', () => {
    const check = metricsAccess(loadConfig({ METRICS_TOKEN: 'scrape-token-0123456789' }));
    expect(check('127.0.0.1', 'Bearer scrape-token-0123456789')).toBeNull();
    expect(check('127.0.0.1', undefined)).toBe('token');
    expect(check('127.0.0.1', 'Bearer scrape-token-012345678')).toBe('token');
    expect(check('127.0.0.1', 'bearer scrape-token-0123456789x')).toBe('token');
    expect(check('8.8.8.8', 'Bearer scrape-token-0123456789')).toBe('address');
  });

  it.each([
    ['METRICS_ALLOW', 'everyone'],
    ['METRICS_ALLOW', '10.0.0.0/33'],
    ['METRICS_ALLOW', 'none'],
    ['METRICS_TOKEN', 'short'],
    ['METRICS_TOKEN', 'has a space in it, sixteen+'],
    ['METRICS_PORT', '70000'],
    ['SHUTDOWN_GRACE_MS', '10'],
  ])('refuses %s=%j at boot', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect([c.SHUTDOWN_GRACE_MS, c.METRICS_PORT, c.METRICS_ALLOW, c.METRICS_TOKEN]).toEqual([
      10_000,
      9464,
      'loopback,uniquelocal',
      '',
    ]);
  });
});
