import type { Queue } from 'bullmq';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError } from '@app/domain';
import { queueStoreReady } from '@app/queue';
import { errorBody } from './error.filter';

/**
 * How long a request waits for the Redis connection to be ready: BullMQ waits for it without end
 * and ioredis queues commands while it reconnects, so without a bound a request that needs Redis
 * would hang for the whole outage. One second is well above a healthy reconnect on a LAN.
 */
const REDIS_READY_TIMEOUT_MS = 1000;

/** Whether the queue's store (Redis, or PostgreSQL on that backend) is usable now, answering within the timeout. */
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

/** Middleware for routes that need Redis (the queue dashboard): 503 DEPENDENCY_DOWN while it is away. */
export function requireRedis(queue: Queue): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (await redisReady(queue)) return next();
    const body = errorBody(new DomainError('DEPENDENCY_DOWN'), req.headers['accept-language']);
    res.status(body.statusCode).json(body);
  };
}
