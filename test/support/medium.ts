import { getQueueToken } from '@nestjs/bullmq';
import type { Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Job, Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule, loadConfig } from '@app/config';
import type { Clock } from '@app/domain';
import { OutboxRepository, PersistenceModule } from '@app/persistence';
import { jobMessage, QUEUES, QueueModule, type QueueName } from '@app/queue';
import {
  AssessmentService,
  CLOCK,
  EscalationService,
  RoutingService,
  WebhookService,
  WorkflowModule,
  type Actor,
  type RoleName,
} from '@app/workflow';
import { AssessmentProcessor } from '../../apps/worker/src/assessment.processor';
import { DeadlinesProcessor } from '../../apps/worker/src/deadlines.processor';
import { NotificationsProcessor } from '../../apps/worker/src/notifications.processor';
import { RoutingProcessor } from '../../apps/worker/src/routing.processor';
import { dbUrl, PG_ADMIN_URL, REDIS_URL, templateDb, TEST_PASSWORD_HASH } from './env';
import { deleteRedisPrefix } from './redis';

/**
 * The medium tier: the workflow services in this process, against a real PostgreSQL database
 * cloned from the seeded template and a BullMQ prefix of their own on the real Redis, with a clock
 * the test moves by hand and configuration the test chooses. No HTTP, no spawned processes.
 */

type Instant = Date | number | string;
const ms = (t: Instant): number =>
  t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);

/** A clock the test moves by hand; every service reads "now" through the CLOCK token. */
export class ManualClock implements Clock {
  private t: number;

  constructor(start: Instant) {
    this.t = ms(start);
    if (Number.isNaN(this.t)) throw new Error(`not a time: ${String(start)}`);
  }

  now = (): Date => new Date(this.t);

  set(at: Instant): void {
    const t = ms(at);
    if (Number.isNaN(t)) throw new Error(`not a time: ${String(at)}`);
    this.t = t;
  }

  advance(byMs: number): void {
    this.t += byMs;
  }
}

/** A job waiting in Redis, with the time (on the test clock) it may run. */
export interface PendingJob {
  queue: QueueName;
  name: string;
  id: string;
  runAt: number;
}

/** A job the runner ran: which, and at what test-clock time. */
export interface RanJob {
  queue: QueueName;
  name: string;
  id: string;
  at: number;
}

interface JobProcessor {
  process(job: Job): Promise<unknown>;
}

/** Outbox rows moved per transaction, as the worker's relay does. */
const RELAY_BATCH = 500;
/**
 * Job states that mean "not yet run" (no BullMQ worker runs here, so nothing is ever active).
 * BullMQ 6 has no `paused` list: a paused queue keeps its jobs waiting.
 */
const NOT_RUN = ['wait', 'delayed', 'prioritized'] as const;
/** A run that keeps producing due work is a bug (a job re-arming itself): stop instead of spinning. */
const MAX_JOBS_PER_ADVANCE = 10_000;

/**
 * What the worker does, on the test clock instead of real time: moves outbox rows into BullMQ (a
 * message with a run time becomes a delayed job), and runs each job through the worker's own
 * processor once the clock reaches its run time. The job's run time lives in Redis (its
 * `timestamp` is the test clock at dispatch, plus its delay), so jobs Redis loses are really gone.
 * The escalation sweep's job scheduler is stood in for by a tick at every multiple of
 * ESCALATION_SWEEP_MS, when `advanceTo` is asked for it.
 */
