import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { deleteRedisPrefix } from './redis';
import {
  ALL_IN_ONE,
  API,
  dbUrl,
  DEMO_PASSWORD,
  PG_ADMIN_URL,
  PROJECT_ROOT,
  REDIS_URL,
  templateDb,
  TEST_PASSWORD_HASH,
  WORKER,
} from './env';

const root = PROJECT_ROOT;

/**
 * The queue store the spawned API and worker use: Redis (REDIS_URL, the default) or, with
 * TEST_QUEUE_BACKEND=postgres, BullMQ's PostgreSQL backend in the test's own database (each test
 * file has its own database, so the `bullmq` schema keeps runs apart as the prefix does on Redis).
 */
export const QUEUE_BACKEND: 'redis' | 'postgres' =
  process.env.TEST_QUEUE_BACKEND === 'postgres' ? 'postgres' : 'redis';

/** The same, read when a harness starts (the bench sets it from `--queue-backend` after loading this file). */
const queueBackend = (): 'redis' | 'postgres' =>
  process.env.TEST_QUEUE_BACKEND === 'postgres' ? 'postgres' : 'redis';
/**
 * How long a started API may take to answer healthy: 60 s, or TEST_START_TIMEOUT_MS on a machine
 * so loaded (several suites at once on two cores) that booting NestJS takes longer.
 */
const START_TIMEOUT_MS = Number(
  process.env.TEST_START_TIMEOUT_MS || process.env.HARNESS_START_TIMEOUT_MS || 60_000,
);

/** A local port free right now (nothing listens on it once this returns). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The API process ended before it answered healthy (its output is on the test's stderr). */
class ApiExited extends Error {
  constructor(child: ChildProcess) {
    super(`the API exited while starting (code ${child.exitCode}, signal ${child.signalCode})`);
  }
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Smaller pools for the files whose queues run on PostgreSQL. At the defaults one such file peaked
 * at 46 connections (API and worker pools 18, the queues' own pools 21), and three Jest workers
 * running two of them beside another file went past PostgreSQL's `max_connections` (100): logins
 * failed with "too many clients already", and in the same run the shutdown file's worker exited
 * with a routing job still active.
 * Enough still for the routing worker's 8 jobs at once, whose transactions take milliseconds.
 */
const PG_QUEUE_FILE_POOLS = { DB_POOL_SIZE: '5', QUEUE_PG_POOL_SIZE: '2' };

/**
 * With those pools a file on the PostgreSQL queues still holds ~33 connections at its peak, so at most
 * two run at once (two and an ordinary file stay near 85): each harness on that backend holds one of
 * two session advisory locks in the admin database from start to stop. A third waits for a lock; it
 * goes ahead after PG_QUEUE_SLOT_WAIT_MS regardless (said on the console), so a harness that was
 * never stopped cannot hold the others up for good.
 */
const PG_QUEUE_FILES_AT_ONCE = 2;
const PG_QUEUE_SLOT_LOCK = 0x64677131; // advisory lock class: "dgq1"
const PG_QUEUE_SLOT_WAIT_MS = 180_000;

/**
 * One isolated DutyGate for a test file: its own database (cloned from the seeded template),
 * its own BullMQ prefix, and the built API and worker running as real processes.
 */
export class Harness {
  readonly id = randomBytes(4).toString('hex');
  readonly dbName = `dutygate_test_${this.id}`;
  readonly databaseUrl = dbUrl(this.dbName);
  readonly queuePrefix = `dgtest_${this.id}`;
  baseUrl = '';
  api?: ChildProcess;
  workers: ChildProcess[] = [];
  extraApis: ChildProcess[] = [];
  /** The session holding this harness's slot among the files on the PostgreSQL queues (see PG_QUEUE_FILES_AT_ONCE). */
  private pgQueueSlot?: Client;
  db!: Client;
  private sessions = new Map<string, { accessToken: string; user: unknown }>();
  private port = 0;

  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: queueBackend() === 'postgres' ? '' : REDIS_URL,
      QUEUE_PREFIX: this.queuePrefix,
      PORT: String(this.port),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      OUTBOX_POLL_MS: '200',
      ROUTING_SWEEP_MS: '1000',
      LOGIN_RATE_LIMIT: '1000',
      // No worker /metrics port by default: test files run in parallel (metrics.e2e-spec sets one).
      METRICS_PORT: '0',
      ...TEST_PASSWORD_HASH,
      ...(queueBackend() === 'postgres' ? PG_QUEUE_FILE_POOLS : {}),
      ...this.extraEnv,
    };
  }

