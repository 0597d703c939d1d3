import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { httpRequestDuration } from '@app/workflow';
import { logRequest, numberRequest } from './access-log';

/** Label of a request no route matched (static files of the web app, the SPA fallback, 404s, /docs). */
const NO_ROUTE = '(none)';

/**
 * Observes every request's duration in `dutygate_http_request_duration_seconds`, labelled with
 * the route template Express matched (`/api/tasks/:id`), never the URL: ids in URLs would make a
 * series per task. Requests no controller route matched share one label. The same listener writes
 * the request's access log line (http/access-log.ts).
 */
export function requestMetrics(log: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    numberRequest(req);
    const started = performance.now();
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      const seconds = (performance.now() - started) / 1000;
      const route = typeof req.route?.path === 'string' ? `${req.baseUrl}${req.route.path}` : NO_ROUTE;
      // A client that hung up before the answer counts as 499, as nginx logs it.
      const finished = res.writableFinished;
      const status = finished ? res.statusCode : 499;
      httpRequestDuration.observe({ method: req.method, route, status: String(status) }, seconds);
      logRequest(log, req, status, seconds * 1000, finished);
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
