import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { projectPath } from './project-path';

export const DEFAULT_JWT_SECRET = 'dutygate-dev-secret-change-me';
export const DEFAULT_SEED_PASSWORD = 'dutygate-demo';

/** A deadline length: working days (`1wd`) or clock time (`2h`, `30m`, `45s`, `500ms`). */
const DURATION = /^[1-9]\d*(wd|ms|s|m|h)$/;

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

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/dutygate';

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

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

  /** Login attempts allowed per client per minute. */
  @int()
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 20;

  /** The built web app (`npm run build` writes it to dist/web); the API serves it at `/` when present. */
  @IsString()
  WEB_DIST_DIR = projectPath('dist', 'web');

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
}

export class ConfigError extends Error {}

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
  if (config.NODE_ENV === 'production') {
    if (config.JWT_SECRET === DEFAULT_JWT_SECRET)
      throw new ConfigError('JWT_SECRET must be set in production');
  }
  return config;
}

/** The one place the process environment is read. */
export const readProcessConfig = (): AppConfig => loadConfig(process.env);
