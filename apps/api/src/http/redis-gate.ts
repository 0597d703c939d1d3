import type { Queue } from 'bullmq';
import { queueStoreReady } from '@app/queue';

/**
 * How long a request waits for the Redis connection to be ready: BullMQ waits for it without end
 * and ioredis queues commands while it reconnects, so without a bound a request that needs Redis
 * would hang for the whole outage. One second is well above a healthy reconnect on a LAN.
 */
const REDIS_READY_TIMEOUT_MS = 1000;

/**
 * Whether the queue's store (Redis, or PostgreSQL on that backend) is usable now, answering within
 * the timeout. The queue dashboard's gate (http/queue-dashboard.ts) answers 503 DEPENDENCY_DOWN
 * while it is not.
 */
export async function redisReady(queue: Queue): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      queueStoreReady(queue),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), REDIS_READY_TIMEOUT_MS);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