export class ClockedJobs {
  /** Every job run so far, in order. */
  readonly ran: RanJob[] = [];
  /** When the sweep's stand-in scheduler last ran. */
  private lastSweep = -Infinity;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly queues: Record<QueueName, Queue>,
    private readonly processors: Record<QueueName, JobProcessor>,
    private readonly clock: ManualClock,
    private readonly sweepEveryMs: number,
  ) {}

  /** Moves every undispatched outbox row into BullMQ; returns how many. */
  async relay(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.dataSource.transaction(async (tx) => {
        const rows = await this.outbox.claim(tx, RELAY_BATCH);
        const now = this.clock.now().getTime();
        for (const r of rows)
          await this.queues[r.queue as QueueName].add(r.jobName, r.payload, {
            jobId: r.jobId,
            timestamp: now,
            delay: r.runAt ? Math.max(0, new Date(r.runAt).getTime() - now) : 0,
          });
        await this.outbox.markDispatched(
          tx,
          rows.map((r) => r.id),
        );
        return rows.length;
      });
      total += moved;
      if (moved < RELAY_BATCH) return total;
    }
  }

  /** Jobs in Redis not yet run, earliest first. */
  async pending(): Promise<PendingJob[]> {
    const out: PendingJob[] = [];
    for (const queue of Object.values(QUEUES))
      for (const job of await this.queues[queue].getJobs([...NOT_RUN]))
        if (job?.id)
          out.push({ queue, name: job.name, id: job.id, runAt: job.timestamp + (job.opts.delay ?? 0) });
    return out.sort((a, b) => a.runAt - b.runAt || a.id.localeCompare(b.id));
  }

  /** Runs one job through its queue's processor now, then removes it (as removeOnComplete does). */
  private async run(p: PendingJob): Promise<void> {
    const job = await this.queues[p.queue].getJob(p.id);
    if (!job) return;
    try {
      await this.processors[p.queue].process(job);
    } catch (e) {
      throw new Error(`job ${p.name} ${p.id} failed at ${this.clock.now().toISOString()}: ${String(e)}`);
    }
    await job.remove();
    this.ran.push({ queue: p.queue, name: p.name, id: p.id, at: this.clock.now().getTime() });
  }

  /** Runs the escalation sweep's job now, as its scheduler would. */
  async sweep(): Promise<void> {
    const m = jobMessage('escalation-sweep', {});
    await this.processors[m.queue].process({ name: m.jobName, data: m.payload, id: m.jobId } as Job);
    this.lastSweep = this.clock.now().getTime();
    this.ran.push({ queue: m.queue, name: m.jobName, id: m.jobId, at: this.lastSweep });
    await this.relay();
  }

  /** Runs everything due by the clock as it stands (jobs that are due add more work: run that too). */
  runDue(): Promise<RanJob[]> {
    return this.advanceTo(this.clock.now(), { sweep: false });
  }

  /**
   * Moves the clock forward to `until`, stopping at each job's run time (and, unless `sweep` is
   * false, at each tick of the escalation sweep) to run what is due, as a worker would while real
   * time passed. Returns the jobs run.
   */
  async advanceTo(until: Instant, opts: { sweep?: boolean } = {}): Promise<RanJob[]> {
    const end = ms(until);
    const start = this.clock.now().getTime();
    if (end < start) throw new Error(`the clock only moves forward (${new Date(end).toISOString()})`);
    const from = this.ran.length;
    const sweep = opts.sweep ?? true;
    for (let n = 0; ; n++) {
      if (n > MAX_JOBS_PER_ADVANCE) throw new Error('jobs keep coming: is something re-arming itself?');
      await this.relay();
      const now = this.clock.now().getTime();
      const next = (await this.pending())[0];
      // The scheduler's ticks fall on whole multiples of its period; one not yet run is due.
      const nextTick = sweep
        ? Math.max(Math.ceil(now / this.sweepEveryMs), Math.floor(this.lastSweep / this.sweepEveryMs) + 1) *
          this.sweepEveryMs
        : Infinity;
      const at = Math.min(next ? Math.max(next.runAt, now) : Infinity, nextTick);
      if (at > end) break;
      this.clock.set(at);
      if (next && Math.max(next.runAt, now) === at) await this.run(next);
      else await this.sweep();
    }
    this.clock.set(end);
    return this.ran.slice(from);
  }
}

export interface MediumOptions {
  /** AppConfig values (validated as at boot); the database, Redis and queue prefix are the app's own. */
  config?: Partial<Record<keyof AppConfig, string | number | boolean>>;
  /** Where the clock starts (default: a fixed Monday morning, 2026-03-02 09:00 China time). */
  now?: Instant;
}

