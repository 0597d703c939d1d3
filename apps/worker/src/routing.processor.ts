import { Processor } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '@app/config';
import { JOB_QUEUE, QUEUES, type JobPayloads, type JobsOf } from '@app/queue';
import { RoutingService } from '@app/workflow';
import { LoggedWorkerHost } from './logged-worker-host';

type RoutingJobName = JobsOf<typeof QUEUES.routing>;

/**
 * A routing job is one short transaction and its lock is renewed every 5 s, so a lock left to lapse
 * (10 s) means the worker died. BullMQ's defaults (30 s lock, 30 s stalled check) left a crashed
 * worker's in-flight tasks unrouted for 60-90 s, and the sweep cannot help: to Redis those jobs are
 * still active. With these, a new worker takes them back within ~20 s; a job run twice finds
 * nothing pending.
 */
const ROUTING_WORKER_OPTIONS = { lockDuration: 10_000, stalledInterval: 5_000 };

/** Jobs of the routing queue; each delegates to one workflow service call. */
@Processor(QUEUES.routing, ROUTING_WORKER_OPTIONS)
export class RoutingProcessor extends LoggedWorkerHost implements OnApplicationBootstrap {
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
