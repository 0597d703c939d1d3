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
