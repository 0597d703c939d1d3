import { ConfigError, loadConfig, queueBackendOf, requireDatabaseUrl, trustProxySetting } from './app-config';

describe('deadline and escalation configuration', () => {
  it('has the defaults DESIGN.md names', () => {
    const c = loadConfig({});
    expect([
      c.DEADLINE_SIGNOFF,
      c.DEADLINE_SIGNOFF_URGENT,
      c.DEADLINE_REVIEW,
      c.DEADLINE_ARBITRATION,
    ]).toEqual(['1wd', '2h', '5wd', '3wd']);
    expect([c.ESCALATION_REMIND_AT, c.ESCALATION_SUPERVISE_AFTER, c.ESCALATION_NOTICE_AFTER]).toEqual([
      0.75,
      '1wd',
      '5wd',
    ]);
    expect(c.ESCALATION_HORIZON_MS).toBeGreaterThan(c.ESCALATION_SWEEP_MS);
  });

  it('takes working days or clock time for every duration', () => {
    const c = loadConfig({
      DEADLINE_SIGNOFF: '4s',
      DEADLINE_SIGNOFF_URGENT: '500ms',
      DEADLINE_REVIEW: '30m',
      DEADLINE_ARBITRATION: '2h',
      ESCALATION_SUPERVISE_AFTER: '2wd',
      ESCALATION_NOTICE_AFTER: '10wd',
      ESCALATION_REMIND_AT: '0.5',
      ESCALATION_SWEEP_MS: '1000',
      ESCALATION_HORIZON_MS: '5000',
    });
    expect(c).toMatchObject({
      DEADLINE_SIGNOFF: '4s',
      DEADLINE_SIGNOFF_URGENT: '500ms',
      ESCALATION_NOTICE_AFTER: '10wd',
      ESCALATION_REMIND_AT: 0.5,
      ESCALATION_SWEEP_MS: 1000,
      ESCALATION_HORIZON_MS: 5000,
    });
  });

  it.each([
    ['DEADLINE_SIGNOFF', '1d'],
    ['DEADLINE_REVIEW', '0wd'],
    ['ESCALATION_SUPERVISE_AFTER', '1.5h'],
    ['ESCALATION_NOTICE_AFTER', '5 wd'],
    ['ESCALATION_REMIND_AT', '1.5'],
    ['ESCALATION_REMIND_AT', 'soon'],
    ['DB_PREPARED_STATEMENTS', 'yes'],
    ['DB_PREPARED_STATEMENTS', 'off'],
    ['DB_IDLE_TIMEOUT_MS', '500'],
    ['DB_IDLE_TIMEOUT_MS', '5m'],
    ['API_HEAP_GROWING_PERCENT', '-1'],
    ['API_HEAP_GROWING_PERCENT', '1001'],
    ['API_HEAP_GROWING_PERCENT', '2.5'],
  ])('refuses %s=%j, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('keeps idle PostgreSQL connections five minutes unless told otherwise', () => {
    expect(loadConfig({}).DB_IDLE_TIMEOUT_MS).toBe(300_000);
    expect(loadConfig({ DB_IDLE_TIMEOUT_MS: '10000' }).DB_IDLE_TIMEOUT_MS).toBe(10_000);
  });

  it("lets the API's heap grow to four times its live size unless told otherwise (0: V8's own rule)", () => {
    expect(loadConfig({}).API_HEAP_GROWING_PERCENT).toBe(300);
    expect(loadConfig({ API_HEAP_GROWING_PERCENT: '0' }).API_HEAP_GROWING_PERCENT).toBe(0);
    expect(loadConfig({ API_HEAP_GROWING_PERCENT: '100' }).API_HEAP_GROWING_PERCENT).toBe(100);
  });

  it('prepares reads unless switched off with false or 0', () => {
    expect(loadConfig({}).DB_PREPARED_STATEMENTS).toBe(true);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: '' }).DB_PREPARED_STATEMENTS).toBe(true);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: 'false' }).DB_PREPARED_STATEMENTS).toBe(false);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: '0' }).DB_PREPARED_STATEMENTS).toBe(false);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: 'true' }).DB_PREPARED_STATEMENTS).toBe(true);
  });

  it('refuses a horizon that does not exceed the sweep period (steps could fire late)', () => {
    expect(() => loadConfig({ ESCALATION_SWEEP_MS: '5000', ESCALATION_HORIZON_MS: '5000' })).toThrow(
      /ESCALATION_HORIZON_MS/,
    );
    expect(() => loadConfig({ ESCALATION_SWEEP_MS: '1000', ESCALATION_HORIZON_MS: '5000' })).not.toThrow();
  });
});

describe('process configuration', () => {
  it('uses the local services by default and reads the process contract variables', () => {
    const c = loadConfig({
      PORT: '4100',
      DATABASE_URL: 'postgres://u@db:5432/x',
      REDIS_URL: 'redis://cache:6380/2',
    });
    expect([c.PORT, c.DATABASE_URL, c.REDIS_URL, c.NODE_ENV]).toEqual([
      4100,
      'postgres://u@db:5432/x',
      'redis://cache:6380/2',
      'development',
    ]);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging' })).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/),
      }),
    );
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(ConfigError);
  });

  it('refuses to run in production with the default JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-production-secret-value' }).NODE_ENV,
    ).toBe('production');
  });
});

