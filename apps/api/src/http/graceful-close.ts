import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { within } from '@app/config';

/**
 * Stops the API in the order that loses no request: the listening socket closes (new connections
 * are refused), idle keep-alive connections are closed, requests in flight get up to `graceMs` to
 * finish (each connection is closed as soon as its answer is written), and only then does Nest
 * close the pools and queues. Nest's own close would release the database first and the HTTP
 * server last, failing whatever was still running. Returns false when the grace ran out (the
 * remaining connections are then cut).
 */
export async function closeApi(app: INestApplication, graceMs: number): Promise<boolean> {
  const server = app.getHttpServer() as Server;
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const inTime = await within(drained, graceMs);
  clearInterval(sweep);
  if (!inTime) server.closeAllConnections();
  await app.close();
  return inTime;
}
