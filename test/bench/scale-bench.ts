import { Client } from 'pg';
import { generate, type GenerateResult } from '../../apps/cli/src/generator';
import { MIGRATIONS } from '@app/persistence';
import { dbUrl } from '../support/env';
import { Harness } from '../support/harness';
import type { Cleanup } from './cleanup';
import type { BenchOptions } from './options';
import { runReadLoad } from './read-clients';
import { READS, readPath, readSubjects, type Read, type ReadSubjects } from './reads';
import { readsPlannedEveryCall, readStatements } from './read-statements';
import { measureRouting, serviceHarness } from './routing-bench';
import { percentile, round } from './stats';

/** Issue 12: p99 under 50 ms with 32 clients, and p99 at 1M at most 1.5 × p99 at 10k. */
export const SCALE_TARGETS = { p99Ms: 50, ratio: 1.5, clients: 32, routingWithin: 0.1 };

/** Requests per client and read in one round: 960 a round. */
const READS_PER_CLIENT = 30;
/**
 * Rounds: each read is timed this many times at each size, the sizes taking turns read by read, and
 * its p50 and p99 are those of every round's requests together (2,880 at each size). Timed one size
 * after the other, all of a size's reads fell in one quarter-minute of the machine: the host's
 * speed, which drifts by a fifth and more within minutes here, moved every read of one size against
 * the other's (one run's 10k reads all slower than its 1M ones, another's all faster).
 */
const ROUNDS = 3;
/** Routing measurements at each size (and on an empty database), the sizes taking turns: see timeRouting. */
const ROUTING_ROUNDS = 3;
/** The largest size's history: a year (the generator's default). */
const YEAR_DAYS = 365;
/** Untimed requests per client before them, all clients at once. */
const WARM_UP_PER_CLIENT = 8;

/** Demo users (username = organisation code) asking as each role. */
const USERS = { reviewer: 'WBB', supervisor: 'ZFB' } as const;

export interface ReadTiming {
  p50: number;
  p99: number;
  requests: number;
  /** Rows in the answer (`items` of a list, 1 for a single object): a page of 21 costs more than one of 2. */
  rows: number;
  /** The p99 of each round alone, in the order timed: how far one round's answer strays from the pooled one. */
  roundP99: number[];
}

export interface ScaleSize {
  assignments: number;
  /** Days of history the generator spread them over (GenerateOptions.days). */
  days: number;
  clonedFrom?: string;
  generateMs: number;
  rows: Record<string, number>;
  subjects: ReadSubjects;
  /**
   * The reads PostgreSQL plans on every call at this size although sent as named prepared
   * statements (readsPlannedEveryCall): each pays its planning on every request.
   */
  plannedEveryCall: string[];
  reads: Record<string, ReadTiming>;
  routing: SizeRouting & { assignmentUpdates: AssignmentUpdates };
  audit?: { ok: boolean; events: number; ms: number };
}

/** A size's routing over its rounds: the rounds' assignments over their time together, and each round's figure. */
export interface SizeRouting {
  assignmentsPerSecond: number;
  /** Each round's assignments/s, in the order timed. */
  roundsPerSecond: number[];
  /** Submit → decision, over every round's assignments (the rounds' p50 and p99 of each, pooled by median). */
  latencyMs: { p50: number; p99: number };
  /** WAL per routed assignment over the rounds (RoutingResult.walBytesPerAssignment). */
  walBytesPerAssignment: number;
  oneDecisionPerAssignment: boolean;
}

export interface ScaleRow {
  endpoint: string;
  p50_small: number;
  p99_small: number;
  p50_large: number;
  p99_large: number;
  ratio: number;
  /** Rows per answer at each size: where the small year fills less than a page, the ratio compares unlike answers. */
  rows_small: number;
  rows_large: number;
  met: boolean;
}

