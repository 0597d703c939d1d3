import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DEFAULT_SEED_PASSWORD,
  overrideConfig,
  queueBackendOf,
  readProcessConfig,
  within,
} from '@app/config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../cli/src/embedded-postgres';
import { migrate } from '../../cli/src/migrate';
import { seed } from '../../cli/src/seed';
import { startWorker, stopWorker, type RunningWorker } from '../../worker/src/main';
import { closeApi } from './http/graceful-close';
import { startApi } from './main';

/** Closing pools and queues after the grace periods: a bound, so the database is always stopped. */
const CLOSE_MARGIN_MS = 5000;

/** Demo accounts worth naming at start-up, one per role (all of them: README). */
const DEMO_LOGINS = [
  ['admin', 'administrator, 系统管理'],
  ['ZJJ', 'department'],
  ['D1-S01', 'street'],
  ['WBB', 'reviewer, 编办'],
  ['ZFB', 'supervisor, 督查室'],
];

const say = (line: string) => console.log(`[dutygate] ${line}`);

/**
 * `npm start`: the whole of DutyGate in one process — migrate, seed (idempotent), worker, API.
 * Without DATABASE_URL it first starts an embedded PostgreSQL in DATA_DIR; without REDIS_URL the
 * queues run on BullMQ's PostgreSQL backend in the same database. So a machine with neither
 * service runs it, and one with both behaves as before.
 */
async function main() {
  const t0 = Date.now();
  const config = readProcessConfig();
  let embedded: EmbeddedPostgres | undefined;
  let worker: RunningWorker | undefined;
  let api: NestFastifyApplication | undefined;
  const grace = config.SHUTDOWN_GRACE_MS;

  let closing: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    if (closing) {
      say(`${signal} again: exiting now`);
      process.exit(1);
    }
    say(`${signal}: stopping (API, worker, then the database)`);
    closing = (async () => {
      // The API first (no new requests; those in flight finish), then the worker (no new jobs;
      // active ones finish), each within SHUTDOWN_GRACE_MS, then the embedded PostgreSQL.
      const closeApps = (async () => {
        if (api) await closeApi(api, grace).catch((e) => say(`API close failed: ${e}`));
        if (worker && !(await stopWorker(worker, grace).catch((e) => say(`worker close failed: ${e}`))))
          say('worker: jobs left active; the next start runs them again');
      })();
      await within(closeApps, 2 * grace + CLOSE_MARGIN_MS);
      // Last: everything that used the database has let go of it.
      await embedded?.stop().catch((e) => say(`${e}`));
    })();
    void closing.then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  try {
    if (!config.DATABASE_URL) {
      // Not on the port the API is about to listen on.
      embedded = await startEmbeddedPostgres(config.DATA_DIR, (m) => say(m), [config.PORT]);
      overrideConfig({ DATABASE_URL: embedded.url });
      say(
        `embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${config.DATA_DIR} (${Date.now() - t0} ms)`,
      );
    }
    const applied = await migrate();
    say(`migrations: ${applied.join(', ') || 'up to date'}`);
    const seeded = await seed();
    if (seeded.usersCreated || seeded.listCreated)
      say(`demo data: ${seeded.usersCreated} users, list created: ${seeded.listCreated}`);
    // One process, one metrics registry: the API's /metrics shows the worker's series too.
    worker = await startWorker({ metricsServer: false });
    if (closing) return;
    api = await startApi();
    if (closing) return;
    const port = (api.getHttpServer().address() as { port: number }).port;
    const queues = queueBackendOf(config) === 'redis' ? 'Redis' : 'PostgreSQL (BullMQ)';
    const database = embedded ? `embedded PostgreSQL in ${config.DATA_DIR}` : 'DATABASE_URL';
    const password =
      config.SEED_PASSWORD === DEFAULT_SEED_PASSWORD ? DEFAULT_SEED_PASSWORD : 'the SEED_PASSWORD you set';
    say(`DutyGate is up at http://localhost:${port} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    say(`  database: ${database}; queues: ${queues}; API under /api, OpenAPI at /docs`);
    say(`  sign in with password ${password} as ${DEMO_LOGINS.map(([u, r]) => `${u} (${r})`).join(', ')}`);
  } catch (e) {
    console.error(e);
    await api?.close().catch(() => undefined);
    await worker?.app.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
