import { Injectable, type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { METHODS } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { DomainError } from '@app/domain';
import { errorBody } from './error.filter';

/**
 * Seconds a client is told to wait after a 503: about one pool connection timeout plus the time
 * PostgreSQL or Redis typically needs to come back from a restart or failover.
 */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Paths whose responses carry data of the signed-in user or live state (the queue dashboard shows
 * job payloads): never stored by a browser or proxy cache.
 */
const UNCACHEABLE = /^\/(api|health|metrics|admin\/queues)(\/|$)/;

/**
 * Headers every response needs whatever produced it (a controller, the error filter, the body
 * parser's error handler, the health probe): `Cache-Control: no-store` on the API, so a shared
 * computer's browser cache or a proxy never keeps another user's tasks, and `Retry-After` on
 * every 503. The latter is set when the status line is written, the one moment all paths share.
 */
export function protocolHeaders(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (UNCACHEABLE.test(req.path)) res.setHeader('Cache-Control', 'no-store');
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      if (args[0] === 503 && !this.headersSent && !this.getHeader('retry-after'))
        this.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as Response['writeHead'];
    next();
  };
}

/**
 * Content-Security-Policy for the web app and the OpenAPI UI at /docs. Both load their scripts
 * only from this origin (Vite emits module scripts with no inline code; Swagger UI's page loads
 * swagger-ui-bundle.js and swagger-ui-init.js), so scripts need no exception. Styles do: antd
 * injects its theme's CSS variables as a <style> element at run time (the components' styles come
 * from its static style sheet) and Swagger UI's page has inline styles,
 * hence 'unsafe-inline' for styles only. Images may be data: URIs (antd's empty-state pictures,
 * Swagger UI's icons). No framing, no plugins, no posting forms elsewhere.
 * `upgrade-insecure-requests` (helmet's default) is left out: an intranet deployment on plain
 * HTTP would otherwise have every asset request rewritten to https and fail.
 */
export function contentSecurityPolicy(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
}

/** Body types every JSON endpoint accepts; `@ApiConsumes(...)` on a handler replaces them. */
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * 415 for a request body the handler cannot read: JSON endpoints take JSON, upload endpoints what
 * their `@ApiConsumes` declares (multipart/form-data for the list import). The same declaration
 * documents the endpoint in OpenAPI, so the two cannot disagree. A request without a body passes.
 * The second global guard: after authentication (401 first) and before multer (an interceptor) or
 * validation read anything.
 *
 * A guard, not an interceptor: with any global interceptor Nest runs every handler through rxjs
 * and `AsyncResource.bind`, and that alone cost 0.3–0.45 ms of API CPU per request (of ~2.2 ms
 * for a 20-row list, measured with 32 clients); with none, it calls the handler directly.
 */
@Injectable()
export class ContentTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    // `req.is` answers null without a body and false for a body of another type; an empty body
    // (Content-Length: 0, what fetch sends for a POST without one) has no type to check.
    const empty = req.headers['content-length'] === '0' && !req.headers['transfer-encoding'];
    if (empty) return true;
    const declared = this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (req.is(declared?.length ? declared : JSON_TYPES) === false)
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
    return true;
  }
}

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  matchers?: ((path: string) => unknown)[];
}

/**
 * 405 with `Allow` for a known path asked with a method it does not have (`DELETE /api/tasks`),
 * where Express alone would answer 404 as for an unknown path. The route table is read from the
 * router once, at the first request (every controller is mounted by then); only /api, /health
 * and /metrics are checked, the web app and the dashboards keep their own routing. OPTIONS on a
 * known path answers 204 with the same `Allow`.
 */
export function methodNotAllowed(app: INestApplication): RequestHandler {
  let routes: { matches: (path: string) => boolean; methods: string[] }[] | undefined;
  /** The routes that take each method: a request its own method's routes match passes after those alone. */
  let byMethod: Map<string, typeof routes> | undefined;
  const table = () =>
    (routes ??= (
      (app.getHttpAdapter().getInstance() as { router: { stack: RouteLayer[] } }).router.stack ?? []
    )
      .filter((l) => l.route && l.matchers)
      .map((l) => ({
        matches: (path: string) => {
          try {
            return l.matchers!.some((m) => !!m(path));
          } catch {
            return false; // a malformed %-escape: no route matches it
          }
        },
        methods: Object.keys(l.route!.methods).map((m) => m.toUpperCase()),
      }))
      // Nest mounts route-scoped middleware (the request logger, for every path) as a route with
      // every method: that is no endpoint. No controller of ours takes every method (@All).
      .filter((r) => !r.methods.includes('_ALL') && r.methods.length < METHODS.length));
  const routesOf = (method: string) => {
    if (!byMethod) {
      byMethod = new Map();
      for (const r of table())
        for (const m of r.methods.includes('GET') ? [...r.methods, 'HEAD'] : r.methods)
          byMethod.set(m, [...(byMethod.get(m) ?? []), r]);
    }
    return byMethod.get(method) ?? [];
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    if (!path.startsWith('/api/') && path !== '/health' && path !== '/metrics') return next();
    // The common case, a route of this method: found among that method's routes only (a GET list
    // read tested every route of the API before, about 150 path matches per request).
    if (routesOf(req.method).some((r) => r.matches(path))) return next();
    const allowed = new Set<string>();
    for (const r of table()) if (r.matches(path)) r.methods.forEach((m) => allowed.add(m));
    if (allowed.size === 0) return next();
    if (allowed.has('GET')) allowed.add('HEAD');
    res.setHeader('Allow', [...allowed].sort().join(', '));
    if (req.method === 'OPTIONS') return void res.status(204).end();
    const body = errorBody(new DomainError('METHOD_NOT_ALLOWED'), req.headers['accept-language']);
    res.status(body.statusCode).json(body);
  };
}
