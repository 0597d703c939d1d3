import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/**
 * The worker process: BullMQ processors, the outbox relay and sweeps; no HTTP. `shutdownHooks:
 * false` leaves signals to the caller (the all-in-one start).
 */
export async function startWorker(opts: { shutdownHooks?: boolean } = {}) {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  if (opts.shutdownHooks !== false) app.enableShutdownHooks();
  await app.init();
  return app;
}

if (require.main === module) {
  startWorker().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
