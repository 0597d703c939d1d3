import { Client } from 'pg';
import { readProcessConfig, requireDatabaseUrl } from '@app/config';
import { createDataSource } from '@app/persistence';
import { migrateQueueBackend } from '@app/queue';

/** Creates the database named in the URL when the server lacks it, so a fresh machine starts with one command. */
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * `npm run migrate`: creates the database if needed and applies pending migrations, each in its own
 * transaction; then, when the queues run on PostgreSQL (no REDIS_URL), BullMQ's own schema.
 */
export async function migrate(): Promise<string[]> {
  const config = requireDatabaseUrl(readProcessConfig());
  await ensureDatabase(config.DATABASE_URL);
  const ds = await createDataSource(config, 'dutygate-migrate').initialize();
  let applied: string[];
  try {
    applied = (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await ds.destroy();
  }
  await migrateQueueBackend(config);
  return applied;
}

if (require.main === module) {
  migrate().then(
    (names) => console.log(names.length ? `applied: ${names.join(', ')}` : 'schema is up to date'),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
