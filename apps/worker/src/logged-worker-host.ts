import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

/**
 * A WorkerHost whose worker reports through the application's logger. Without an `error`
 * listener BullMQ prints to the console (e.g. "Missing key for job" after a Redis flush, which is
 * harmless: PostgreSQL already holds the result, and the sweeps re-send what was lost).
 */
export abstract class LoggedWorkerHost extends WorkerHost {
  protected readonly log = new Logger(this.constructor.name);

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.log.warn(`worker error: ${error.message}`);
  }

  @OnWorkerEvent('failed')
  onJobFailed(job: Job | undefined, error: Error): void {
    this.log.warn(
      `job ${job?.name ?? '?'} ${job?.id ?? ''} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`,
    );
  }
}
