import { cpus } from 'node:os';
import { Client } from 'pg';
import globalSetup from '../support/global-setup';
import globalTeardown from '../support/global-teardown';
import { PG_ADMIN_URL, templateDb } from '../support/env';
import { benchBaseline } from './baseline-bench';
import { benchDeadlinePhase } from './deadlines.bench';
import { Cleanup } from './cleanup';
import { readOptions } from './options';
import { benchRouting } from './routing-bench';
import { benchScale } from './scale-bench';
import { round } from './stats';

/** From the issue: routed assignments per second, and routing ÷ plain BullMQ+INSERT throughput. */
const TARGETS = { assignmentsPerSecond: 1000, ratio: 0.3 };

/**
 * `npm run bench`: routing throughput of the real system against a plain BullMQ worker on the same
 * machine, and deadline firing; `--scale` adds the reads and routing on a generated year
 * (`--scale-sizes=10000,1000000`, scratch databases the bench creates and drops; the smaller sizes
 * the same city younger unless `--scale-baseline=scaled-year`). Prints one JSON document on stdout
 * (progress on stderr); exits non-zero only on errors.
 */
async function main(): Promise<void> {
  const opts = readOptions(process.argv.slice(2), process.env);
  const cleanup = new Cleanup();
  cleanup.runOnExit();
  try {
    // The bench's own template name, so a concurrent test run's template is never touched.
    process.env.DUTYGATE_TEST_TEMPLATE = `dutygate_bench_tpl_${process.pid}`;
    process.env.HARNESS_START_TIMEOUT_MS ||= '180000';
    cleanup.add('template database', globalTeardown);
    console.error(`bench: building template database ${templateDb()}`);
    await globalSetup();

    // The harness reads it when it starts the API and worker: both run their queues there.
    process.env.TEST_QUEUE_BACKEND = opts.queueBackend;
    console.error(`bench: queues on ${opts.queueBackend}`);
    const routing = await benchRouting(opts, cleanup);
    if (opts.scaleOnly) {
      const scale = await benchScale(opts, cleanup);
      process.stdout.write(
        `${JSON.stringify({ machine: await machine(), options: opts, routing, scale }, null, 2)}\n`,
      );
      return;
    }
    const baseline = await benchBaseline(
      routing.assignments,
      opts.baselineConcurrency,
      opts.queueBackend,
      cleanup,
    );
    const ratio = round(routing.assignmentsPerSecond / baseline.jobsPerSecond);
    // The deadline phase measures the re-arm after a Redis flush too: Redis only.
    const deadlines = opts.queueBackend === 'redis' ? await benchDeadlinePhase(opts, cleanup) : null;
    // Issue 12: the reads (and routing) on a generated year, small and large.
    const scale = opts.scale ? await benchScale(opts, cleanup) : undefined;
    const met = {
      assignmentsPerSecond: routing.assignmentsPerSecond >= TARGETS.assignmentsPerSecond,
      ratio: ratio >= TARGETS.ratio,
    };
    const checksOk = routing.checks.oneDecisionPerAssignment && routing.checks.auditChainsIntact;
    const report = {
      machine: await machine(),
      options: opts,
      routing,
      baseline,
      ratio,
      targets: TARGETS,
      met: { ...met, all: met.assignmentsPerSecond && met.ratio },
      deadlines,
      ...(scale ? { scale } : {}),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!checksOk) throw new Error('routing broke an invariant (see routing.checks)');
  } finally {
    await cleanup.run();
  }
}

async function machine() {
  return { cpus: cpus().length, node: process.version, postgres: await serverVersion() };
}

async function serverVersion(): Promise<string> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return (await c.query('SHOW server_version')).rows[0].server_version;
  } finally {
    await c.end();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
