import { randomBytes, randomUUID } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Client, Pool } from 'pg';
import { AppConfig } from '@app/config';
import { configureQueueBackend, DEFAULT_JOB_OPTIONS, migrateQueueBackend } from '@app/queue';
import { dbUrl, PG_ADMIN_URL, REDIS_URL } from '../support/env';
import { Cleanup, deleteRedisPrefix } from './cleanup';
import { round } from './stats';

export interface BaselineResult {
  jobs: number;
  concurrency: number;
  elapsedMs: number;
  jobsPerSecond: number;
  /** Attempts that failed and were retried: non-zero means the run was disturbed (re-run it). */
  failedAttempts: number;
}

/** Jobs per addBulk call: one Redis round trip each, well under any argument limit. */
const ADD_CHUNK = 1000;
/** No job completed for this long: Redis lost them (another run's FLUSHALL) or the worker is stuck. */
const STALL_MS = 30_000;

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Phase 2: what this machine does with no DutyGate code at all: a plain BullMQ worker, one
 * PostgreSQL INSERT per job, the jobs added in bulk beforehand with the engine's job options. The
 * queue runs where DutyGate's ran (Redis, or BullMQ's PostgreSQL backend in the scratch database,
 * with DutyGate's connection settings), so the ratio compares like with like.
 */
export async function benchBaseline(
  jobs: number,
  concurrency: number,
  backend: 'redis' | 'postgres',
  cleanup: Cleanup,
): Promise<BaselineResult> {
  const id = randomBytes(4).toString('hex');
  const dbName = `dutygate_bench_scratch_${id}`;
  const prefix = `dgbench_${id}`;
  const queueName = 'baseline';
  const queueConfig = {
    REDIS_URL: backend === 'redis' ? REDIS_URL : '',
    DATABASE_URL: dbUrl(dbName),
    QUEUE_SCHEMA: 'bullmq',
    // The product's default, as the scale and routing runs use.
    QUEUE_PG_POOL_SIZE: new AppConfig().QUEUE_PG_POOL_SIZE,
    DB_CONNECT_TIMEOUT_MS: 5000,
  };
  const connection = configureQueueBackend(queueConfig) as ConnectionOptions;

  cleanup.add('baseline Redis keys', async () => {
    const n = await deleteRedisPrefix(REDIS_URL, prefix);
    console.error(`bench: deleted ${n} Redis keys of ${prefix}`);
  });
  const dropDb = cleanup.add('baseline database', () =>
    admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`),
  );
  await admin(`CREATE DATABASE ${dbName}`);
  await migrateQueueBackend(queueConfig);
  const pool = new Pool({ connectionString: dbUrl(dbName), max: concurrency });
  // An idle connection the server closed is replaced on the next query; only log it.
  pool.on('error', (e) => console.error(`bench: baseline pool: ${e.message}`));
  const closePool = cleanup.add('baseline pool', () => pool.end());
  await pool.query(
    `CREATE TABLE bench_job (id bigserial PRIMARY KEY, job_id text NOT NULL, payload jsonb NOT NULL,
       done_at timestamptz NOT NULL DEFAULT now())`,
  );

  const queue = new Queue(queueName, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const closeQueue = cleanup.add('baseline queue', () => queue.close());
  console.error(`bench: baseline, adding ${jobs} jobs in bulk under ${prefix}`);
  for (let from = 0; from < jobs; from += ADD_CHUNK)
    await queue.addBulk(
      Array.from({ length: Math.min(ADD_CHUNK, jobs - from) }, () => ({
        name: 'insert',
        data: { taskId: randomUUID(), round: 1 },
      })),
    );

  let completed = 0;
  let failedAttempts = 0;
  let lastProgress = performance.now();
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker(
    queueName,
    async (job) => {
      await pool.query(`INSERT INTO bench_job (job_id, payload) VALUES ($1, $2)`, [job.id, job.data]);
    },
    { connection, prefix, concurrency, autorun: false },
  );
  const closeWorker = cleanup.add('baseline worker', () => worker.close());
  worker.on('completed', () => {
    lastProgress = performance.now();
    if (++completed === jobs) finish();
  });
  worker.on('failed', (_job, e) => {
    failedAttempts++;
    console.error(`bench: baseline job attempt failed: ${e.message}`);
  });

  console.error(`bench: baseline, running ${jobs} jobs at concurrency ${concurrency}`);
  const started = performance.now();
  let watchdog: NodeJS.Timeout | undefined;
  const failure = new Promise<never>((_, reject) => {
    worker.run().catch(reject);
    watchdog = setInterval(() => {
      if (performance.now() - lastProgress > STALL_MS)
        reject(new Error(`baseline stalled at ${completed} of ${jobs} jobs (Redis flushed by another run?)`));
    }, 1000);
  });
  await Promise.race([finished, failure]).finally(() => clearInterval(watchdog));
  const elapsedMs = performance.now() - started;

  const stored = (await pool.query(`SELECT count(*)::int AS n FROM bench_job`)).rows[0].n;
  if (stored !== jobs) throw new Error(`baseline stored ${stored} rows for ${jobs} jobs`);
  await closeWorker();
  await closeQueue();
  await closePool();
  await dropDb();
  return {
    jobs,
    concurrency,
    elapsedMs: round(elapsedMs),
    jobsPerSecond: round((jobs / elapsedMs) * 1000),
    failedAttempts,
  };
}
