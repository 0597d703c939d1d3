import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Tasks submitted; each fans out to all 35 streets. */
  tasks: number;
  /** Concurrent HTTP clients submitting tasks. */
  clients: number;
  /** Worker processes routing (the API is always one separate process). */
  workers: number;
  /**
   * Concurrency of the plain BullMQ baseline worker (and its pg pool size). 32 measured best here:
   * more concurrent commits share each WAL flush; the baseline should be the machine at its best.
   */
  baselineConcurrency: number;
  /** Pending deadlines in the escalation burst (issue 3: 100,000). */
  deadlines: number;
  /** Seconds over which their due times are spread. */
  deadlineWindow: number;
  /**
   * Where the queues run, for the routing phase and the baseline alike: Redis, or BullMQ's
   * PostgreSQL backend in the run's own database. The deadline phase (which also measures the
   * re-arm after a Redis flush) runs on Redis only.
   */
  queueBackend: 'redis' | 'postgres';
  /** `--scale`: also run the scale bench (issue 12). */
  scale: boolean;
  /** `--scale-only`: the scale bench and the empty-database routing it compares with, nothing else. */
  scaleOnly: boolean;
  /** Generated assignments of each scale run, smallest first (`--scale-sizes=10000,1000000`). */
  scaleSizes: number[];
  /** GET /api/audit/verify is timed on scale runs up to this size (it reads every event). */
  scaleVerifyUpTo: number;
  /**
   * `--scale-from=<database>`: the largest size is cloned from this database, already generated
   * with seed 1 and migrated (the generator then finds its rows and writes nothing), instead of
   * generated in the run — for a shared machine where generating a million rows takes long.
   */
  scaleFrom?: string;
  /**
   * What the smaller sizes are, against which the largest is compared (`--scale-baseline`):
   * `same-city` (the default), the largest size's deployment younger — its history spread over the
   * days that keep the largest size's daily rate, so that both hold the same open work and fill the
   * same pages, and only the history differs; or `scaled-year`, a year at a fraction of the rate,
   * whose screens hold a fraction of the open work (a street's overdue board one row against twenty).
   */
  scaleBaseline: 'same-city' | 'scaled-year';
}

const DEFAULTS: BenchOptions = {
  tasks: 300,
  clients: 8,
  workers: 1,
  baselineConcurrency: 32,
  deadlines: 100_000,
  deadlineWindow: 10,
  queueBackend: 'redis',
  scale: false,
  scaleOnly: false,
  scaleSizes: [10_000, 1_000_000],
  scaleVerifyUpTo: 10_000,
  scaleBaseline: 'same-city',
};

const FLAGS = {
  tasks: 'BENCH_TASKS',
  clients: 'BENCH_CLIENTS',
  workers: 'BENCH_WORKERS',
  'baseline-concurrency': 'BENCH_BASELINE_CONCURRENCY',
  deadlines: 'BENCH_DEADLINES',
  'deadline-window': 'BENCH_DEADLINE_WINDOW',
  'queue-backend': 'BENCH_QUEUE_BACKEND',
  'scale-verify-up-to': 'BENCH_SCALE_VERIFY_UP_TO',
} as const;

/** `--tasks=300 --clients=8 --workers=1 --baseline-concurrency=32 --queue-backend=redis`, or the BENCH_* variables. */
export function readOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])),
      scale: { type: 'boolean' },
      'scale-only': { type: 'boolean' },
      'scale-sizes': { type: 'string' },
      'scale-from': { type: 'string' },
      'scale-baseline': { type: 'string' },
    },
  });
  const backend =
    ((values as Record<string, unknown>)['queue-backend'] as string | undefined) ??
    env.BENCH_QUEUE_BACKEND ??
    DEFAULTS.queueBackend;
  if (backend !== 'redis' && backend !== 'postgres')
    throw new Error(`--queue-backend must be redis or postgres, not ${backend}`);
  const baseline =
    (values['scale-baseline'] as string | undefined) || env.BENCH_SCALE_BASELINE || DEFAULTS.scaleBaseline;
  if (baseline !== 'same-city' && baseline !== 'scaled-year')
    throw new Error(`--scale-baseline must be same-city or scaled-year, not ${baseline}`);
  const pick = (flag: Exclude<keyof typeof FLAGS, 'queue-backend'>, fallback: number): number => {
    const raw = ((values as Record<string, unknown>)[flag] as string | undefined) ?? env[FLAGS[flag]];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, not ${raw}`);
    return n;
  };
  return {
    tasks: pick('tasks', DEFAULTS.tasks),
    deadlines: pick('deadlines', DEFAULTS.deadlines),
    deadlineWindow: pick('deadline-window', DEFAULTS.deadlineWindow),
    clients: pick('clients', DEFAULTS.clients),
    workers: pick('workers', DEFAULTS.workers),
    baselineConcurrency: pick('baseline-concurrency', DEFAULTS.baselineConcurrency),
    queueBackend: backend,
    scale: values.scale === true || values['scale-only'] === true || env.BENCH_SCALE === '1',
    scaleOnly: values['scale-only'] === true,
    scaleFrom: (values['scale-from'] as string | undefined) || env.BENCH_SCALE_FROM || undefined,
    scaleSizes: scaleSizes((values['scale-sizes'] as string | undefined) ?? env.BENCH_SCALE_SIZES),
    scaleVerifyUpTo: pick('scale-verify-up-to', DEFAULTS.scaleVerifyUpTo),
    scaleBaseline: baseline,
  };
}

function scaleSizes(raw: string | undefined): number[] {
  if (raw === undefined || raw === '') return DEFAULTS.scaleSizes;
  const sizes = raw.split(',').map(Number);
  if (sizes.length < 1 || sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--scale-sizes must be positive integers separated by commas, not ${raw}`);
  return sizes.sort((a, b) => a - b);
}
