import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the test services are: the machine's PostgreSQL and Redis unless told otherwise. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Seeded template database of this test run; each run has its own, so runs can overlap. */
export const templateDb = (): string => {
  process.env.DUTYGATE_TEST_TEMPLATE ??= `dutygate_test_tpl_${process.pid}`;
  return process.env.DUTYGATE_TEST_TEMPLATE;
};
export const DEMO_PASSWORD = 'dutygate-demo';
/**
 * Password hashes at the lowest cost the configuration accepts (OWASP's 19 MiB, 2 passes, one lane:
 * ~70 ms of CPU per check here, against ~0.5 s at the production default). The suite signs in some
 * hundreds of times and seeds every template with hashes; a test about the cost of hashing itself
 * (the login flood in credentials.e2e) sets the defaults back for its processes.
 */
export const TEST_PASSWORD_HASH = {
  PASSWORD_HASH_MEMORY_KIB: '19456',
  PASSWORD_HASH_TIME_COST: '2',
  PASSWORD_HASH_PARALLELISM: '1',
};
/**
 * The configuration's own defaults (an empty variable is an unset one), for the tests that need
 * hashing to cost what it costs in service.
 */
export const DEFAULT_PASSWORD_HASH = {
  PASSWORD_HASH_MEMORY_KIB: '',
  PASSWORD_HASH_TIME_COST: '',
  PASSWORD_HASH_PARALLELISM: '',
};

export function dbUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The project root (where package.json is), from sources under jest and from dist/ when the bench
 * runs the compiled support code. Jest's globalSetup resolves modules without the @app/* mapper, so
 * @app/config's projectPath is out of reach here.
 */
export const PROJECT_ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = dirname(dir);
  }
  return dir;
})();

/**
 * The built processes the harness starts: the bundles `npm run build` writes (scripts/bundle.mjs),
 * what `npm start`, `start:api`, `start:worker` and the Docker image run.
 */
export const API = 'dist/server/api.js';
export const ALL_IN_ONE = 'dist/server/all-in-one.js';
export const WORKER = 'dist/server/worker.js';