  /**
   * `worker`: a worker process beside the API (`true`, the default: the deployed shape, which the
   * files about processes, the queues and their backends use), none (`false`; a test may start one
   * later), or `'in-api'`: API and worker in one process, as `npm start` runs them
   * (apps/api/src/all-in-one.ts). One process starts with about 0.6 s less CPU than two (1.1 s
   * against 0.9 + 0.9 here from the bundles in dist/server; 1.3 s against 1.15 + 0.77 from
   * dist/apps before them), which over a suite of files that only need DutyGate to work is a
   * tenth of its process starts. `healthy: false` waits only for the API to answer (for runs whose
   * dependencies are down on purpose).
   */
  async start(opts: { worker?: boolean | 'in-api'; healthy?: boolean } = {}): Promise<this> {
    if (queueBackend() === 'postgres') await this.takePgQueueSlot();
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${this.dbName} TEMPLATE ${templateDb()}`);
    await admin.end();
    this.db = new Client({ connectionString: this.databaseUrl });
    await this.db.connect();
    await this.launch(opts);
    return this;
  }

  /** The API and, as `opts.worker` asks, a worker (see `start`), on this harness's database and prefix. */
  private async launch(opts: { worker?: boolean | 'in-api'; healthy?: boolean }): Promise<void> {
    // The worker listens on no port: it boots while the API looks for one.
    if (opts.worker === true || opts.worker === undefined) this.startWorker();
    const ready = opts.healthy === false ? (s: number) => s > 0 : (s: number) => s === 200;
    this.port = await this.spawnApi(
      {},
      (child) => (this.api = child),
      ready,
      START_TIMEOUT_MS,
      'API health',
      opts.worker === 'in-api' ? ALL_IN_ONE : API,
    );
    this.baseUrl = `http://127.0.0.1:${this.port}`;
  }

