import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { AssignmentRepository, NotificationRepository, OutboxRepository } from '@app/persistence';
import { jobMessage, type JobMessage } from '@app/queue';
import { WorkerQueues } from './worker-queues';

/** Pending work of each kind checked per sweep for a lost job; the rest waits for the next sweep. */
const RESEND_BATCH = 2000;
/** Dispatched outbox rows are kept this long for diagnosis. */
const OUTBOX_RETENTION_S = 24 * 3600;

/**
 * PostgreSQL is the source of truth, Redis only carries wake-ups. Every ROUTING_SWEEP_MS this
 * sweep re-sends routing and webhook deliveries that have waited too long (Redis flushed, job
 * failed for good), makes sure the escalation sweep's job scheduler exists (a Redis flush removes
 * it too), and prunes the outbox. Jobs a crashed worker held stay active in Redis; BullMQ's
 * stalled check takes them back.
 */
@Injectable()
export class RecoverySweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RecoverySweepService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly assignments: AssignmentRepository,
    private readonly notifications: NotificationRepository,
    private readonly outbox: OutboxRepository,
    private readonly queues: WorkerQueues,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureEscalationScheduler();
    this.timer = setInterval(
      () => void this.sweep().catch((e) => this.log.warn(`sweep failed: ${e}`)),
      this.config.ROUTING_SWEEP_MS,
    );
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    await this.ensureEscalationScheduler();
    const db = this.dataSource.manager;
    const stale = await this.assignments.stalePendingRouting(db, this.config.ROUTING_SWEEP_MS, RESEND_BATCH);
    const routing = await this.resend(stale.map((s) => jobMessage('route-task', s)));
    if (routing) this.log.warn(`re-sent ${routing} routing jobs that were lost or failed`);
    const pending = await this.notifications.pendingDeliveries(
      db,
      this.config.ROUTING_SWEEP_MS,
      RESEND_BATCH,
    );
    const deliveries = await this.resend(
      pending.map((deliveryId) => jobMessage('deliver-webhook', { deliveryId })),
    );
    if (deliveries) this.log.warn(`re-sent ${deliveries} webhook deliveries that were lost or failed`);
    await this.outbox.prune(db, OUTBOX_RETENTION_S);
  }

  /** Idempotent: BullMQ keeps one scheduler per id, however many workers call this. */
  private async ensureEscalationScheduler(): Promise<void> {
    const m = jobMessage('escalation-sweep', {});
    await this.queues.deadlines.upsertJobScheduler(
      m.jobId,
      { every: this.config.ESCALATION_SWEEP_MS },
      { name: m.jobName, data: m.payload },
    );
  }

  /**
   * Work PostgreSQL still holds as pending must have a live job: adds the job when Redis has none,
   * retries it when it failed for good (a crash mid-attempt, not an answer), and replaces one that
   * Redis kept only in part. Returns how many.
   */
  private async resend(messages: JobMessage[]): Promise<number> {
    let resent = 0;
    for (const m of messages) {
      const queue = this.queues.byName[m.queue];
      let job = await queue.getJob(m.jobId);
      // A job whose name or data is gone (keys lost one by one, not in a flush: a worker took the id
      // from the wait list after its hash went, and BullMQ wrote a bare hash back) can never run: each
      // attempt fails as an unknown job, and a retry keeps it as it is. Unless a worker holds it right
      // now, it is removed and added again from PostgreSQL's copy.
      if (job && !intact(job, m) && !(await job.isActive())) {
        await job.remove();
        job = undefined;
      }
      if (!job) {
        await queue.add(m.jobName, m.payload, { jobId: m.jobId });
        resent++;
      } else if (await job.isFailed()) {
        await job.retry('failed');
        resent++;
      }
    }
    return resent;
  }
}

/** Whether a stored job still carries the name and data it was added with. */
function intact(job: Job, m: JobMessage): boolean {
  return job.name === m.jobName && JSON.stringify(job.data) === JSON.stringify(m.payload);
}
