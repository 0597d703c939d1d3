import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppConfig, stopOnSignals, trustProxySetting } from '@app/config';
import { collectProcessMetrics } from '@app/workflow';
import { AppModule } from './app.module';
import { accessLogger } from './http/access-log';
import { answerClientErrors } from './http/client-errors';
import { errorBody } from './http/error.filter';
import { closeApi } from './http/graceful-close';
import { jsonShapeVerifier } from './http/json-shape';
import { contentSecurityPolicy, methodNotAllowed, protocolHeaders } from './http/protocol';
import { mountQueueDashboard } from './http/queue-dashboard';
import { requestMetrics } from './http/request-metrics';
import { useRoutePrefix } from './http/route-prefix';
import { serveWebUi } from './http/web-ui';
import { openApiDocumentFactory } from './openapi/document';

/**
 * Builds the API application (not yet listening): used by main, the all-in-one start and tests.
 * Signals are the caller's: main and the all-in-one start stop it with closeApi (http/graceful-close).
 */
export async function createApi(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  // First: every request is timed and logged, including those refused by the edge checks below.
  app.use(requestMetrics(accessLogger(config.LOG_LEVEL)));
  // X-Forwarded-For counts only when the peer is a configured proxy (TRUSTED_PROXIES): req.ip is then
  // the last address before the trusted ones; from anyone else the header is ignored.
  app.set('trust proxy', trustProxySetting(config));
  // No ETag on res.send: the API's answers are `Cache-Control: no-store` (protocolHeaders), so no client
  // keeps one to revalidate, and Express hashed every body (SHA-1 over ~19 kB for a list page) for nothing.
  // The setting is the application's, not a route's, so /docs and /docs-json (Swagger's res.send) lose
  // theirs too: a reader of the API docs downloads the 370 kB document again instead of a 304. The web
  // app's files keep theirs (serve-static and sendFile set their own).
  app.set('etag', false);
  app.use(protocolHeaders());
  app.use(contentSecurityPolicy());
  // Before the body parser: a wrong method is refused without reading the body.
  app.use(methodNotAllowed(app));
  app.useBodyParser('json', {
    limit: config.BODY_LIMIT,
    // Depth and width are checked on the raw text before JSON.parse, for every caller.
    verify: jsonShapeVerifier({ maxDepth: config.JSON_MAX_DEPTH, maxEntries: config.JSON_MAX_ENTRIES }),
  });
  // Body-parser failures (malformed JSON, 413) happen before Nest's filters see the request.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const body = errorBody(err, req.headers['accept-language']);
    res.status(body.statusCode).json(body);
  });
  useRoutePrefix(app);
  // The UI at /docs, the document at /docs-json: the same document as docs/openapi.json, built on
  // the first request for either.
  SwaggerModule.setup('docs', app, await openApiDocumentFactory(app), { jsonDocumentUrl: 'docs-json' });
  mountQueueDashboard(app);
  if (!serveWebUi(app, config.WEB_DIST_DIR))
    app.get(Logger).warn(`no web app build in ${config.WEB_DIST_DIR}: serving the API only`);
  collectProcessMetrics();
  return app;
}

export async function startApi(): Promise<NestExpressApplication> {
  const app = await createApi();
  answerClientErrors(app.getHttpServer());
  await app.listen(app.get(AppConfig).PORT);
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
