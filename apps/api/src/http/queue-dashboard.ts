import { createHash } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@app/domain';
import { QUEUES } from '@app/queue';
import { AuthService } from '@app/workflow';
import { errorBody } from './error.filter';
import { requireRedis } from './redis-gate';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * A verified login is remembered this long (by a hash of the header), so the dashboard's assets
 * and polling do not each pay an argon2 verification.
 */
const LOGIN_CACHE_MS = 5 * 60_000;

/**
 * Admin-only HTTP Basic auth for the dashboard: a browser page cannot send our bearer token, so
 * the admin signs in with the same username and password as at /api/auth/login.
 */
function adminOnly(auth: AuthService) {
  const verified = new Map<string, number>();
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const key = createHash('sha256').update(header).digest('hex');
    if ((verified.get(key) ?? 0) > Date.now()) return next();
    const [scheme, encoded] = header.split(' ');
    const [username, ...rest] =
      scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString().split(':') : [];
    try {
      if (!username) throw new DomainError('UNAUTHENTICATED');
      const { actor } = await auth.login(username, rest.join(':'));
      if (!actor.roles.includes('admin')) throw new DomainError('FORBIDDEN');
      verified.set(key, Date.now() + LOGIN_CACHE_MS);
      return next();
    } catch (e) {
      const body = errorBody(e, req.headers['accept-language']);
      if (body.statusCode === 401)
        res.setHeader('WWW-Authenticate', 'Basic realm="DutyGate queues", charset="UTF-8"');
      res.status(body.statusCode).json(body);
    }
  };
}

/** Mounts the BullMQ dashboard (@bull-board) over every queue of the catalogue, for admins. */
export function mountQueueDashboard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  const queues = Object.values(QUEUES).map((name) => app.get<Queue>(getQueueToken(name)));
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  // Redis lost in the middle of a dashboard call is a 503 like anywhere else, not bull-board's 500.
  serverAdapter.setErrorHandler((e) => {
    const body = errorBody(e, undefined);
    // bull-board's status type lists only the codes it uses itself; Express sends any.
    return { status: body.statusCode as 500, body };
  });
  app.use(
    QUEUE_DASHBOARD_PATH,
    adminOnly(app.get(AuthService)),
    requireRedis(queues[0]),
    serverAdapter.getRouter(),
  );
}
