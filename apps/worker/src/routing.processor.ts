import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '@app/config';
import { JOB_QUEUE, QUEUES, type JobPayloads, type JobsOf } from '@app/queue';
import { RoutingService } from '@app/workflow';

type RoutingJobName = JobsOf<typeof QUEUES.routing>;

/** Jobs of the routing queue; each delegates to one workflow service call. */
@Processor(QUEUES.routing)
export class RoutingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly log = new Logger(RoutingProcessor.name);

  /** One handler per job name of this queue: the compiler refuses a missing one. */
  private readonly handlers: { [N in RoutingJobName]: (p: JobPayloads[N]) => Promise<unknown> } = {
    'route-task': (p) => this.routing.routeTask(p.taskId, p.round),
  };

  constructor(
    private readonly routing: RoutingService,
    private readonly config: AppConfig,
  ) {
    super();
    for (const [name, queue] of Object.entries(JOB_QUEUE))
      if (queue === QUEUES.routing && !(name in this.handlers)) throw new Error(`no handler for job ${name}`);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.ROUTING_CONCURRENCY;
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as RoutingJobName];
    if (!handler) {
      this.log.error(`unknown job ${job.name} on ${QUEUES.routing}`);
      throw new Error(`unknown job ${job.name}`);
    }
    return handler(job.data);
  }
}
