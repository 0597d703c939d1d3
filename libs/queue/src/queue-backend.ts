import {
  createPostgresBackend,
  runMigrations,
  setDefaultBackendFactory,
  type ConnectionOptions,
  type PostgresPoolConfig,
  type Queue,
} from 'bullmq';
import { Client } from 'pg';
import { queueBackendOf, type AppConfig } from '@app/config';
import { redisConnection } from './redis-connection';

type Backend = 'redis' | 'postgres';

/**
 * Chooses the store behind every BullMQ Queue and Worker of this process and returns the
 * `connection` option for them: Redis when REDIS_URL is set, else BullMQ 6's PostgreSQL backend in
 * DATABASE_URL's database (schema QUEUE_SCHEMA). The choice is process-wide (BullMQ's default
 * backend factory), which is what @nestjs/bullmq's queues and workers pick up.
 */
export function configureQueueBackend(
  config: Pick<
    AppConfig,
    'REDIS_URL' | 'DATABASE_URL' | 'QUEUE_SCHEMA' | 'QUEUE_PG_POOL_SIZE' | 'DB_CONNECT_TIMEOUT_MS'
  >,
): ConnectionOptions | PostgresPoolConfig {
  if (queueBackendOf(config) === 'redis') {
    setDefaultBackendFactory();
    return redisConnection(config.REDIS_URL);
  }
  setDefaultBackendFactory(createPostgresBackend);
  return postgresQueueConnection(config);
}

export function postgresQueueConnection(
  config: Pick<AppConfig, 'DATABASE_URL' | 'QUEUE_SCHEMA' | 'QUEUE_PG_POOL_SIZE' | 'DB_CONNECT_TIMEOUT_MS'>,
): PostgresPoolConfig {
  return {
    connectionString: config.DATABASE_URL,
    schema: config.QUEUE_SCHEMA,
    // Each Queue and Worker has a pool of its own: see QUEUE_PG_POOL_SIZE.
    max: config.QUEUE_PG_POOL_SIZE,
    connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
    application_name: 'dutygate-queue',
  };
}

/**
 * Creates or upgrades the queue backend's own tables (BullMQ's `bullmq` schema, or QUEUE_SCHEMA)
 * when the queues run on PostgreSQL; `npm run migrate` calls it after DutyGate's migrations. BullMQ
 * serialises concurrent callers with an advisory lock and does nothing when up to date.
 */
export async function migrateQueueBackend(
  config: Pick<AppConfig, 'REDIS_URL' | 'DATABASE_URL' | 'QUEUE_SCHEMA'>,
): Promise<number | null> {
  if (queueBackendOf(config) === 'redis') return null;
  const client = new Client({ connectionString: config.DATABASE_URL, application_name: 'dutygate-migrate' });
  await client.connect();
  try {
    return await runMigrations(client, config.QUEUE_SCHEMA);
  } finally {
    await client.end();
  }
}

/** The parts of the two backends this module looks at (BullMQ 6 has no `Queue.client`). */
interface BackendInternals {
  client?: Promise<{ status?: string; ping(): Promise<string> }>;
  connection?: { pool?: { query(sql: string): Promise<unknown> } };
}

/** Which store a queue runs on, from the backend it was built with. */
export function queueBackendKind(queue: Queue): Backend {
  return (queue.getBackend() as unknown as BackendInternals).connection?.pool ? 'postgres' : 'redis';
}

/**
 * Asks the queue's store for a sign of life: Redis PING, or `SELECT 1` through the PostgreSQL
 * backend's own pool (so a pool that cannot connect counts as down even while DutyGate's is fine).
 */
export async function pingQueueStore(queue: Queue): Promise<{ backend: Backend; pong: string }> {
  const backend = queue.getBackend() as unknown as BackendInternals;
  const pool = backend.connection?.pool;
  if (pool) {
    await pool.query('SELECT 1');
    return { backend: 'postgres', pong: 'PONG' };
  }
  const client = await backend.client!;
  return { backend: 'redis', pong: await client.ping() };
}

/**
 * Whether the queue's store is usable now, without waiting for a reconnect: the Redis client is
 * `ready`, or the PostgreSQL pool answers. Callers bound the wait (a pool connect can take up to
 * DB_CONNECT_TIMEOUT_MS).
 */
export async function queueStoreReady(queue: Queue): Promise<boolean> {
  const backend = queue.getBackend() as unknown as BackendInternals;
  if (backend.connection?.pool)
    return pingQueueStore(queue).then(
      () => true,
      () => false,
    );
  const client = await backend.client;
  return client?.status === 'ready';
}
