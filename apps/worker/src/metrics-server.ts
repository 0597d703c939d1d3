import { createServer, type Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { register } from 'prom-client';
import { metricsAccess, type AppConfig } from '@app/config';
import { errorMessage, pickLanguage, type ErrorCode } from '@app/domain';

const REFUSED: Record<'address' | 'token', [number, ErrorCode]> = {
  address: [403, 'FORBIDDEN'],
  token: [401, 'UNAUTHENTICATED'],
};

/**
 * The standalone worker's `/metrics` on METRICS_PORT (all interfaces: Prometheus usually runs
 * elsewhere; METRICS_ALLOW and METRICS_TOKEN guard it as they guard the API's). It answers nothing
 * else. A port already taken is logged and the worker goes on without it: routing matters more
 * than its metrics. The worker has no proxy in front, so the peer address is the client.
 */
export async function startMetricsServer(
  config: Pick<AppConfig, 'METRICS_PORT' | 'METRICS_ALLOW' | 'METRICS_TOKEN'>,
): Promise<Server | null> {
  const log = new Logger('WorkerMetrics');
  const refusal = metricsAccess(config);
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    const path = (req.url ?? '').split('?')[0];
    const refused = refusal(req.socket.remoteAddress, req.headers.authorization);
    const error = (status: number, code: ErrorCode, headers: Record<string, string> = {}) =>
      send(
        status,
        'application/json; charset=utf-8',
        JSON.stringify({
          statusCode: status,
          code,
          message: errorMessage(code, pickLanguage(req.headers['accept-language'])),
          details: [],
        }),
        headers,
      );
    if (path !== '/metrics') return error(404, 'NOT_FOUND');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return error(405, 'METHOD_NOT_ALLOWED', { allow: 'GET, HEAD' });
    if (refused) {
      const [status, code] = REFUSED[refused];
      return error(status, code, refused === 'token' ? { 'www-authenticate': 'Bearer realm="metrics"' } : {});
    }
    register.metrics().then(
      (text) => send(200, register.contentType, text),
      (e) => send(500, 'text/plain', `metrics failed: ${(e as Error).message}`),
    );
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve) => {
    server.once('error', (e) => {
      log.error(`/metrics not served on port ${config.METRICS_PORT}: ${e.message}`);
      resolve(null);
    });
    server.listen(config.METRICS_PORT, () => {
      log.log(`/metrics on port ${config.METRICS_PORT}`);
      resolve(server);
    });
  });
}
