import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { projectPath } from './project-path';

export const DEFAULT_JWT_SECRET = 'dutygate-dev-secret-change-me';
export const DEFAULT_SEED_PASSWORD = 'dutygate-demo';

/** A deadline length: working days (`1wd`) or clock time (`2h`, `30m`, `45s`, `500ms`). */
const DURATION = /^[1-9]\d*(wd|ms|s|m|h)$/;

/** The longest configured deadline or escalation offset in working days: about a year. */
const MAX_DURATION_WORKING_DAYS = 250;

/** A calendar date written YYYY-MM-DD (whether it exists is checked in loadConfig). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const realDate = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
};

/** The spellings a switch accepts; anything else is refused by the validation. */
const BOOLEANS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

const int = () => Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)));

/**
 * The whole configuration, read from the environment once at boot and validated. Nothing else
 * in the code base reads `process.env`.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @int()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * PostgreSQL, the source of truth. Empty (the default): `npm start` runs an embedded PostgreSQL
   * in DATA_DIR; the separate processes (API, worker, migrate, seed) refuse to start without it.
   */
  @Matches(/^(postgres(ql)?:\/\/.*)?$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = '';

  /** Redis for BullMQ. Empty (the default): the queues run on BullMQ's PostgreSQL backend in DATABASE_URL's database. */
  @Matches(/^(rediss?:\/\/.*)?$/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = '';

  /** Prefix of every BullMQ key; tests and benches give each run its own. Wrap in {} for Redis Cluster. */
  @IsString()
  @Matches(/^[A-Za-z0-9:{}_-]{1,64}$/)
  QUEUE_PREFIX = 'dutygate';

  @IsString()
  @MinLength(16)
  JWT_SECRET = DEFAULT_JWT_SECRET;

  /** Token lifetime; a working day plus a margin so a clerk signs in once a day. */
  @int()
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 10 * 3600;

  @IsString()
  @MinLength(8)
  SEED_PASSWORD = DEFAULT_SEED_PASSWORD;

  /**
   * The cost of new password hashes (argon2id): memory in KiB, passes, lanes. The defaults are
   * the argon2 library's (64 MiB, 3, 4: ~0.3 s and ~0.5 CPU-s per check on a 2-core server). The
   * floor is OWASP's smallest recommended setting (19 MiB, 2 passes), which the test suite uses:
   * it signs in hundreds of times. A stored hash carries its own cost, so changing these affects
   * hashes made from then on (new users, resets, the seed), and every existing password still works;
   * login re-hashes it at the new cost.
   */
  @int()
  @IsInt()
  @Min(19_456)
  @Max(4_194_304)
  PASSWORD_HASH_MEMORY_KIB = 65_536;

  @int()
  @IsInt()
  @Min(2)
  @Max(20)
  PASSWORD_HASH_TIME_COST = 3;

  @int()
  @IsInt()
  @Min(1)
  @Max(16)
  PASSWORD_HASH_PARALLELISM = 4;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** JSON bodies above this are refused with 413; a task's text is at most ~10k characters. */
  @IsString()
  @Matches(/^\d+(kb|mb)$/)
  BODY_LIMIT = '256kb';

  /** List files above this are refused with 413; the seed list is ~24 KB. */
  @int()
  @IsInt()
  @Min(1024)
  UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

  @int()
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  /** Routing jobs run this many at once per worker; each is one short transaction. */
  @int()
  @IsInt()
  @Min(1)
  @Max(64)
  ROUTING_CONCURRENCY = 8;

  /** The outbox relay polls this often even without a NOTIFY (a lost notification costs at most this). */
  @int()
  @IsInt()
  @Min(50)
  OUTBOX_POLL_MS = 1000;

  /** How often the worker re-sends routing work that Redis lost, and how old such work must be. */
  @int()
  @IsInt()
  @Min(200)
  ROUTING_SWEEP_MS = 5000;

  /** Sign-for window (DESIGN.md: 1 working day). Durations: `Nwd` working days, or `Nh`/`Nm`/`Ns`/`Nms`. */
  @Matches(DURATION)
  DEADLINE_SIGNOFF = '1wd';

  /** Sign-for window of an urgent task (2 hours). */
  @Matches(DURATION)
  DEADLINE_SIGNOFF_URGENT = '2h';

  /** Admission review by the organisation office (5 working days). */
  @Matches(DURATION)
  DEADLINE_REVIEW = '5wd';

  /** Arbitration of a dispute (3 working days). */
  @Matches(DURATION)
  DEADLINE_ARBITRATION = '3wd';

  /** A summoned department's report-by (吹哨报到): 1 working day, or 30 minutes of clock time when urgent. */
  @Matches(DURATION)
  DEADLINE_SUMMONS = '1wd';

  @Matches(DURATION)
  DEADLINE_SUMMONS_URGENT = '30m';

  /** The street confirms a scheduled joint action within 1 working day. */
  @Matches(DURATION)
  DEADLINE_JOINT_CONFIRM = '1wd';

  /** The lead department records a joint action's outcome within 5 working days after it. */
  @Matches(DURATION)
  DEADLINE_JOINT_OUTCOME = '5wd';

  /** Share of a deadline's window after which the owner is reminded (0.75). */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsNumber()
  @Min(0.05)
  @Max(0.99)
  ESCALATION_REMIND_AT = 0.75;

  /** How long past due an item goes to supervisors (1 working day) and into the notice (5 working days). */
  @Matches(DURATION)
  ESCALATION_SUPERVISE_AFTER = '1wd';

  @Matches(DURATION)
  ESCALATION_NOTICE_AFTER = '5wd';

  /** The sweep re-arms from PostgreSQL every step due within the horizon that Redis may have lost. */
  @int()
  @IsInt()
  @Min(200)
  ESCALATION_SWEEP_MS = 60_000;

  /** Steps due within this horizon get a BullMQ delayed wake-up; later ones are armed by a later sweep. Must exceed the sweep period. */
  @int()
  @IsInt()
  @Min(1000)
  ESCALATION_HORIZON_MS = 10 * 60_000;

  /** An outgoing webhook call is abandoned (and retried) after this long. */
  @int()
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 5000;

  /** How often a worker re-reads calendar overrides another process may have changed. */
  @int()
  @IsInt()
  @Min(100)
  CALENDAR_REFRESH_MS = 60_000;

  /** Password attempts allowed per username and client per minute (login form and HTTP Basic share it). */
  @int()
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 20;

  /** The built web app (`npm run build` writes it to dist/web); the API serves it at `/` when present. */
  @IsString()
  WEB_DIST_DIR = projectPath('dist', 'web');

  /**
   * Peers whose `X-Forwarded-For` is believed (the client address is then the last untrusted hop):
   * `none`, or a comma-separated list of IPs, CIDRs and the names `loopback`, `linklocal`,
   * `uniquelocal`. Loopback by default: only a reverse proxy on the same host can name the client;
   * any other peer is itself the client, whatever header it sends. Login throttling keys on it.
   */
  @IsString()
  @Matches(/^[\w.:/, -]{1,1000}$/)
  TRUSTED_PROXIES = 'loopback';

  /**
   * How long a process trusts what it last read of a user (active, token version) before reading
   * again: a deactivated user, a role change or a password reset takes effect within this. At most
   * a minute (API.md promises "within a minute"); 30 s keeps it to ~2 reads per user and minute.
   */
  @int()
  @IsInt()
  @Min(0)
  @Max(60_000)
  AUTH_USER_CACHE_MS = 30_000;

  /**
   * Password verifications (argon2: ~0.3 s at the default cost, see PASSWORD_HASH_*) running at once per API process
   * for the login form, and for HTTP Basic (queue dashboard). Together they stay below libuv's 4
   * threads, so a flood of either cannot starve the other or file and DNS work; a request finding
   * its pool full (and its queue, 16 deep, too) gets 429 at once instead of waiting.
   */
  @int()
  @IsInt()
  @Min(1)
  @Max(16)
  LOGIN_VERIFY_CONCURRENCY = 2;

  @int()
  @IsInt()
  @Min(1)
  @Max(16)
  BASIC_AUTH_VERIFY_CONCURRENCY = 1;

  /**
   * The calendar days (Asia/Shanghai, inclusive) any date or time given to the API must fall on;
   * others are refused with 400 before any working-day arithmetic sees them. Nothing DutyGate
   * handles lies before 2000 or beyond 2100, and DATE_MAX must stay at least ten years before 9999
   * (the last year the calendar counts) so deadlines computed from an accepted date (at most ~3
   * years later) can always be counted.
   */
  @Matches(ISO_DATE)
  DATE_MIN = '2000-01-01';

  @Matches(ISO_DATE)
  DATE_MAX = '2100-12-31';

  /**
   * Deepest JSON nesting a body may have (413 above). Our deepest legitimate body is a routing
   * rule's condition (rules → rule → when → all/any/not …), under 10 levels; 32 leaves room for
   * hand-written rule tables while a 5,000-deep body is refused before it is parsed.
   */
  @int()
  @IsInt()
  @Min(4)
  @Max(1000)
  JSON_MAX_DEPTH = 32;

  /**
   * Most object keys plus array elements a JSON body may hold (413 above). The widest legitimate
   * bodies are a year of calendar overrides (~1,500 entries) and a task to 500 streets; 10,000 keeps
   * parsing, validating and reporting on any accepted body to milliseconds, whatever BODY_LIMIT is.
   */
  @int()
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  JSON_MAX_ENTRIES = 10_000;

  /**
   * An uploaded XLSX may unpack (all its parts together) to at most this many bytes before it is
   * handed to exceljs, which inflates every part into memory (about 3x this at its peak). A list
   * of 5,000 matters with long Chinese duties is about 20 MB unpacked; the seed list is ~60 KB.
   */
  @int()
  @IsInt()
  @Min(64 * 1024)
  UPLOAD_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024;

  /** Data rows per sheet (and the highest row number any sheet may name); a county list has ~500 matters. */
  @int()
  @IsInt()
  @Min(10)
  UPLOAD_MAX_ROWS = 5000;

  /** Columns per sheet (and the highest column any reference may name); the list has 17. */
  @int()
  @IsInt()
  @Min(17)
  @Max(16384)
  UPLOAD_MAX_COLUMNS = 64;

  /**
   * Cells in the whole file, counting every cell exceljs would materialise (written cells, merged
   * areas, data-validation ranges). This is what bounds the memory an accepted XLSX costs: exceljs
   * holds every cell as objects, about 1 KB of the API's resident set per cell at its peak
   * (measured: 50,000 cells of long Chinese text +44 to +50 MB, 40,000 cells +38 MB, 300 rows +12
   * MB). 40,000 keeps the largest accepted list within the +50 MB an upload may cost, and is
   * ~2,100 rows of the 19-column list, four times the largest county list.
   */
  @int()
  @IsInt()
  @Min(1000)
  UPLOAD_MAX_CELLS = 40_000;

  /**
   * Characters in one CSV row, or in one XLSX text or tag; a legal basis citing several laws is a
   * few thousand characters, so 128 KB leaves a wide margin while bounding what one row costs.
   */
  @int()
  @IsInt()
  @Min(4096)
  UPLOAD_MAX_LINE_BYTES = 128 * 1024;

  /**
   * Webhook targets allowed despite being loopback, link-local, private or reserved (comma-separated
   * host names, IP addresses or CIDRs, e.g. `127.0.0.1,10.8.0.0/16,hooks.intranet`). Empty: only
   * public addresses. Everything else about a webhook URL (http(s) only, no credentials) still holds.
   */
  @IsString()
  @Matches(/^[A-Za-z0-9.:/,\s_[\]-]*$/)
  WEBHOOK_ALLOWED_HOSTS = '';

  /**
   * How long a request waits for a PostgreSQL connection (a new one, or a free one of a busy pool)
   * before it fails with 503: 5 s is far above a healthy connect (~5 ms on a LAN) yet short enough
   * that a client sees the outage instead of hanging behind it.
   */
  @int()
  @IsInt()
  @Min(100)
  @Max(120_000)
  DB_CONNECT_TIMEOUT_MS = 5000;

  /**
   * How long a pooled PostgreSQL connection may sit idle before the pool closes it. pg-pool's own
   * default, 10 s, closed the worker's connections between the escalation sweeps' bursts (a minute
   * apart), so each burst forked new backends and parsed and planned its statements again on each:
   * at a million assignments 10–50 ms of planning per statement and connection, most of a burst's
   * CPU (docs/measurements.md). A connection kept is also its prepared statements kept.
   */
  @int()
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  DB_IDLE_TIMEOUT_MS = 300_000;

  /**
   * How far the API's old generation may grow past what its last full garbage collection left live
   * before V8 collects it again: V8's `--heap-growing-percent` (the limit is live × (1 + n/100)), set
   * when the API starts; 0 leaves it to V8. V8's own rule put the limit about 10 MB above the API's
   * ~45 MB live, so under load a full collection came every 4–9 s, and each stalled the requests in
   * flight for 20–35 ms on two busy cores: a list read's p99 over 40 ms in 3 of 45 one-second rounds,
   * against none at 300 (docs/measurements.md). At 300 the heap may reach about four times its live
   * size (~180 MB) between full collections.
   */
  @int()
  @IsInt()
  @Min(0)
  @Max(1000)
  API_HEAP_GROWING_PERCENT = 300;

  /**
   * Reads go to PostgreSQL as named prepared statements (parsed once per connection, plan kept):
   * planning was most of a list read's database time. `false` for a connection pooler in
   * transaction mode that does not track prepared statements (PgBouncer before 1.21).
   */
  @Transform(({ value }) =>
    value === undefined || value === '' ? undefined : (BOOLEANS[String(value)] ?? value),
  )
  @IsBoolean()
  DB_PREPARED_STATEMENTS = true;

  /**
   * The embedded mode's folder (`npm start` without DATABASE_URL): the PostgreSQL cluster (`pg/`,
   * about 45 MB when new), its log and its generated password. Reused by the next start.
   */
  @IsString()
  @MinLength(1)
  DATA_DIR = projectPath('data');

  /**
   * The PostgreSQL schema the queues live in when they run on PostgreSQL (no REDIS_URL). BullMQ's
   * PostgreSQL backend ignores QUEUE_PREFIX: two DutyGates sharing one database need two schemas.
   */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'QUEUE_SCHEMA must be a lower-case SQL identifier' })
  QUEUE_SCHEMA = 'bullmq';

  /**
   * Connections of each BullMQ queue or worker when the queues run on PostgreSQL: every Queue and
   * Worker builds its own pool (lazily: an idle one holds none after 10 s), plus one LISTEN
   * connection per worker. With 3 queues in the API and 3 queues and 3 workers in the worker, 4
   * keeps a process pair under ~40 connections at full load, while a routing worker at concurrency 8
   * still finds a free one (its queries take ~1 ms). Ignored with REDIS_URL.
   */
  @int()
  @IsInt()
  @Min(1)
  @Max(50)
  QUEUE_PG_POOL_SIZE = 4;

  /**
   * How long a stopping process (SIGTERM/SIGINT) waits for its work: the API for in-flight requests
   * after it stopped accepting, the worker for its active jobs after it stopped taking new ones.
   * What is still running then is abandoned: a routing job's lock lapses and another worker runs it
   * again (harmlessly, it finds nothing pending). A routing job takes milliseconds, so 10 s is only
   * reached by something stuck.
   */
  @int()
  @IsInt()
  @Min(100)
  @Max(600_000)
  SHUTDOWN_GRACE_MS = 10_000;

  /**
   * The port of the standalone worker's own `/metrics` (it serves no other HTTP); 0 turns it off.
   * The API serves its metrics on PORT, and the all-in-one start serves both there.
   */
  @int()
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 9464;

  /**
   * Client addresses allowed to read `/metrics` (API and worker): `any`, or a comma-separated list
   * of IPs, CIDRs and `loopback`/`linklocal`/`uniquelocal` (uniquelocal = 10/8, 172.16/12,
   * 192.168/16, fc00::/7). The default lets Prometheus on the same host or a private network (a
   * compose network, a LAN) scrape with no setup, and refuses the public internet. Behind a
   * reverse proxy the address is the client the proxy names (TRUSTED_PROXIES).
   */
  @IsString()
  @Matches(/^[\w.:/, -]{1,1000}$/)
  METRICS_ALLOW = 'loopback,uniquelocal';

  /** When set, `/metrics` also needs `Authorization: Bearer <token>` (Prometheus: `authorization.credentials`). */
  @IsString()
  @Matches(/^$|^[\x21-\x7e]{16,256}$/, {
    message: 'METRICS_TOKEN must be 16-256 printable characters without spaces',
  })
  METRICS_TOKEN = '';
}

