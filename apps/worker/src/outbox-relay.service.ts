import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { NotificationRepository, OUTBOX_CHANNEL, OutboxRepository, TaskRepository } from '@app/persistence';
import { jobMessage, QUEUES, type JobMessage, type QueueName } from '@app/queue';

/** Outbox rows moved per transaction; one BullMQ addBulk round trip each. */
const BATCH = 500;
/** Pending work of each kind checked per sweep for a lost job; the rest waits for the next sweep. */
const RESEND_BATCH = 2000;
/** Dispatched outbox rows are kept this long for diagnosis. */
const OUTBOX_RETENTION_S = 24 * 3600;

/** BullMQ's delay for a job not to run before `runAt`; one already due runs at once. */
const delayUntil = (runAt: Date, now: number): number => Math.max(0, runAt.getTime() - now);

/**
 * Moves outbox rows into BullMQ (woken by LISTEN/NOTIFY, and polling in case a notification is
 * lost), and re-sends routing work that Redis lost: PostgreSQL is the source of truth, Redis only
 * carries wake-ups. Job ids are deterministic, so sending twice is harmless.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelayService.name);
  private readonly queues: Record<QueueName, Queue>;
  private listener?: Client;
  private timers: NodeJS.Timeout[] = [];
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly tasks: TaskRepository,
    private readonly notifications: NotificationRepository,
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.routing) routingQueue: Queue,
    @InjectQueue(QUEUES.deadlines) private readonly deadlinesQueue: Queue,
    @InjectQueue(QUEUES.notifications) notificationsQueue: Queue,
  ) {
    this.queues = {
      [QUEUES.routing]: routingQueue,
      [QUEUES.deadlines]: deadlinesQueue,
      [QUEUES.notifications]: notificationsQueue,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    await this.ensureEscalationScheduler();
    this.timers.push(setInterval(() => this.wake(), this.config.OUTBOX_POLL_MS));
    this.timers.push(
      setInterval(
        () => void this.sweep().catch((e) => this.log.warn(`sweep failed: ${e}`)),
        this.config.ROUTING_SWEEP_MS,
      ),
    );
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    await this.draining;
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'dutygate-outbox-listener',
    });
    client.on('notification', () => this.wake());
    client.on('error', (e) => {
      // Polling keeps the relay going; reconnect on the next sweep tick.
      this.log.warn(`outbox listener lost: ${e.message}`);
      this.listener = undefined;
    });
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.listener = client;
  }

  /** Idempotent: BullMQ keeps one scheduler per id, however many workers call this. */
  private async ensureEscalationScheduler(): Promise<void> {
    const m = jobMessage('escalation-sweep', {});
    await this.deadlinesQueue.upsertJobScheduler(
      m.jobId,
      { every: this.config.ESCALATION_SWEEP_MS },
      { name: m.jobName, data: m.payload },
    );
  }

  /** Starts a drain, or asks the running one to go round again. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((e) => this.log.warn(`outbox relay failed: ${e}`))
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const moved = await this.dataSource.transaction(async (tx) => {
        const rows = await this.outbox.claim(tx, BATCH);
        const byQueue = new Map<QueueName, typeof rows>();
        for (const r of rows)
          byQueue.set(r.queue as QueueName, [...(byQueue.get(r.queue as QueueName) ?? []), r]);
        const now = Date.now();
        for (const [queue, items] of byQueue)
          await this.queues[queue].addBulk(
            items.map((r) => ({
              name: r.jobName,
              data: r.payload,
              // A message with a run time (an escalation wake-up) becomes a delayed job; without
              // the delay it would run at once, find nothing due and be gone.
              opts: r.runAt ? { jobId: r.jobId, delay: delayUntil(r.runAt, now) } : { jobId: r.jobId },
            })),
          );
        await this.outbox.markDispatched(
          tx,
          rows.map((r) => r.id),
        );
        return rows.length;
      });
      if (moved < BATCH || this.stopped) return;
    }
  }

  /**
   * Re-sends routing and webhook deliveries that have waited too long (Redis flushed, job failed
   * for good), makes sure the escalation sweep's job scheduler exists (a Redis flush removes it
   * too), and prunes the outbox. Jobs a crashed worker held stay active in Redis; BullMQ's stalled
   * check takes them back.
   */
  private async sweep(): Promise<void> {
    if (!this.listener && !this.stopped) await this.listen().catch(() => undefined);
    await this.ensureEscalationScheduler();
    const db = this.dataSource.manager;
    const stale = await this.tasks.stalePendingRouting(db, this.config.ROUTING_SWEEP_MS, RESEND_BATCH);
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

  /**
   * Work PostgreSQL still holds as pending must have a live job: adds the job when Redis has none,
   * retries it when it failed for good (a crash mid-attempt, not an answer). Returns how many.
   */
  private async resend(messages: JobMessage[]): Promise<number> {
    let resent = 0;
    for (const m of messages) {
      const queue = this.queues[m.queue];
      const job = await queue.getJob(m.jobId);
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
