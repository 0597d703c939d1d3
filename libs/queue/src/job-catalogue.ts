/**
 * Every queue and job DutyGate runs, with its payload type. Payloads carry ids only; handlers
 * reload state from PostgreSQL and return early when the work is already done.
 */
export const QUEUES = {
  routing: 'routing',
  deadlines: 'deadlines',
  notifications: 'notifications',
  assessment: 'assessment',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  /** Decide every assignment of a task waiting in this routing round, in one transaction. */
  'route-task': { taskId: string; round: number };
  /** Fire every escalation step due by now; one job per second-bucket of fire times wakes it on time. */
  'fire-due-steps': { bucket: number };
  /** Re-arm from PostgreSQL the wake-ups Redis may have lost (run by a BullMQ job scheduler). */
  'escalation-sweep': Record<string, never>;
  /** POST one notification to one webhook; BullMQ retries with backoff. */
  'deliver-webhook': { deliveryId: string };
  /** Compute run `run` of a period's assessment; a newer run (a recompute) makes an older job a no-op. */
  'compute-assessment': { period: string; run: number };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE = {
  'route-task': QUEUES.routing,
  'fire-due-steps': QUEUES.deadlines,
  'escalation-sweep': QUEUES.deadlines,
  'deliver-webhook': QUEUES.notifications,
  'compute-assessment': QUEUES.assessment,
} as const satisfies Record<JobName, QueueName>;

/**
 * Deterministic job ids: the same work always gets the same id, so a re-sent job (outbox relay
 * after a crash, sweep after a Redis flush) is a no-op while the first is still queued.
 * BullMQ forbids ':' in custom ids.
 */
export const JOB_ID: { [N in JobName]: (p: JobPayloads[N]) => string } = {
  'route-task': (p) => `route-task_${p.taskId}_${p.round}`,
  'fire-due-steps': (p) => `fire_${p.bucket}`,
  'escalation-sweep': () => 'escalation-sweep',
  'deliver-webhook': (p) => `webhook_${p.deliveryId}`,
  'compute-assessment': (p) => `assessment_${p.period}_${p.run}`,
};

export interface JobMessage<N extends JobName = JobName> {
  queue: QueueName;
  jobName: N;
  jobId: string;
  payload: JobPayloads[N];
  /** Not to run before this time (a delayed job). */
  runAt?: Date;
}

/** Builds the outbox/queue message for a job: the only way work is described. */
export function jobMessage<N extends JobName>(name: N, payload: JobPayloads[N], runAt?: Date): JobMessage<N> {
  return { queue: JOB_QUEUE[name], jobName: name, jobId: JOB_ID[name](payload), payload, runAt };
}

/** Queue names of the jobs a queue carries, for processors that must handle every one of them. */
export type JobsOf<Q extends QueueName> = {
  [N in JobName]: (typeof JOB_QUEUE)[N] extends Q ? N : never;
}[JobName];
