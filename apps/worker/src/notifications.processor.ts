import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QUEUES, type JobPayloads, type JobsOf } from '@app/queue';
import { WebhookService } from '@app/workflow';
import { LoggedWorkerHost } from './logged-worker-host';

/** Outgoing webhook deliveries; BullMQ's attempts and exponential backoff are the retry policy. */
@Processor(QUEUES.notifications, { concurrency: 8 })
export class NotificationsProcessor extends LoggedWorkerHost {
  private readonly handlers: {
    [N in JobsOf<typeof QUEUES.notifications>]: (p: JobPayloads[N], job: Job) => Promise<unknown>;
  } = {
    'deliver-webhook': (p, job) =>
      this.webhooks.deliver(p.deliveryId, job.attemptsMade + 1, job.opts.attempts ?? 1),
  };

  constructor(private readonly webhooks: WebhookService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as keyof typeof this.handlers];
    if (!handler) throw new Error(`unknown job ${job.name} on ${QUEUES.notifications}`);
    return handler(job.data, job);
  }
}