describe('trusted proxies', () => {
  it('trusts loopback by default and accepts none, presets, IPs and CIDRs', () => {
    expect(loadConfig({}).TRUSTED_PROXIES).toBe('loopback');
    expect(trustProxySetting(loadConfig({}))).toEqual(['loopback']);
    expect(trustProxySetting(loadConfig({ TRUSTED_PROXIES: 'none' }))).toBe(false);
    expect(trustProxySetting(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, ::1, uniquelocal' }))).toEqual([
      '10.0.0.0/8',
      '::1',
      'uniquelocal',
    ]);
  });

  it('refuses anything else at boot', () => {
    for (const bad of ['everyone', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/1', 'none, loopback', 'true'])
      expect(() => loadConfig({ TRUSTED_PROXIES: bad })).toThrow(ConfigError);
  });

  it('keeps the user cache within the promised minute', () => {
    expect(() => loadConfig({ AUTH_USER_CACHE_MS: '60001' })).toThrow(ConfigError);
    expect(loadConfig({ AUTH_USER_CACHE_MS: '0' }).AUTH_USER_CACHE_MS).toBe(0);
  });
});

describe('password hashing cost', () => {
  it("defaults to the argon2 library's cost and refuses less than OWASP's smallest setting", () => {
    const c = loadConfig({});
    expect([c.PASSWORD_HASH_MEMORY_KIB, c.PASSWORD_HASH_TIME_COST, c.PASSWORD_HASH_PARALLELISM]).toEqual([
      65_536, 3, 4,
    ]);
    const floor = loadConfig({
      PASSWORD_HASH_MEMORY_KIB: '19456',
      PASSWORD_HASH_TIME_COST: '2',
      PASSWORD_HASH_PARALLELISM: '1',
    });
    expect([floor.PASSWORD_HASH_MEMORY_KIB, floor.PASSWORD_HASH_TIME_COST]).toEqual([19_456, 2]);
    for (const bad of [
      { PASSWORD_HASH_MEMORY_KIB: '19455' },
      { PASSWORD_HASH_TIME_COST: '1' },
      { PASSWORD_HASH_PARALLELISM: '0' },
      { PASSWORD_HASH_MEMORY_KIB: '64MB' },
    ])
      expect(() => loadConfig(bad)).toThrow(ConfigError);
  });
});

describe('date window and working-day bounds', () => {
  it('defaults to 2000-01-01..2100-12-31 and takes another window', () => {
    expect([loadConfig({}).DATE_MIN, loadConfig({}).DATE_MAX]).toEqual(['2000-01-01', '2100-12-31']);
    expect(loadConfig({ DATE_MIN: '2020-01-01', DATE_MAX: '2050-12-31' })).toMatchObject({
      DATE_MIN: '2020-01-01',
      DATE_MAX: '2050-12-31',
    });
  });

  it.each([
    [{ DATE_MAX: '2100-02-30' }, /real calendar dates/],
    [{ DATE_MIN: '2100-1-1' }, /DATE_MIN/],
    [{ DATE_MIN: '2030-01-01', DATE_MAX: '2020-01-01' }, /before DATE_MAX/],
    [{ DATE_MAX: '9999-12-31' }, /within 1900-01-01/],
    [{ DATE_MIN: '0000-01-01' }, /real calendar dates|within/],
  ])('refuses %p', (env, message) => expect(() => loadConfig(env)).toThrow(message));

  it('refuses a working-day deadline or escalation offset longer than a year', () => {
    expect(() => loadConfig({ ESCALATION_NOTICE_AFTER: '100000wd' })).toThrow(/ESCALATION_NOTICE_AFTER/);
    expect(loadConfig({ ESCALATION_NOTICE_AFTER: '250wd' }).ESCALATION_NOTICE_AFTER).toBe('250wd');
  });
});

describe('services: embedded and PostgreSQL-queue defaults', () => {
  it('names no service by default: no database (npm start embeds one) and queues on PostgreSQL', () => {
    const c = loadConfig({});
    expect([c.DATABASE_URL, c.REDIS_URL, c.QUEUE_SCHEMA]).toEqual(['', '', 'bullmq']);
    expect(c.DATA_DIR).toMatch(/[/\\]data$/);
    expect(queueBackendOf(c)).toBe('postgres');
    expect(queueBackendOf(loadConfig({ REDIS_URL: 'redis://cache:6379' }))).toBe('redis');
  });

  it('lets only the all-in-one start without DATABASE_URL: the separate processes are told what to set', () => {
    expect(() => requireDatabaseUrl(loadConfig({}))).toThrow(/DATABASE_URL is not set/);
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db/x' });
    expect(requireDatabaseUrl(c)).toBe(c);
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ REDIS_URL: 'http://cache' }, /REDIS_URL/],
    [{ QUEUE_SCHEMA: 'Queue-Schema' }, /QUEUE_SCHEMA/],
  ])('refuses %p', (env, message) => expect(() => loadConfig(env)).toThrow(message));
});