export class ConfigError extends Error {}

const PROXY_PRESETS = ['loopback', 'linklocal', 'uniquelocal'];

/** The entries of TRUSTED_PROXIES that are neither `none`, a preset, an IP nor an IP/prefix. */
function trustedProxyProblems(value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.length === 1 && items[0] === 'none') return [];
  return items.filter((item) => {
    if (PROXY_PRESETS.includes(item)) return false;
    const [ip, prefix, extra] = item.split('/');
    const family = isIP(ip);
    if (!family || extra !== undefined) return true;
    if (prefix === undefined) return false;
    return !/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128);
  });
}

/** TRUSTED_PROXIES as Express's `trust proxy` setting: a list of addresses, or false for none. */
export function trustProxySetting(config: Pick<AppConfig, 'TRUSTED_PROXIES'>): string[] | false {
  const items = config.TRUSTED_PROXIES.split(',').map((s) => s.trim());
  return items.length === 1 && items[0] === 'none' ? false : items;
}

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked: Record<string, string> = {};
  for (const k of known) if (env[k] !== undefined && env[k] !== '') picked[k] = env[k]!;
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  if (config.ESCALATION_HORIZON_MS <= config.ESCALATION_SWEEP_MS)
    throw new ConfigError('ESCALATION_HORIZON_MS must exceed ESCALATION_SWEEP_MS, or steps could fire late');
  const badMetricsClients =
    config.METRICS_ALLOW.trim() === 'any' ? [] : trustedProxyProblems(config.METRICS_ALLOW);
  if (badMetricsClients.length || config.METRICS_ALLOW.trim() === 'none')
    throw new ConfigError(
      `METRICS_ALLOW: not \`any\`, an IP, CIDR or preset name: ${badMetricsClients.join(', ') || 'none'}`,
    );
  const badProxies = trustedProxyProblems(config.TRUSTED_PROXIES);
  if (badProxies.length)
    throw new ConfigError(`TRUSTED_PROXIES: not an IP, CIDR or preset name: ${badProxies.join(', ')}`);
  if (!realDate(config.DATE_MIN) || !realDate(config.DATE_MAX))
    throw new ConfigError('DATE_MIN and DATE_MAX must be real calendar dates (YYYY-MM-DD)');
  if (config.DATE_MIN >= config.DATE_MAX) throw new ConfigError('DATE_MIN must be before DATE_MAX');
  if (config.DATE_MIN < '1900-01-01' || config.DATE_MAX > '9989-12-31')
    throw new ConfigError(
      'the date window must lie within 1900-01-01..9989-12-31 (the calendar counts to 9999)',
    );
  // A deadline or escalation offset of more than a year of working days (~250) is a typo, and each
  // one is counted on every transition: refuse it at boot rather than on a user's request.
  const longDurations = (
    [
      'DEADLINE_SIGNOFF',
      'DEADLINE_SIGNOFF_URGENT',
      'DEADLINE_REVIEW',
      'DEADLINE_ARBITRATION',
      'DEADLINE_SUMMONS',
      'DEADLINE_SUMMONS_URGENT',
      'DEADLINE_JOINT_CONFIRM',
      'DEADLINE_JOINT_OUTCOME',
      'ESCALATION_SUPERVISE_AFTER',
      'ESCALATION_NOTICE_AFTER',
    ] as const
  ).filter((k) => /wd$/.test(config[k]) && parseInt(config[k], 10) > MAX_DURATION_WORKING_DAYS);
  if (longDurations.length)
    throw new ConfigError(`${longDurations.join(', ')}: at most ${MAX_DURATION_WORKING_DAYS}wd`);
  if (config.NODE_ENV === 'production') {
    if (config.JWT_SECRET === DEFAULT_JWT_SECRET)
      throw new ConfigError('JWT_SECRET must be set in production');
  }
  return config;
}

/**
 * Values the all-in-one start decided itself (the embedded PostgreSQL's URL); they win over the
 * environment for everything this process reads afterwards.
 */
const overrides: Record<string, string> = {};

export function overrideConfig(values: Partial<Record<keyof AppConfig, string>>): void {
  Object.assign(overrides, values);
}

/** The one place the process environment is read. */
export const readProcessConfig = (): AppConfig => loadConfig({ ...process.env, ...overrides });

/**
 * The configuration of a process that needs a database (API, worker, migrate, seed): only the
 * all-in-one `npm start` can do without DATABASE_URL, because it starts one itself.
 */
export function requireDatabaseUrl(config: AppConfig): AppConfig {
  if (!config.DATABASE_URL)
    throw new ConfigError(
      'DATABASE_URL is not set. `npm start` runs an embedded PostgreSQL when it is missing; the ' +
        'separate processes need one, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/dutygate',
    );
  return config;
}

/** Which store the queues use: Redis when REDIS_URL is set, else PostgreSQL (BullMQ 6's backend). */
export const queueBackendOf = (config: Pick<AppConfig, 'REDIS_URL'>): 'redis' | 'postgres' =>
  config.REDIS_URL ? 'redis' : 'postgres';
