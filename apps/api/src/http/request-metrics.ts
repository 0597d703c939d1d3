import type { onRequestHookHandler } from 'fastify';
import type { Logger } from 'pino';
import { httpRequestDuration } from '@app/workflow';
import { logRequest, numberRequest } from './access-log';

/** Label of a request no route matched (static files of the web app, the SPA fallback, 404s, /docs). */
const NO_ROUTE = '(none)';

/**
 * Observes every request's duration in `dutygate_http_request_duration_seconds`, labelled with
 * the route template the router matched (`/api/tasks/:id`), never the URL: ids in URLs would make a
 * series per task. Requests no controller route matched share one label. The same listener writes
 * the request's access log line (http/access-log.ts). The first onRequest hook of the application:
 * every request is timed and logged, including those refused by the edge checks after it.
 */
export function requestMetrics(
  log: Logger,
  isRoute: (url: string) => boolean = () => true,
): onRequestHookHandler {
  return (request, reply, done) => {
    const req = request.raw;
    const res = reply.raw;
    numberRequest(req);
    const started = performance.now();
    const url = request.routeOptions.url;
    const route = url !== undefined && isRoute(url) ? url : NO_ROUTE;
    // 'close' follows 'finish' on every response, and comes alone when the client hung up first.
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      // A client that hung up before the answer counts as 499, as nginx logs it.
      const finished = res.writableFinished;
      const status = finished ? res.statusCode : 499;
      httpRequestDuration.observe({ method: req.method!, route, status: String(status) }, seconds);
      logRequest(
        log,
        // The target as the client sent it: Fastify's rewriteUrl (main.ts) keeps it as `originalUrl`.
        { id: req.id, method: req.method, url: request.originalUrl, ip: request.ip },
        status,
        seconds * 1000,
        finished,
      );
    });
    done();
  };
}
