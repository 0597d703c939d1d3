import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QUEUES, type JobPayloads, type JobsOf } from '@app/queue';
import { AssessmentService } from '@app/workflow';
import { LoggedWorkerHost } from './logged-worker-host';

/**
 * Assessment computations. One at a time per worker: a computation is a few set-based statements
 * over a period's facts (seconds for a quarter over a year's data), nothing gains from running
 * two side by side, and the other queues keep the rest of the worker's connections.
 */
@Processor(QUEUES.assessment, { concurrency: 1 })
export class AssessmentProcessor extends LoggedWorkerHost {
  private readonly handlers: {
    [N in JobsOf<typeof QUEUES.assessment>]: (p: JobPayloads[N]) => Promise<unknown>;
  } = {
    'compute-assessment': (p) => this.assessments.compute(p.period, p.run),
  };

  constructor(private readonly assessments: AssessmentService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as keyof typeof this.handlers];
    if (!handler) throw new Error(`unknown job ${job.name} on ${QUEUES.assessment}`);
    return handler(job.data);
  }
}
