import { createServer } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  onSendHookHandler,
} from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, readProcessConfig, stopOnSignals, trustProxySetting } from '@app/config';
import { collectProcessMetrics } from '@app/workflow';
import { AppModule } from './app.module';
import { setHeapGrowing } from './heap-growing';
import { accessLogger } from './http/access-log';
import { answerClientError } from './http/client-errors';
import { BODY_CONSUMED, errorBody } from './http/error.filter';
import { closeApi } from './http/graceful-close';
import { jsonBodyParser } from './http/json-shape';
import {
  hasBody,
  jsonBytes,
  mediaTypeIs,
  methodNotAllowed,
  protocolHeaders,
  retryAfterOn503,
} from './http/protocol';
import { mountQueueDashboard } from './http/queue-dashboard';
import { requestMetrics } from './http/request-metrics';
import { useRoutePrefix } from './http/route-prefix';
import { multipartLimits } from './http/upload';
import { serveWebUi, type WebUi } from './http/web-ui';
import { openApiDocumentFactory } from './openapi/document';

/** BODY_LIMIT (`256kb`, `2mb`) in bytes, as body-parser counted them (1 kb = 1024 bytes). */
function bodyLimitBytes(limit: string): number {
  const m = /^(\d+)(kb|mb)$/.exec(limit);
  if (!m) throw new Error(`BODY_LIMIT: ${limit}`);
  return Number(m[1]) * (m[2] === 'kb' ? 1024 : 1024 * 1024);
}

/** A text answer's type with its charset, as Express's res.send added it. */
const withUtf8Charset: onSendHookHandler = (_req, reply, payload, done) => {
  const type = reply.getHeader('content-type');
  if (typeof type === 'string' && /^text\/[^;]+$/.test(type))
    reply.header('content-type', `${type}; charset=utf-8`);
  done(null, payload);
};

/** A request with a JSON body, as body-parser told one apart. */
function hasJsonBody(req: FastifyRequest): boolean {
  return hasBody(req) && mediaTypeIs(req.headers['content-type'], ['application/json']);
}

/**
 * The Fastify instance's options: what Express did by default is kept. Routes match
 * case-insensitively and with or without a trailing slash (Express's router), path parameters of
 * any length (find-my-way stops at 100 characters by default), the query string parsed by Node's
 * querystring (Express 5's "simple" parser), X-Forwarded-For honoured only from TRUSTED_PROXIES,
 * Node's keep-alive and request timeouts, no logger (the access line is http/request-metrics.ts),
 * and client errors answered with API.md's body (http/client-errors.ts).
 */
function fastifyOptions(config: AppConfig, edge: onRequestHookHandler[], webUi: () => WebUi | undefined) {
  return {
    trustProxy: trustProxySetting(config),
    bodyLimit: bodyLimitBytes(config.BODY_LIMIT),
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: 65536,
      querystringParser: (query: string) => parseQuery(query) as Record<string, unknown>,
    },
    keepAliveTimeout: 5000,
    requestTimeout: 300_000,
    return503OnClosing: false,
    // A request target that is neither a path nor an absolute URL (`GET *api/tasks`, `OPTIONS *`)
    // is routed as that path with a leading slash, as Express's parseurl read it: otherwise
    // find-my-way matches no route, not even the not-found handler's, and Fastify answers a bare 404
    // without the edge hooks (no security headers, no access line, no metric).
    rewriteUrl: (req: { url?: string }) => {
      const url = req.url ?? '/';
      return url.charCodeAt(0) === 0x2f || /^https?:\/\//i.test(url) ? url : `/${url}`;
    },
    clientErrorHandler: answerClientError,
    // A URL the router cannot decode (`%E0%A4%A`): 400 with API.md's body, as Express answered its
    // URIError, after the edge hooks the router skips for it (metrics, access line, headers).
    // A GET of the web app's (`/%`) gets index.html, as Express's static files passed it on.
    frameworkErrors: (error: Error, req: FastifyRequest, reply: FastifyReply) => {
      for (const hook of edge) hook.call(reply.server, req, reply, () => undefined);
      const refuse = () => {
        const body = errorBody(error, req.headers['accept-language']);
        void reply.code(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
      };
      const ui = webUi();
      if (!ui) return refuse();
      ui.answerUndecodable(req, reply).then(
        (answered) => answered || refuse(),
        () => refuse(),
      );
    },
  };
}

/**
 * Builds the API application (not yet listening): used by main, the all-in-one start and tests.
 * Signals are the caller's: main and the all-in-one start stop it with closeApi (http/graceful-close).
 */