  /**
   * Starts an API process on a port free right now and waits until `/health` satisfies `ready`.
   * Another test file running in parallel may take that port before the API binds it: an API that
   * exits while starting is started again on another port (three tries), and one that keeps
   * exiting fails at once with its exit code instead of after the whole start timeout. `track`
   * gets each process as it starts, so that `stop` ends it even while this still waits. Returns the port.
   */
  private async spawnApi(
    extraEnv: Record<string, string>,
    track: (child: ChildProcess) => void,
    ready: (status: number) => boolean,
    timeoutMs: number,
    what: string,
    script = API,
  ): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const child = this.spawn(script, {
        ...this.env(),
        ...extraEnv,
        PORT: String(port),
      });
      track(child);
      const exited = () => child.exitCode !== null || child.signalCode !== null;
      try {
        await this.waitFor(
          async () => {
            if (exited()) throw new ApiExited(child);
            return ready((await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status ?? 0);
          },
          // A cold start takes ~3 s; on this shared 2-core machine under load it was seen near 30 s.
          timeoutMs,
          what,
        );
        return port;
      } catch (e) {
        if (!(e instanceof ApiExited) || attempt === 3) throw e;
      }
    }
  }

  private spawn(script: string, env: NodeJS.ProcessEnv = this.env()): ChildProcess {
    const child = spawn('node', [script], {
      cwd: root,
      env,
      // Child logs go to stderr, so the caller's stdout stays its own (the bench prints JSON there).
      // The one-process start's banner (`[dutygate] …`: URL, demo logins) is left out; its logs are not.
      stdio: ['ignore', script === ALL_IN_ONE ? 'pipe' : 2, 2],
    });
    if (child.stdout)
      createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
        if (!line.startsWith('[dutygate] ')) process.stderr.write(`${line}\n`);
      });
    return child;
  }

  /**
   * Another API process on the same database, Redis and queue prefix (as behind a load balancer),
   * with some settings of its own; stopped with the rest. Returns its base URL.
   */
  async startExtraApi(extraEnv: Record<string, string> = {}): Promise<string> {
    const port = await this.spawnApi(
      extraEnv,
      (child) => this.extraApis.push(child),
      (s) => s === 200,
      START_TIMEOUT_MS,
      'extra API health',
    );
    return `http://127.0.0.1:${port}`;
  }

  /** Another worker process; `extraEnv` overrides settings of this one only. */
  startWorker(extraEnv: Record<string, string> = {}): ChildProcess {
    const w = this.spawn(WORKER, { ...this.env(), ...extraEnv });
    this.workers.push(w);
    return w;
  }

  /** SIGKILL: the process gets no chance to clean up, as in a crash. */
  killWorker(w: ChildProcess): Promise<void> {
    return new Promise((resolve) => {
      if (w.exitCode !== null || w.signalCode !== null) return resolve();
      w.once('exit', () => resolve());
      w.kill('SIGKILL');
    });
  }

  /**
   * Ends the API and the workers as `stop` does, and starts them again on the same database and
   * queue prefix as `start` with these options would: fresh processes (the scale bench times
   * routing on them, whatever the processes before had been through).
   */
  async restartProcesses(opts: { worker?: boolean | 'in-api'; healthy?: boolean } = {}): Promise<void> {
    await this.stopProcesses();
    this.extraApis = [];
    this.workers = [];
    await this.launch(opts);
  }

  /**
   * SIGTERM to the API and workers still running, SIGKILL after 10 s; resolves when all have exited.
   * The database and queue prefix stay (`stop` drops them), for a later `restartProcesses`.
   */
  async stopProcesses(): Promise<void> {
    const procs = [this.api, ...this.extraApis, ...this.workers].filter(
      (p): p is ChildProcess => !!p && p.exitCode === null && p.signalCode === null,
    );
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            const t = setTimeout(() => p.kill('SIGKILL'), 10_000);
            p.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            p.kill('SIGTERM');
          }),
      ),
    );
  }

  async stop(): Promise<void> {
    await this.stopProcesses();
    await this.db?.end().catch(() => undefined);
    try {
      const admin = new Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`);
      await admin.end();
    } finally {
      // The queues' keys on the shared Redis go with the database (on the PostgreSQL backend they were
      // in it), also when dropping it failed: the harness is the one owner of its prefix.
      if (queueBackend() === 'redis') await deleteRedisPrefix(REDIS_URL, this.queuePrefix);
      // Closing the session releases its advisory lock.
      await this.pgQueueSlot?.end().catch(() => undefined);
      this.pgQueueSlot = undefined;
    }
  }

  /** One of the PG_QUEUE_FILES_AT_ONCE slots, held by a session of its own until stop(). */
  private async takePgQueueSlot(): Promise<void> {
    if (this.pgQueueSlot) return;
    const session = new Client({ connectionString: PG_ADMIN_URL, application_name: 'dutygate-test-slot' });
    await session.connect();
    const locked = async () => {
      for (let slot = 0; slot < PG_QUEUE_FILES_AT_ONCE; slot++) {
        const { rows } = await session.query('SELECT pg_try_advisory_lock($1, $2) AS ok', [
          PG_QUEUE_SLOT_LOCK,
          slot,
        ]);
        if (rows[0].ok) return true;
      }
      return false;
    };
    // Only the wait's own time-out is let through; a failing query still fails the start.
    await this.waitFor(locked, PG_QUEUE_SLOT_WAIT_MS, 'a free PostgreSQL-queue slot', 250).catch(
      (e: Error) => {
        if (!e.message.startsWith('timed out')) throw e;
        console.warn(`${e.message}: starting anyway`);
      },
    );
    this.pgQueueSlot = session;
  }

  /**
   * Redis loses everything this DutyGate had (jobs, delayed wake-ups, job schedulers, worker
   * markers), as after a FLUSHALL, without touching other runs sharing the server.
   */
  loseRedis(): Promise<number> {
    if (queueBackend() === 'postgres') return this.loseQueueTables();
    return deleteRedisPrefix(REDIS_URL, this.queuePrefix);
  }

  /**
   * The PostgreSQL backend's equivalent of losing Redis: every row of this database's BullMQ
   * schema (jobs, delayed wake-ups, job schedulers, deduplication, events) is deleted; only the
   * schema's migration ledger and the queues' settings stay. Returns the rows deleted.
   */
  private async loseQueueTables(): Promise<number> {
    const tables = await this.db.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'bullmq' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migration', 'meta')`,
    );
    let deleted = 0;
    for (const { table_name } of tables.rows)
      deleted += (await this.db.query(`DELETE FROM bullmq."${table_name}"`)).rowCount ?? 0;
    return deleted;
  }

  async waitFor(
    check: () => Promise<boolean>,
    timeoutMs: number,
    what: string,
    everyMs = 100,
  ): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, everyMs));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }

  /**
   * What signing in answers (token and user, as the web app stores it). The last answer per user is
   * kept: signing in again with the demo password returns it without a request.
   */
  async session(username: string, password = DEMO_PASSWORD): Promise<{ accessToken: string; user: unknown }> {
    const cached = this.sessions.get(username);
    if (cached && password === DEMO_PASSWORD) return cached;
    const r = await this.request('POST', '/api/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    const session = { accessToken: r.body.accessToken, user: r.body.user };
    this.sessions.set(username, session);
    return session;
  }

  /** Forgets every kept sign-in answer (for a harness pointed at another DutyGate, whose tokens differ). */
  forgetLogins(): void {
    this.sessions.clear();
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<string> {
    return (await this.session(username, password)).accessToken;
  }

  /** An HTTP call; `as` signs in as that demo user first. */
  async request<T = any>(
    method: string,
    path: string,
    opts: {
      as?: string;
      body?: unknown;
      headers?: Record<string, string>;
      rawBody?: string | Buffer | FormData;
    } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.as) headers.authorization = `Bearer ${await this.login(opts.as)}`;
    let body: string | Buffer | FormData | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body as NonNullable<Parameters<typeof fetch>[1]>['body'],
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** Waits until no assignment of these tasks is still pending routing. */
  async waitRouted(taskIds: string[], timeoutMs = 30_000): Promise<void> {
    await this.waitFor(
      async () => {
        const r = await this.db.query(
          `SELECT count(*)::int AS n FROM assignment WHERE task_id = ANY($1) AND state = 'pending_routing'`,
          [taskIds],
        );
        return r.rows[0].n === 0;
      },
      timeoutMs,
      'routing',
    );
  }
}
