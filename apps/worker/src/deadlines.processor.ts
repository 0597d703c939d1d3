import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QUEUES, type JobPayloads, type JobsOf } from '@app/queue';
import { EscalationService } from '@app/workflow';
import { LoggedWorkerHost } from './logged-worker-host';

/** Escalation wake-ups and the sweep that re-arms them; both are idempotent. */
@Processor(QUEUES.deadlines, { concurrency: 2 })
export class DeadlinesProcessor extends LoggedWorkerHost {
  private readonly handlers: {
    [N in JobsOf<typeof QUEUES.deadlines>]: (p: JobPayloads[N]) => Promise<unknown>;
  } = {
    'fire-due-steps': () => this.escalation.fireDue(),
    'escalation-sweep': () => this.escalation.sweep(),
  };

  constructor(private readonly escalation: EscalationService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as keyof typeof this.handlers];
    if (!handler) throw new Error(`unknown job ${job.name} on ${QUEUES.deadlines}`);
    return handler(job.data);
  }
}
