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
}

const DEFAULTS: BenchOptions = {
  tasks: 300,
  clients: 8,
  workers: 1,
  baselineConcurrency: 32,
  deadlines: 100_000,
  deadlineWindow: 10,
  queueBackend: 'redis',
};

const FLAGS = {
  tasks: 'BENCH_TASKS',
  clients: 'BENCH_CLIENTS',
  workers: 'BENCH_WORKERS',
  'baseline-concurrency': 'BENCH_BASELINE_CONCURRENCY',
  deadlines: 'BENCH_DEADLINES',
  'deadline-window': 'BENCH_DEADLINE_WINDOW',
  'queue-backend': 'BENCH_QUEUE_BACKEND',
} as const;

/** `--tasks=300 --clients=8 --workers=1 --baseline-concurrency=32 --queue-backend=redis`, or the BENCH_* variables. */
export function readOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' }])),
  });
  const backend =
    (values['queue-backend'] as string | undefined) ?? env.BENCH_QUEUE_BACKEND ?? DEFAULTS.queueBackend;
  if (backend !== 'redis' && backend !== 'postgres')
    throw new Error(`--queue-backend must be redis or postgres, not ${backend}`);
  const pick = (flag: Exclude<keyof typeof FLAGS, 'queue-backend'>, fallback: number): number => {
    const raw = (values[flag] as string | undefined) ?? env[FLAGS[flag]];
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
  };
}