export interface MediumApp {
  /** A service (or any provider) of the app. */
  get<T>(type: Type<T>): T;
  module: TestingModule;
  config: AppConfig;
  clock: ManualClock;
  jobs: ClockedJobs;
  /** A client on the app's own database, for what only the database shows. */
  db: Client;
  queuePrefix: string;
  /** A seeded user as the services see a signed-in one. */
  actor(username: string): Promise<Actor>;
  /** Redis loses every key of this app (jobs, delayed wake-ups), as after a FLUSHALL. */
  loseRedis(): Promise<number>;
  close(): Promise<void>;
}

/** 2026-03-02 is a Monday and an ordinary working day: working-day windows start cleanly. */
export const MEDIUM_EPOCH = '2026-03-02T09:00:00+08:00';

/**
 * The workflow services on a database of their own (cloned from the seeded template built by the
 * global setup) and a BullMQ prefix of their own, with `clock` as CLOCK and `config` as AppConfig.
 * Call `close()` in afterAll: it drops the database and deletes the prefix's keys.
 */
/** A database cloned from the seeded template for one test file; `drop` removes it. */
export async function cloneDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE ${templateDb()}`);
  return { url: dbUrl(name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function createMediumApp(opts: MediumOptions = {}): Promise<MediumApp> {
  const id = randomBytes(4).toString('hex');
  const dbName = `dutygate_test_${id}`;
  const queuePrefix = `dgmed_${id}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    ...TEST_PASSWORD_HASH,
    ...Object.fromEntries(Object.entries(opts.config ?? {}).map(([k, v]) => [k, String(v)])),
    DATABASE_URL: dbUrl(dbName),
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
  });
  const clock = new ManualClock(opts.now ?? MEDIUM_EPOCH);

  const database = await cloneDatabase(dbName);
  const dropAll = async () => {
    await deleteRedisPrefix(REDIS_URL, queuePrefix);
    await database.drop();
  };

  let module: TestingModule;
  let db: Client;
  try {
    module = await Test.createTestingModule({
      imports: [ConfigModule, PersistenceModule, QueueModule, WorkflowModule],
    })
      .overrideProvider(AppConfig)
      .useValue(config)
      .overrideProvider(CLOCK)
      .useValue(clock)
      .compile();
    await module.init();
    db = new Client({ connectionString: config.DATABASE_URL });
    await db.connect();
  } catch (e) {
    await dropAll();
    throw e;
  }

  const queues = Object.fromEntries(
    Object.values(QUEUES).map((q) => [q, module.get<Queue>(getQueueToken(q))]),
  ) as Record<QueueName, Queue>;
  // The worker's own processors, not registered as providers: no BullMQ worker takes jobs on its
  // own; ClockedJobs hands them over when the test clock says they are due.
  const processors: Record<QueueName, JobProcessor> = {
    [QUEUES.routing]: new RoutingProcessor(module.get(RoutingService), config),
    [QUEUES.deadlines]: new DeadlinesProcessor(module.get(EscalationService)),
    [QUEUES.notifications]: new NotificationsProcessor(module.get(WebhookService)),
    [QUEUES.assessment]: new AssessmentProcessor(module.get(AssessmentService)),
  };
  const jobs = new ClockedJobs(
    module.get(DataSource),
    module.get(OutboxRepository),
    queues,
    processors,
    clock,
    config.ESCALATION_SWEEP_MS,
  );

  return {
    get: <T>(type: Type<T>) => module.get(type),
    module,
    config,
    clock,
    jobs,
    db,
    queuePrefix,
    async actor(username) {
      const r = await db.query(
        `SELECT u.id, u.username, u.org_code, o.kind, u.roles FROM app_user u JOIN organisation o ON o.code = u.org_code
          WHERE u.username = $1`,
        [username],
      );
      if (!r.rows[0]) throw new Error(`no seeded user ${username}`);
      const u = r.rows[0];
      return {
        userId: u.id,
        username: u.username,
        orgCode: u.org_code,
        orgKind: u.kind,
        roles: u.roles as RoleName[],
      };
    },
    loseRedis: () => deleteRedisPrefix(REDIS_URL, queuePrefix),
    async close() {
      await db.end().catch(() => undefined);
      await module.close();
      await dropAll();
    },
  };
}