/** Waits until `from` is migrated to this build's last migration and nobody is connected to it (a clone needs both). */
async function sourceReady(from: string): Promise<void> {
  const last = MIGRATIONS[MIGRATIONS.length - 1].name;
  for (;;) {
    const admin = new Client({ connectionString: dbUrl(from) });
    await admin.connect();
    const ready = (
      await admin.query(
        `SELECT EXISTS (SELECT 1 FROM schema_migration WHERE name = $1)
            AND (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()) = 0 AS ok`,
        [last],
      )
    ).rows[0].ok;
    await admin.end();
    if (ready) return;
    console.error(`bench: waiting for ${from} to be migrated to ${last} and idle`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
}

/**
 * Runs one read with `clients` concurrent clients, `perClient` requests each, after a warm-up of the
 * same concurrency (`perClient` 0: the warm-up alone, answering null). The clients run in a thread of
 * their own (read-clients.ts).
 */
async function loadRead(
  h: Harness,
  read: Read,
  as: string,
  path: string,
  clients: number,
  perClient: number,
): Promise<{ ms: number[]; rows: number } | null> {
  const { hostname, port } = new URL(h.baseUrl);
  return runReadLoad({
    name: read.name,
    hostname,
    port: Number(port),
    path,
    token: await h.login(as),
    clients,
    warmUp: WARM_UP_PER_CLIENT,
    perClient,
  });
}

/** One size's database and processes, ready to be read: what the read rounds take turns on. */
interface PreparedSize {
  h: Harness;
  stop: () => Promise<void>;
  from?: string;
  days: number;
  gen: GenerateResult;
  subjects: ScaleSize['subjects'];
  plannedEveryCall: string[];
  who: Record<Read['as'], string>;
  paths: { read: Read; path: string }[];
}

/**
 * One size: a fresh database (cloned from the seeded template by the harness, dropped at the end)
 * filled by the generator over `days` of history, its API and worker started, and the subjects of the
 * reads picked.
 */
async function prepareSize(
  assignments: number,
  days: number,
  cleanup: Cleanup,
  from?: string,
): Promise<PreparedSize> {
  const h = serviceHarness();
  const stop = cleanup.add(`scale ${assignments} processes and database`, () => h.stop());
  // The harness clones its database from the template named here: the seeded one, or `from`.
  const template = process.env.DUTYGATE_TEST_TEMPLATE;
  if (from) {
    await sourceReady(from);
    process.env.DUTYGATE_TEST_TEMPLATE = from;
  }
  try {
    await h.start();
  } finally {
    process.env.DUTYGATE_TEST_TEMPLATE = template;
  }
  console.error(`bench: scale — generating ${assignments} assignments over ${days} days into ${h.dbName}`);
  const db = new Client({ connectionString: h.databaseUrl });
  await db.connect();
  let gen;
  try {
    gen = await generate(db, { assignments, seed: 1, days, log: (l) => console.error(l) });
    await db.query('VACUUM ANALYZE');
    if (!gen.created) {
      // Cloned from --scale-from: the rows are there already.
      const n = (await db.query(`SELECT count(*)::int AS n FROM assignment`)).rows[0].n;
      gen = { ...gen, assignments: n, rows: { assignment: n } };
    }
  } finally {
    await db.end();
  }
  const subjects = await readSubjects(async (sql) => (await h.db.query(sql)).rows[0].v as string);
  const plannedEveryCall = await readsPlannedEveryCall(h.db, await readStatements(h.db, subjects));
  const paths = READS.map((read) => ({ read, path: readPath(read, subjects) }));
  const who = { street: subjects.street, dept: subjects.dept, ...USERS };
  return { h, stop, from, days, gen, subjects, plannedEveryCall, who, paths };
}

/** One size after its reads: the audit chain verified (small sizes). */
async function verifySize(p: PreparedSize, verifyAudit: boolean): Promise<ScaleSize['audit']> {
  if (!verifyAudit) return undefined;
  const started = performance.now();
  const r = await p.h.request('GET', '/api/audit/verify', { as: USERS.reviewer });
  const audit = { ok: r.body?.ok === true, events: r.body?.events, ms: round(performance.now() - started) };
  console.error(`bench: scale ${p.gen.assignments} — audit verify ${JSON.stringify(audit)}`);
  return audit;
}

/** All and heap-only updates of assignment rows (issue 12's HOT check). */
interface AssignmentUpdates {
  updates: number;
  hot: number;
}

/** The assignment rows' updates so far; stats flush within a second. */
async function assignmentUpdates(h: Harness): Promise<AssignmentUpdates> {
  await new Promise((r) => setTimeout(r, 1500));
  return (
    await h.db.query(
      `SELECT n_tup_upd::int AS updates, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relname = 'assignment'`,
    )
  ).rows[0] as AssignmentUpdates;
}

type RoutingRun = Awaited<ReturnType<typeof measureRouting>>;

/** A size's rounds together: assignments over time, latency as the median of the rounds' figures. */
function pooled(runs: RoutingRun[]): SizeRouting {
  const median = (xs: number[]) => percentile(xs, 0.5);
  const assignments = runs.reduce((n, r) => n + r.assignments, 0);
  const ms = runs.reduce((n, r) => n + r.windowMs, 0);
  return {
    assignmentsPerSecond: round((assignments / ms) * 1000),
    roundsPerSecond: runs.map((r) => r.assignmentsPerSecond),
    latencyMs: {
      p50: round(median(runs.map((r) => r.latencyMs.p50))),
      p99: round(median(runs.map((r) => r.latencyMs.p99))),
    },
    walBytesPerAssignment: Math.round(
      runs.reduce((n, r) => n + r.walBytesPerAssignment * r.assignments, 0) / assignments,
    ),
    oneDecisionPerAssignment: runs.every((r) => r.checks.oneDecisionPerAssignment),
  };
}

/**
 * Routing, ROUTING_ROUNDS times at every size and on an empty database, the sizes taking turns
 * within a round (the order reversed every other round), as the reads do: timed one size after the
 * other, once each, the comparison the target makes (the largest year against the empty database)
 * fell on minutes of the machine minutes apart. The empty database is a fresh clone of the seeded
 * template each round, as the first round found it (the 375 tasks a measurement submits would have
 * made it a 13k year); the generated years keep what each round adds (1.3 % of the million). Each
 * measurement runs on restarted processes, stopped again after it, so that only one size's run at a
 * time: after the read rounds' `SIGSTOP`s the same processes routed a third slower (1,170 against
 * 1,675–1,750 assignments/s at 1M, 40 stops of 0.7 s; the cause not found).
 */
async function timeRouting(
  prepared: PreparedSize[],
  opts: BenchOptions,
  cleanup: Cleanup,
): Promise<{ empty: SizeRouting; sizes: ScaleSize['routing'][] }> {
  for (const { h } of prepared) await h.stopProcesses();
  const before = await Promise.all(prepared.map(({ h }) => assignmentUpdates(h)));
  const runs: RoutingRun[][] = prepared.map(() => []);
  const emptyRuns: RoutingRun[] = [];
  const emptyOnce = async (): Promise<RoutingRun> => {
    const h = serviceHarness();
    const stop = cleanup.add(`scale routing on an empty database ${h.dbName}`, () => h.stop());
    try {
      await h.start();
      return await measureRouting(h, opts);
    } finally {
      await stop();
    }
  };
  for (let r = 0; r < ROUTING_ROUNDS; r++) {
    const order = [-1, ...prepared.keys()];
    if (r % 2 === 1) order.reverse();
    for (const k of order) {
      const label = k < 0 ? 'empty' : String(prepared[k].gen.assignments);
      let run: RoutingRun;
      if (k < 0) run = await emptyOnce();
      else {
        const { h } = prepared[k];
        await h.restartProcesses();
        await new Promise((res) => setTimeout(res, 1500));
        run = await measureRouting(h, opts);
        await h.stopProcesses();
      }
      (k < 0 ? emptyRuns : runs[k]).push(run);
      console.error(
        `bench: scale routing round ${r + 1} — ${label}: ${run.assignmentsPerSecond} assignments/s, ${run.walBytesPerAssignment} bytes of WAL each`,
      );
    }
  }
  const after = await Promise.all(prepared.map(({ h }) => assignmentUpdates(h)));
  return {
    empty: pooled(emptyRuns),
    sizes: runs.map((rs, k) => ({
      ...pooled(rs),
      assignmentUpdates: { updates: after[k].updates - before[k].updates, hot: after[k].hot - before[k].hot },
    })),
  };
}

/** Sends `sig` to the API and worker processes of each size given. */
function signal(sizes: PreparedSize[], sig: 'SIGSTOP' | 'SIGCONT'): void {
  for (const { h } of sizes)
    for (const child of [h.api, ...h.workers])
      if (child && child.exitCode === null && child.signalCode === null) child.kill(sig);
}

/**
 * Every read of READS timed over HTTP with 32 clients at every size, in ROUNDS rounds: within a
 * round each read is timed at each size in turn (the order of the sizes reversed every other
 * round), so the machine's drift falls on both sides of a ratio alike. While one size is timed the
 * other sizes' API and worker are stopped (SIGSTOP, then SIGCONT): their timers, the million's
 * sweeps among them, run in their own size's time, not in another's. Answers each size's timings
 * by read name.
 */
async function timeReads(prepared: PreparedSize[]): Promise<Record<string, ReadTiming>[]> {
  // Every size's API goes through every read untimed (the warm-up alone) right before the rounds, the
  // other sizes stopped as when timed, so that the read timed first does not also carry its process's
  // warm-up (V8 compiling the request path, node-postgres and PostgreSQL's first plans), which the
  // reads timed after it no longer pay. Warmed at the end of its own preparation instead, the smaller
  // size then sat idle while the million was cloned and vacuumed (minutes), and its first read's first
  // round was the slowest of the run (p99 65 ms against 20-24 in its other rounds, 2026-12-05). The
  // size timed first is warmed last.
  for (const k of [...prepared.keys()].reverse()) {
    const p = prepared[k];
    const others = prepared.filter((_, j) => j !== k);
    signal(others, 'SIGSTOP');
    try {
      for (const { read, path } of p.paths)
        await loadRead(p.h, read, p.who[read.as], path, SCALE_TARGETS.clients, 0);
    } finally {
      signal(others, 'SIGCONT');
    }
  }
  // Per size, per read: each round's timings, and the rows of its answer.
  const timed = prepared.map(
    () => new Map(READS.map(({ name }) => [name, { rounds: [] as number[][], rows: 0 }])),
  );
  for (let r = 0; r < ROUNDS; r++)
    for (let i = 0; i < READS.length; i++) {
      const order = prepared.map((_, k) => k);
      if (r % 2 === 1) order.reverse();
      for (const k of order) {
        const p = prepared[k];
        const { read, path } = p.paths[i];
        const others = prepared.filter((_, j) => j !== k);
        signal(others, 'SIGSTOP');
        let result;
        try {
          result = await loadRead(p.h, read, p.who[read.as], path, SCALE_TARGETS.clients, READS_PER_CLIENT);
        } finally {
          signal(others, 'SIGCONT');
        }
        if (!result) throw new Error(`${read.name}: no timed requests`);
        const t = timed[k].get(read.name)!;
        t.rounds.push(result.ms);
        t.rows = result.rows;
        console.error(
          `bench: scale ${p.gen.assignments} round ${r + 1} — ${read.name}: p50 ${round(percentile(result.ms, 0.5))} ms, p99 ${round(percentile(result.ms, 0.99))} ms, ${result.rows} rows`,
        );
      }
    }
  return timed.map((reads) =>
    Object.fromEntries(
      [...reads].map(([name, { rounds, rows }]) => {
        const all = rounds.flat();
        return [
          name,
          {
            p50: round(percentile(all, 0.5)),
            p99: round(percentile(all, 0.99)),
            requests: all.length,
            rows,
            roundP99: rounds.map((m) => round(percentile(m, 0.99))),
          },
        ];
      }),
    ),
  );
}

/** `npm run bench -- --scale`: the read table at a small and a large generated year, and routing at each. */
export async function benchScale(
  opts: BenchOptions,
  cleanup: Cleanup,
): Promise<{
  /** What the smaller sizes are (BenchOptions.scaleBaseline). */
  baseline: BenchOptions['scaleBaseline'];
  sizes: ScaleSize[];
  table: ScaleRow[];
  routing: Record<string, number>;
  /** The empty database's routing rounds, which `routing.empty` pools. */
  emptyRouting: SizeRouting;
  targets: typeof SCALE_TARGETS;
  met: Record<string, boolean>;
}> {
  const largest = Math.max(...opts.scaleSizes);
  // The largest size is a year; a smaller one is the same city younger (its rate), or a year at its own.
  const daysOf = (n: number) =>
    n === largest || opts.scaleBaseline === 'scaled-year' ? YEAR_DAYS : (YEAR_DAYS * n) / largest;
  const prepared: PreparedSize[] = [];
  for (const n of opts.scaleSizes)
    prepared.push(await prepareSize(n, daysOf(n), cleanup, n === largest ? opts.scaleFrom : undefined));
  const timings = await timeReads(prepared);
  const audits: ScaleSize['audit'][] = [];
  for (const [k, p] of prepared.entries())
    audits.push(await verifySize(p, opts.scaleSizes[k] <= opts.scaleVerifyUpTo));
  // Routing last, the sizes and an empty database taking turns; then every size's database goes.
  const routed = await timeRouting(prepared, opts, cleanup);
  for (const p of prepared) await p.stop();
  const sizes: ScaleSize[] = prepared.map((p, k) => ({
    assignments: p.gen.assignments,
    days: p.days,
    ...(p.from ? { clonedFrom: p.from } : {}),
    generateMs: p.gen.elapsedMs,
    rows: p.gen.rows,
    subjects: p.subjects,
    plannedEveryCall: p.plannedEveryCall,
    reads: timings[k],
    routing: routed.sizes[k],
    audit: audits[k],
  }));
  const emptyRoutingPerSecond = routed.empty.assignmentsPerSecond;
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  const table = READS.map((r) => {
    const s = small.reads[r.name];
    const l = large.reads[r.name];
    const ratio = round(l.p99 / s.p99);
    return {
      endpoint: r.name,
      p50_small: s.p50,
      p99_small: s.p99,
      p50_large: l.p50,
      p99_large: l.p99,
      ratio,
      rows_small: s.rows,
      rows_large: l.rows,
      met: l.p99 < SCALE_TARGETS.p99Ms && ratio <= SCALE_TARGETS.ratio,
    };
  });
  const routing = {
    empty: emptyRoutingPerSecond,
    ...Object.fromEntries(sizes.map((s) => [String(s.assignments), s.routing.assignmentsPerSecond])),
  };
  const routingMet =
    large.routing.assignmentsPerSecond >= emptyRoutingPerSecond * (1 - SCALE_TARGETS.routingWithin);
  return {
    baseline: opts.scaleBaseline,
    sizes,
    table,
    routing,
    emptyRouting: routed.empty,
    targets: SCALE_TARGETS,
    met: {
      readsP99: table.every((r) => r.p99_large < SCALE_TARGETS.p99Ms),
      readsRatio: table.every((r) => r.ratio <= SCALE_TARGETS.ratio),
      routing: routingMet,
    },
  };
}
