import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { httpRequestDuration } from '@app/workflow';

/** Label of a request no route matched (static files of the web app, the SPA fallback, 404s, /docs). */
const NO_ROUTE = '(none)';

/**
 * Observes every request's duration in `dutygate_http_request_duration_seconds`, labelled with
 * the route template Express matched (`/api/tasks/:id`), never the URL: ids in URLs would make a
 * series per task. Requests no controller route matched share one label.
 */
export function requestMetrics(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = httpRequestDuration.startTimer();
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      const route = typeof req.route?.path === 'string' ? `${req.baseUrl}${req.route.path}` : NO_ROUTE;
      // A client that hung up before the answer counts as 499, as nginx logs it.
      const status = res.writableFinished ? String(res.statusCode) : '499';
      end({ method: req.method, route, status });
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
