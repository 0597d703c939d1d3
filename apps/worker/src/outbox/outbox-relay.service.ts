import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import type { Clock } from '@app/domain';
import {
  CLOCK,
  dispatchOutboxBatch,
  OutboxListener,
  OutboxRepository,
  type OutboxRow,
} from '@app/persistence';
import type { QueueName } from '@app/queue';
import { WorkerQueues } from './worker-queues';

/** Outbox rows moved per transaction; one BullMQ addBulk round trip each. */
const BATCH = 500;

/** BullMQ's delay for a job not to run before `runAt`; one already due runs at once. */
const delayUntil = (runAt: Date, now: Date): number => Math.max(0, runAt.getTime() - now.getTime());

/**
 * Moves outbox rows into BullMQ: woken by the outbox listener (LISTEN/NOTIFY), and polling every
 * OUTBOX_POLL_MS in case a notification is lost. Each batch is claimed, added to its queues and
 * marked dispatched in one transaction (persistence's dispatchOutboxBatch); job ids are
 * deterministic, so a batch sent twice is harmless.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelayService.name);
  private timer?: NodeJS.Timeout;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly listener: OutboxListener,
    private readonly queues: WorkerQueues,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start(() => this.wake());
    this.timer = setInterval(() => this.wake(), this.config.OUTBOX_POLL_MS);
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining;
    await this.listener.close();
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
      const moved = await dispatchOutboxBatch(this.dataSource, this.outbox, BATCH, (rows) => this.send(rows));
      if (moved < BATCH || this.stopped) return;
    }
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const byQueue = new Map<QueueName, OutboxRow[]>();
    for (const r of rows)
      byQueue.set(r.queue as QueueName, [...(byQueue.get(r.queue as QueueName) ?? []), r]);
    const now = this.clock.now();
    for (const [queue, items] of byQueue)
      await this.queues.byName[queue].addBulk(
        items.map((r) => ({
          name: r.jobName,
          data: r.payload,
          // A message with a run time (an escalation wake-up) becomes a delayed job; without
          // the delay it would run at once, find nothing due and be gone.
          opts: r.runAt ? { jobId: r.jobId, delay: delayUntil(r.runAt, now) } : { jobId: r.jobId },
        })),
      );
  }
}
