/**
 * Recognises the errors that mean PostgreSQL or Redis is unreachable or refusing work, as opposed
 * to a bug: those become 503 DEPENDENCY_DOWN with Retry-After, so a client retries later instead of
 * reporting a server fault. The one list of such errors; the error filter consults it.
 */

/**
 * SQLSTATEs of a database that is down, restarting, full of connections or failing over:
 * class 08 (connection exception) by prefix, and these.
 */
const PG_UNAVAILABLE = new Set([
  '57P01', // admin_shutdown: the backend was terminated (pg_terminate_backend, fast shutdown)
  '57P02', // crash_shutdown: another backend crashed and the server is restarting
  '57P03', // cannot_connect_now: starting up or shutting down
  '57P04', // database_dropped
  '53300', // too_many_connections (also CONNECTION LIMIT reached for the database)
  '53400', // configuration_limit_exceeded
  '25006', // read_only_sql_transaction: a write reached a standby during a failover
]);

/** Socket-level failures of either client (node's errno codes). */
const NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Messages of node-postgres, pg-pool, TypeORM, ioredis and BullMQ that carry no code. */
const MESSAGES = [
  /^Connection terminated/i, // pg: the server closed the socket (also "due to connection timeout")
  /timeout exceeded when trying to connect/i, // pg-pool: no connection within connectionTimeoutMillis
  /Client has encountered a connection error and is not queryable/i, // pg
  /not currently accepting connections/i, // pg 55000: ALLOW_CONNECTIONS false
  /Connection is not established/i, // TypeORM
  /^Connection is closed\.?$/i, // ioredis and BullMQ after a disconnect
  /Stream isn't writeable/i, // ioredis with the offline queue disabled
  /max retries per request/i, // ioredis MaxRetriesPerRequestError
];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** True when the error (or what it wraps) says PostgreSQL or Redis cannot be used right now. */
export function isDependencyDown(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const e = error as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('08') && code.length === 5) return true;
  if (PG_UNAVAILABLE.has(code) || NET_CODES.has(code)) return true;
  if (e.name === 'MaxRetriesPerRequestError' || e.name === 'ConnectionClosedError') return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  // TypeORM wraps the driver's error; node wraps parallel connect attempts in an AggregateError.
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((x) => x !== error && isDependencyDown(x, depth + 1));
}
