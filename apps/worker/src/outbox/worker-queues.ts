import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES, type QueueName } from '@app/queue';

/** Every queue of the catalogue by name: where the relay and the recovery sweep send jobs. */
@Injectable()
export class WorkerQueues {
  readonly byName: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QUEUES.routing) routing: Queue,
    @InjectQueue(QUEUES.deadlines) readonly deadlines: Queue,
    @InjectQueue(QUEUES.notifications) notifications: Queue,
    @InjectQueue(QUEUES.assessment) assessment: Queue,
  ) {
    this.byName = {
      [QUEUES.routing]: routing,
      [QUEUES.deadlines]: deadlines,
      [QUEUES.notifications]: notifications,
      [QUEUES.assessment]: assessment,
    };
  }
}
