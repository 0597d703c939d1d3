import type { Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, stopOnSignals, within } from '@app/config';
import { collectProcessMetrics } from '@app/workflow';
import { DeadlinesProcessor } from './deadlines.processor';
import { startMetricsServer } from './metrics-server';
import { NotificationsProcessor } from './notifications.processor';
import { RoutingProcessor } from './routing.processor';
import { WorkerModule } from './worker.module';

/** Every BullMQ worker of the process: closing them is what stops the taking of jobs. */
const PROCESSORS = [RoutingProcessor, DeadlinesProcessor, NotificationsProcessor];

export interface RunningWorker {
  app: INestApplicationContext;
  metrics: Server | null;
}

/**
 * The worker process: BullMQ processors, the outbox relay and sweeps; no HTTP but its own
 * `/metrics` on METRICS_PORT (`metricsServer: false` in the all-in-one start, whose API serves
 * the one registry both share). Signals are the caller's: main and the all-in-one start stop it
 * with stopWorker.
 */
export async function startWorker(opts: { metricsServer?: boolean } = {}): Promise<RunningWorker> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  collectProcessMetrics();
  const config = app.get(AppConfig);
  const metrics =
    opts.metricsServer !== false && config.METRICS_PORT > 0 ? await startMetricsServer(config) : null;
  return { app, metrics };
}

/**
 * Stops the worker without losing a job: every BullMQ worker stops taking jobs at once and
 * finishes its active ones within `graceMs`; then the relay, sweeps, queues and pools close (Nest's
 * own order would close the pools while jobs still run). When the grace runs out it returns false
 * without closing anything under the running jobs: the process exits, their locks lapse, and
 * another worker runs them again (a routing job run twice finds nothing pending).
 */
export async function stopWorker({ app, metrics }: RunningWorker, graceMs: number): Promise<boolean> {
  const log = app.get(Logger);
  metrics?.close();
  metrics?.closeAllConnections();
  const workers = PROCESSORS.map((p) => app.get(p, { strict: false }).worker);
  log.log(`worker: taking no more jobs; finishing the active ones within ${graceMs} ms`);
  if (!(await within(Promise.all(workers.map((w) => w.close())), graceMs))) {
    log.warn(`worker: jobs still active after ${graceMs} ms; leaving them to another worker`);
    return false;
  }
  await app.close();
  return true;
}

/**
 * The worker as a process of its own: started, then stopped gracefully on SIGTERM or SIGINT; a
 * start that fails exits with 1. What `node dist/apps/worker/src/main.js` and the bundle
 * dist/server/worker.js run.
 */
export function runWorker(): void {
  startWorker().then(
    (running) => {
      const grace = running.app.get(AppConfig).SHUTDOWN_GRACE_MS;
      const log = running.app.get(Logger);
      stopOnSignals(
        'worker',
        () => stopWorker(running, grace),
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

if (require.main === module) runWorker();