export async function createApi(): Promise<NestFastifyApplication> {
  const config = readProcessConfig();
  // Known once the app is built; the router's errors ask for it (fastifyOptions).
  const web: { ui?: WebUi } = {};
  // First: every request is timed and logged, including those refused by the edge checks below.
  // Static files (Swagger UI's, the dashboard's) are served under wildcard routes: no route label.
  // Then the headers every answer carries. No ETag anywhere but on the web app's files (Fastify
  // computes none): the API's answers are `Cache-Control: no-store`, so no client keeps one.
  const edge = [
    requestMetrics(accessLogger(config.LOG_LEVEL), (url) => !url.includes('*')),
    protocolHeaders(),
  ];
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter(fastifyOptions(config, edge, () => web.ui)),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  const instance = app.getHttpAdapter().getInstance() as FastifyInstance;
  for (const hook of edge) instance.addHook('onRequest', hook);
  instance.addHook('onSend', retryAfterOn503);
  // Before any route exists: each route keeps the default serializer it was built with. Typed as
  // returning a string, but Fastify sends a Buffer from a serializer as it is.
  instance.setReplySerializer(jsonBytes as unknown as (payload: unknown) => string);
  // A wrong method is refused before the body is read (only requests the router did not match).
  const notAllowed = methodNotAllowed(instance);
  instance.addHook('onRequest', (req, reply, done) => {
    if (req.is404 && notAllowed(req, reply)) return;
    done();
  });
  // Bodies: JSON the way body-parser read it (http/json-shape.ts), multipart forms for uploads
  // (read by the upload interceptor, after the guards), and any other type left unread: the
  // content type guard refuses it with 415 after authentication.
  const parseJson = jsonBodyParser(bodyLimitBytes(config.BODY_LIMIT), {
    maxDepth: config.JSON_MAX_DEPTH,
    maxEntries: config.JSON_MAX_ENTRIES,
  });
  // Fastify reads no body of a GET or HEAD; Express's JSON parser read one like any other, so a
  // malformed, oversize or undecodable JSON body there is refused as before (an acceptable one is
  // read and ignored, as no GET handler takes a body).
  instance.addHook('onRequest', (req, reply, done) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !hasJsonBody(req)) return done();
    parseJson(req, req.raw, (err) => {
      if (!err) return done();
      const body = errorBody(err, req.headers['accept-language']);
      if (!(err as { [BODY_CONSUMED]?: boolean })[BODY_CONSUMED]) reply.header('connection', 'close');
      void reply.code(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
    });
  });
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', parseJson);
  instance.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
  await app.register(multipart, { limits: multipartLimits(config), throwFileSizeLimit: true });
  useRoutePrefix(app);
  // Swagger's pages as Express sent them: `text/html; charset=utf-8`, `text/yaml; charset=utf-8`.
  instance.addHook('onRoute', (route) => {
    if (/^\/docs(\/|$|-yaml)/.test(route.url) && !route.url.includes('*'))
      route.onSend = [...([] as onSendHookHandler[]).concat(route.onSend ?? []), withUtf8Charset];
  });
  // The UI at /docs, the document at /docs-json: the same document as docs/openapi.json, built on
  // the first request for either.
  SwaggerModule.setup('docs', app, await openApiDocumentFactory(app), { jsonDocumentUrl: 'docs-json' });
  await mountQueueDashboard(app);
  web.ui = serveWebUi(instance, config.WEB_DIST_DIR);
  if (!web.ui) app.get(Logger).warn(`no web app build in ${config.WEB_DIST_DIR}: serving the API only`);
  collectProcessMetrics();
  return app;
}

/**
 * `::` (every IPv6 and, dual-stack, every IPv4 address), or `0.0.0.0` on a kernel without IPv6:
 * what Node's own listen picks when given no host, which Fastify never does.
 */
function anyAddress(): Promise<string> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve('0.0.0.0'));
    probe.listen(0, '::', () => probe.close(() => resolve('::')));
  });
}

export async function startApi(): Promise<NestFastifyApplication> {
  const app = await createApi();
  setHeapGrowing(app.get(AppConfig).API_HEAP_GROWING_PERCENT);
  // Every interface, as Express's listen did (Fastify's default is localhost only).
  await app.listen(app.get(AppConfig).PORT, await anyAddress());
  return app;
}

/**
 * The API as a process of its own: started, then stopped gracefully on SIGTERM or SIGINT; a start
 * that fails exits with 1. What `node dist/apps/api/src/main.js` and the bundle dist/server/api.js run.
 */
export function runApi(): void {
  startApi().then(
    (app) => {
      const grace = app.get(AppConfig).SHUTDOWN_GRACE_MS;
      const log = app.get(Logger);
      // The pools and queues close after the requests: a few seconds on top of the grace.
      stopOnSignals(
        'api',
        () => closeApi(app, grace),
        grace + 5000,
        (line) => log.log(line),
      );
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

if (require.main === module) runApi();
