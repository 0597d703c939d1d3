import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * DutyGate's own Prometheus series (the process defaults, `dutygate_process_*` and
 * `dutygate_nodejs_*`, come from prom-client's collectDefaultMetrics). All live in prom-client's
 * default registry, one per process: the API and the worker of the all-in-one start share it, so
 * the API's /metrics shows both. Names are listed in README "Metrics"; docker/grafana/dutygate.json
 * plots them.
 */
export const PREFIX = 'dutygate_';

/** Defined once per process even if two modules (API and worker in one process) import this file. */
function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** Request duration by route template (`/api/tasks/:id`, never the raw URL: ids would explode the series) and status. */
export const httpRequestDuration = once(
  `${PREFIX}http_request_duration_seconds`,
  () =>
    new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'HTTP request duration by method, route template and status code',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
);

/** Submit (task.created_at) to decision (the routing transaction's commit), one observation per assignment. */
export const routingLatency = once(
  `${PREFIX}routing_latency_seconds`,
  () =>
    new Histogram({
      name: `${PREFIX}routing_latency_seconds`,
      help: 'Time from task submission to the routing decision of each assignment',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
);

export const escalationStepsFired = once(
  `${PREFIX}escalation_steps_fired_total`,
  () =>
    new Counter({
      name: `${PREFIX}escalation_steps_fired_total`,
      help: 'Escalation steps fired, by step (remind, urge, supervise, notice)',
      labelNames: ['step'] as const,
    }),
);

/**
 * Webhook delivery attempts by result: `delivered`, `retry` (failed, BullMQ tries again),
 * `failed` (failed on its last attempt), `refused` (address not allowed), `paused` (webhook off).
 */
export type WebhookResult = 'delivered' | 'retry' | 'failed' | 'refused' | 'paused';
export const webhookDeliveries = once(
  `${PREFIX}webhook_deliveries_total`,
  () =>
    new Counter({
      name: `${PREFIX}webhook_deliveries_total`,
      help: 'Webhook delivery attempts by result (delivered, retry, failed, refused, paused)',
      labelNames: ['result'] as const,
    }),
);

/** Sources of the gauges read on scrape (set by MetricsCollector; several in one process: the first wins). */
export interface ScrapeSource {
  queueDepth(): Promise<{ queue: string; state: string; count: number }[]>;
  deadlines(): Promise<{ kind: string; open: number; overdue: number }[]>;
  outbox(): Promise<{ backlog: number; oldestAgeSeconds: number }>;
}

const sources: ScrapeSource[] = [];

export function addScrapeSource(source: ScrapeSource): () => void {
  sources.push(source);
  return () => {
    const i = sources.indexOf(source);
    if (i >= 0) sources.splice(i, 1);
  };
}

/** A scrape never waits long for a slow database or queue store: the gauge is then left out. */
const SCRAPE_TIMEOUT_MS = 2000;

function bounded<T>(p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, rej) =>
      setTimeout(() => rej(new Error('scrape timed out')), SCRAPE_TIMEOUT_MS).unref(),
    ),
  ]);
}

/**
 * A gauge filled at scrape time from the current source; on failure (database or queue store
 * down) its series are absent from that scrape rather than stale, and the failure is counted.
 */
function scrapedGauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  fill: (g: Gauge<L>, source: ScrapeSource) => Promise<void>,
): Gauge<L> {
  return once(
    `${PREFIX}${name}`,
    () =>
      new Gauge<L>({
        name: `${PREFIX}${name}`,
        help,
        labelNames,
        async collect() {
          this.reset();
          const source = sources[0];
          if (!source) return;
          try {
            await bounded(fill(this, source));
          } catch {
            this.reset();
            scrapeErrors.inc({ gauge: name });
          }
        },
      }),
  );
}

export const scrapeErrors = once(
  `${PREFIX}metrics_scrape_errors_total`,
  () =>
    new Counter({
      name: `${PREFIX}metrics_scrape_errors_total`,
      help: 'Gauges that could not be read at scrape time (database or queue store slow or down)',
      labelNames: ['gauge'] as const,
    }),
);

export const queueDepth = scrapedGauge(
  'queue_jobs',
  'Jobs per queue and state (waiting, active, delayed, failed), on Redis or PostgreSQL',
  ['queue', 'state'] as const,
  async (g, s) => {
    for (const r of await s.queueDepth()) g.set({ queue: r.queue, state: r.state }, r.count);
  },
);

// The two deadline gauges share one grouped query, and the two outbox gauges one query: the
// source answers both collectors of a scrape from the same promise (MetricsCollector.shared).
export const deadlinesOpen = scrapedGauge(
  'deadlines_open',
  'Open deadlines by kind (paused ones excluded)',
  ['kind'] as const,
  async (g, s) => {
    for (const r of await s.deadlines()) g.set({ kind: r.kind }, r.open);
  },
);

export const deadlinesOverdue = scrapedGauge(
  'deadlines_overdue',
  'Open deadlines past their due time, by kind',
  ['kind'] as const,
  async (g, s) => {
    for (const r of await s.deadlines()) g.set({ kind: r.kind }, r.overdue);
  },
);

export const outboxBacklog = scrapedGauge(
  'outbox_backlog',
  'Outbox rows not yet moved to the queues',
  [],
  async (g, s) => g.set((await s.outbox()).backlog),
);

export const outboxOldestAge = scrapedGauge(
  'outbox_oldest_age_seconds',
  'Age of the oldest outbox row not yet moved to the queues (0 when none)',
  [],
  async (g, s) => g.set((await s.outbox()).oldestAgeSeconds),
);

/** prom-client's process metrics (`dutygate_process_*`, `dutygate_nodejs_*`), once per process. */
export function collectProcessMetrics(): void {
  if (!register.getSingleMetric(`${PREFIX}process_cpu_seconds_total`))
    collectDefaultMetrics({ prefix: PREFIX });
}
