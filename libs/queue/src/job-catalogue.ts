/**
 * Every queue and job DutyGate runs, with its payload type. Payloads carry ids only; handlers
 * reload state from PostgreSQL and return early when the work is already done.
 */
export const QUEUES = {
  routing: 'routing',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  /** Decide every assignment of a task waiting in this routing round, in one transaction. */
  'route-task': { taskId: string; round: number };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: Record<JobName, QueueName> = {
  'route-task': QUEUES.routing,
};

/**
 * Deterministic job ids: the same work always gets the same id, so a re-sent job (outbox relay
 * after a crash, sweep after a Redis flush) is a no-op while the first is still queued.
 * BullMQ forbids ':' in custom ids.
 */
export const JOB_ID: { [N in JobName]: (p: JobPayloads[N]) => string } = {
  'route-task': (p) => `route-task_${p.taskId}_${p.round}`,
};

export interface JobMessage<N extends JobName = JobName> {
  queue: QueueName;
  jobName: N;
  jobId: string;
  payload: JobPayloads[N];
}

/** Builds the outbox/queue message for a job: the only way work is described. */
export function jobMessage<N extends JobName>(name: N, payload: JobPayloads[N]): JobMessage<N> {
  return { queue: JOB_QUEUE[name], jobName: name, jobId: JOB_ID[name](payload), payload };
}
