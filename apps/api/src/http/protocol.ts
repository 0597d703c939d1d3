import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  onSendHookHandler,
} from 'fastify';
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

/** The path of a request target, without its query (what Express called `req.path`). */
export function pathOf(url: string): string {
  // The absolute form (`GET http://host/api/tasks HTTP/1.1`) names the path after the authority.
  if (url.charCodeAt(0) !== 0x2f) {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
    if (m) url = url.slice(m[0].length) || '/';
  }
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/**
 * Headers every response needs whatever produced it (a controller, the error filter, the body
 * parser's errors, the health probe): `Cache-Control: no-store` on the API, so a shared computer's
 * browser cache or a proxy never keeps another user's tasks, and the security headers (CSP below).
 * Set when the request arrives, so every reply of this request carries them.
 */
export function protocolHeaders(): onRequestHookHandler {
  const security = contentSecurityPolicy();
  return (req, reply, done) => {
    reply.headers(security);
    if (UNCACHEABLE.test(pathOf(req.url))) reply.header('cache-control', 'no-store');
    done();
  };
}

/**
 * `Retry-After` on every 503, whatever produced it: set as the reply is sent, the one moment all
 * paths share (an onSend hook).
 */
export const retryAfterOn503: onSendHookHandler = (_req, reply, payload, done) => {
  if (reply.statusCode === 503 && !reply.hasHeader('retry-after'))
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  done(null, payload);
};

/**
 * Fastify's reply serializer, for every answer a handler or the error filter gives as an object:
 * JSON, as UTF-8 bytes. Fastify's own returns JSON.stringify's string, which for a long answer is a
 * chain of pieces, and Node then copied it twice more before writing: once flattened to count its
 * bytes for Content-Length, once joined to the response's header text (a string body is sent in
 * one piece with the header). Answers with Chinese text are two-byte strings, ~40 kB for a 20-row
 * page, and the two copies were ~90 of the ~354 kB a street inbox request allocated (V8's sampling
 * heap profiler, 2026-12-04, docs/measurements.md). Buffer.from flattens the string once to encode
 * it; its bytes are then counted and written as they are: ~47 kB less a request.
 */
export const jsonBytes = (payload: unknown): Buffer => Buffer.from(JSON.stringify(payload));

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
 *
 * helmet's headers do not depend on the request: they are worked out once, by running helmet's
 * middleware on a stand-in response, and set on every reply (protocolHeaders).
 */
export function contentSecurityPolicy(): Record<string, string> {
  const middleware = helmet({
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
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let done = false;
  (middleware as unknown as (req: unknown, res: unknown, next: (e?: unknown) => void) => void)(
    { headers: {}, method: 'GET', url: '/' },
    res,
    (e?: unknown) => {
      if (e) throw e;
      done = true;
    },
  );
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}

/**
 * Whether a request carries a body, as body-parser told one apart: a chunked one, or a
 * Content-Length other than 0 (what fetch sends for a POST without a body).
 */
export function hasBody(req: { headers: FastifyRequest['headers'] }): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
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
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    // A request without a body passes, and so does an empty body: it has no type to check.
    if (!hasBody(req)) return true;
    const declared = this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!mediaTypeIs(req.headers['content-type'], declared?.length ? declared : JSON_TYPES))
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
    return true;
  }
}

/**
 * Whether a Content-Type header names one of `types` (as Express's `req.is` matched them: type and
 * subtype case-insensitively, parameters ignored, `*` for a whole type or subtype, `*+json` for a
 * structured-syntax suffix). A missing or malformed header matches nothing.
 */
export function mediaTypeIs(header: string | undefined, types: string[]): boolean {
  if (!header) return false;
  const m = MEDIA_TYPE.exec(header);
  if (!m) return false;
  const [type, subtype] = [m[1].toLowerCase(), m[2].toLowerCase()];
  return types.some((t) => {
    const [wantType, wantSub] = t.toLowerCase().split('/');
    if (wantType !== '*' && wantType !== type) return false;
    if (wantSub === '*' || wantSub === subtype) return true;
    return wantSub.startsWith('*+') && subtype.endsWith(wantSub.slice(1));
  });
}

/** `type/subtype` then parameters (RFC 9110 tokens), as the content-type package parses it. */
const MEDIA_TYPE = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\/([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:;.*)?$/s;

/** Methods a route of ours may take, in the order Allow lists them (sorted). */
const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * 405 with `Allow` for a known path asked with a method it does not have (`DELETE /api/tasks`),
 * where the router alone would answer 404 as for an unknown path. Runs only for requests the router
 * did not match (`request.is404`), so a routed request pays nothing: the path is looked up in
 * Fastify's own route table under every other method. Only /api, /health and /metrics are checked,
 * the web app and the dashboards keep their own routing. OPTIONS on a known path answers 204 with
 * the same `Allow`. Answers (true) or leaves the request to the next hook (false).
 */
export function methodNotAllowed(instance: FastifyInstance) {
  return (req: FastifyRequest, reply: FastifyReply): boolean => {
    const path = pathOf(req.url);
    if (!path.startsWith('/api/') && path !== '/health' && path !== '/metrics') return false;
    const allowed = METHODS.filter((method) => {
      try {
        return instance.findRoute({ method, url: path }) !== null;
      } catch {
        return false; // a malformed %-escape: no route matches it
      }
    });
    if (allowed.length === 0) return false;
    reply.header('allow', allowed.join(', '));
    if (req.method === 'OPTIONS') {
      reply.code(204).send();
      return true;
    }
    const body = errorBody(new DomainError('METHOD_NOT_ALLOWED'), req.headers['accept-language']);
    reply.code(body.statusCode).send(body);
    return true;
  };
}
