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
