import { createHash } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Queue } from 'bullmq';
import { DomainError } from '@app/domain';
import { QUEUES } from '@app/queue';
import { AuthService, SessionService } from '@app/workflow';
import { clientAddress, CredentialThrottle } from './credential-throttle';
import { errorBody } from './error.filter';
import { pathOf } from './protocol';
import { redisReady } from './redis-gate';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * A verified admin login is remembered this long (by a hash of the header), so the dashboard's
 * assets and polling do not each pay an argon2 verification. The user's token version is still
 * checked on every request (SessionService, ≤ AUTH_USER_CACHE_MS old), so deactivating the admin,
 * changing its role or resetting its password ends dashboard access as fast as its API tokens.
 */
const LOGIN_CACHE_MS = 5 * 60_000;

/** Remembered logins per process: a handful of admins; only successful admin logins are stored. */
const MAX_REMEMBERED = 1000;

interface Verified {
  userId: string;
  tokenVersion: number;
  until: number;
}

/** `Basic base64(user:password)` → its parts; null for anything else. The scheme is case-insensitive. */
function parseBasic(header: string): { username: string; password: string } | null {
  const m = /^basic[ \t]+([A-Za-z0-9+/]+=*)[ \t]*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return null;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  // The login form's bounds: nothing longer is ever hashed.
  if (username.length > 64 || password.length === 0 || password.length > 256) return null;
  return { username, password };
}

/**
 * Admin-only HTTP Basic auth for the dashboard: a browser page cannot send our bearer token, so
 * the admin signs in with the same username and password as at /api/auth/login, through the same
 * throttle (CredentialThrottle, its own verification pool). A wrong password, an unknown user, a
 * right password of a non-admin and a deactivated user all get the same 401, so the dashboard does
 * not tell anyone which accounts exist or which passwords are right.
 */
function adminOnly(auth: AuthService, throttle: CredentialThrottle, sessions: SessionService) {
  const verified = new Map<string, Verified>();
  // Identical headers arriving together (the page's first assets) share one verification.
  const inflight = new Map<string, Promise<Verified | null>>();

  const verify = (key: string, username: string, password: string, client: string) => {
    let pending = inflight.get(key);
    if (!pending) {
      pending = throttle
        .attempt('basic', username, client, () => auth.login(username, password))
        .then(({ actor, tokenVersion }) =>
          actor.roles.includes('admin')
            ? { userId: actor.userId, tokenVersion, until: Date.now() + LOGIN_CACHE_MS }
            : null,
        )
        .finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  };

  /** Resolves true when the request may go on; else it has answered it. */
  return async (req: FastifyRequest, res: FastifyReply): Promise<boolean> => {
    try {
      const header = req.headers.authorization ?? '';
      const key = createHash('sha256').update(header).digest('hex');
      let v = verified.get(key);
      if (!v || v.until <= Date.now()) {
        verified.delete(key);
        const creds = parseBasic(header);
        if (!creds) throw new DomainError('UNAUTHENTICATED');
        const found = await verify(key, creds.username, creds.password, clientAddress(req));
        if (!found) throw new DomainError('INVALID_CREDENTIALS');
        v = found;
        if (verified.size >= MAX_REMEMBERED) verified.delete(verified.keys().next().value!);
        verified.set(key, v);
      }
      if (!(await sessions.isCurrent(v.userId, v.tokenVersion))) {
        verified.delete(key);
        throw new DomainError('INVALID_CREDENTIALS');
      }
      return true;
    } catch (e) {
      const body = errorBody(e, req.headers['accept-language']);
      if (body.statusCode === 401)
        res.header('www-authenticate', 'Basic realm="DutyGate queues", charset="UTF-8"');
      const retryAfter = (e as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retryAfter === 'number') res.header('retry-after', String(retryAfter));
      await res.code(body.statusCode).send(body);
      return false;
    }
  };
}

/** Whether a request path is the dashboard's (its page, assets and API), as Express's `app.use(path)` matched. */
const DASHBOARD = new RegExp(`^${QUEUE_DASHBOARD_PATH}(/|$)`, 'i');

/**
 * Mounts the BullMQ dashboard (@bull-board) over every queue of the catalogue, for admins. The
 * gate (admin login, then the queue store) is an onRequest hook on every path under the dashboard,
 * known to it or not, so nothing there answers before the login.
 */
export async function mountQueueDashboard(app: INestApplication): Promise<void> {
  const instance = app.getHttpAdapter().getInstance() as FastifyInstance;
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  const queues = Object.values(QUEUES).map((name) => app.get<Queue>(getQueueToken(name)));
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  // Redis lost in the middle of a dashboard call is a 503 like anywhere else, not bull-board's 500.
  serverAdapter.setErrorHandler((e) => {
    const body = errorBody(e, undefined);
    // bull-board's status type lists only the codes it uses itself; Fastify sends any.
    return { status: body.statusCode as 500, body };
  });
  const admin = adminOnly(app.get(AuthService), app.get(CredentialThrottle), app.get(SessionService));
  instance.addHook('onRequest', (req, reply, done) => {
    if (!DASHBOARD.test(pathOf(req.url))) return done();
    void (async () => {
      if (!(await admin(req, reply))) return;
      // The queue store away: 503 DEPENDENCY_DOWN, not a dashboard that hangs.
      if (!(await redisReady(queues[0]))) {
        const body = errorBody(new DomainError('DEPENDENCY_DOWN'), req.headers['accept-language']);
        await reply.code(body.statusCode).send(body);
        return;
      }
      done();
    })().catch((e: Error) => done(e));
  });
  await instance.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
}
