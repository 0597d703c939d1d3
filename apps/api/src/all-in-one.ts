import type { INestApplicationContext } from '@nestjs/common';
import { DEFAULT_SEED_PASSWORD, overrideConfig, queueBackendOf, readProcessConfig } from '@app/config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../cli/src/embedded-postgres';
import { migrate } from '../../cli/src/migrate';
import { seed } from '../../cli/src/seed';
import { startWorker } from '../../worker/src/main';
import { startApi } from './main';

/**
 * How long a shutdown waits for the API and the worker to close (in-flight requests, active jobs)
 * before the embedded PostgreSQL is stopped anyway; a routing job takes milliseconds, so 20 s is
 * only ever reached by something stuck.
 */
const CLOSE_TIMEOUT_MS = 20_000;

/** Demo accounts worth naming at start-up, one per role (all of them: README). */
const DEMO_LOGINS = [
  ['admin', 'administrator'],
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
  const apps: INestApplicationContext[] = [];

  let closing: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    if (closing) {
      say(`${signal} again: exiting now`);
      process.exit(1);
    }
    say(`${signal}: stopping (API, worker, then the database)`);
    closing = (async () => {
      const closeApps = (async () => {
        // The API first (no new work comes in), then the worker (finishes its active jobs).
        for (const app of [...apps].reverse()) await app.close().catch((e) => say(`close failed: ${e}`));
      })();
      await Promise.race([closeApps, new Promise((r) => setTimeout(r, CLOSE_TIMEOUT_MS).unref())]);
      // Last: everything that used the database has let go of it.
      await embedded?.stop().catch((e) => say(`${e}`));
    })();
    void closing.then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  try {
    if (!config.DATABASE_URL) {
      embedded = await startEmbeddedPostgres(config.DATA_DIR, (m) => say(m));
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
    apps.push(await startWorker({ shutdownHooks: false }));
    const api = await startApi({ shutdownHooks: false });
    apps.push(api);
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
    for (const app of [...apps].reverse()) await app.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
