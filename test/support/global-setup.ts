import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { API, dbUrl, PG_ADMIN_URL, PROJECT_ROOT, templateDb, TEST_PASSWORD_HASH } from './env';

const root = PROJECT_ROOT;

/**
 * Builds a template database once (migrated and seeded by the real CLI); each test file clones
 * it, so files never see each other's data.
 */
export default async function globalSetup(): Promise<void> {
  // The e2e and medium projects share this setup; Jest runs it once per project that has tests
  // to run, in this one process: the second call finds the template ready.
  if (process.env.DUTYGATE_TEST_TEMPLATE_READY === templateDb()) return;
  if (!existsSync(join(root, API))) throw new Error('run `npm run build` first (npm test does)');
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${templateDb()}`);
  await admin.end();
  // No REDIS_URL: migrate then also creates BullMQ's PostgreSQL schema, so every clone can run its
  // queues on either backend (TEST_QUEUE_BACKEND).
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl(templateDb()),
    REDIS_URL: '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ...TEST_PASSWORD_HASH,
  };
  execFileSync('node', ['dist/apps/cli/src/migrate.js'], { cwd: root, env, stdio: 'pipe' });
  execFileSync('node', ['dist/apps/cli/src/seed.js'], { cwd: root, env, stdio: 'pipe' });
  process.env.DUTYGATE_TEST_TEMPLATE_READY = templateDb();
}
