import type { IncomingMessage } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';

let lastId = 0;

/**
 * Numbers the request for its log lines (the access line and, for a 5xx, the error filter's): `req.id`,
 * unique in this process, as pino-http numbered them (its type declaration, from nestjs-pino, adds the field).
 */
export function numberRequest(req: IncomingMessage): void {
  lastId = (lastId + 1) & 0x7fffffff;
  req.id = lastId;
}

/** The API's access logger: JSON lines on standard output (or `destination`) at the configured level. */
export function accessLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, name: 'dutygate-api' }, destination);
}

/**
 * One line per request, with what an operator reads: the request id, method, URL (query included),
 * client address (Fastify's `request.ip`, which honours TRUSTED_PROXIES), status and time; 5xx at level error, a
 * client that hung up before its answer as "request aborted" (status 499). No headers: pino-http's
 * default serializers copied every request and response header into each line (1.5 kB, and the
 * bearer token unless redacted). Written from the same `finish` listener that observes the request
 * metric (http/request-metrics.ts), not by pino-http: pino-http gave every request a child logger and
 * nestjs-pino ran the rest of it inside an AsyncLocalStorage, which turned on a promise hook for every
 * promise the request made.
 */
export function logRequest(
  log: Logger,
  req: { id?: unknown; method?: string; url?: string; ip?: string },
  status: number,
  ms: number,
  finished: boolean,
): void {
  const level = status >= 500 ? 'error' : 'info';
  if (!log.isLevelEnabled(level)) return;
  log[level](
    {
      req: {
        id: req.id,
        method: req.method,
        url: req.url,
        remoteAddress: req.ip,
      },
      res: { statusCode: status },
      responseTime: Math.round(ms * 1000) / 1000,
    },
    finished ? 'request completed' : 'request aborted',
  );
}
