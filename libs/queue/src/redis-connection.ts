import type { ConnectionOptions } from 'bullmq';

/** BullMQ connection options from a redis:// URL; workers need `maxRetriesPerRequest: null`. */
export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/**
 * Retry and retention defaults for every job, set here once. Completed jobs are dropped (PostgreSQL
 * holds the result); failed ones are kept a day for the dashboard. Retries back off exponentially.
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600, count: 10_000 },
} as const;
