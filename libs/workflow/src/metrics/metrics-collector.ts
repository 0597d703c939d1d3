import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DEADLINE_KINDS, type Clock } from '@app/domain';
import { QUEUES } from '@app/queue';
import { CLOCK } from '../tokens';
import { addScrapeSource, type ScrapeSource } from './metrics';

/** The queue states reported; completed jobs are removed (removeOnComplete), so they are not counted. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Reads the gauges' values at scrape time: queue depth from the queue store (Redis or BullMQ's
 * PostgreSQL backend alike, through getJobCounts), deadlines and the outbox from PostgreSQL in
 * one grouped query each, on partial indexes of open deadlines and undispatched rows.
 */
@Injectable()
export class MetricsCollector implements ScrapeSource, OnModuleInit, OnModuleDestroy {
  private readonly queues: Queue[];
  private remove?: () => void;
  /**
   * Gauges of one scrape ask twice (open and overdue, backlog and age): prom-client starts every
   * collector of a scrape in the same tick, so sharing the read while it is in flight gives both
   * the same answer; the next scrape reads afresh (a time window would hand it a stale value).
   */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectQueue(QUEUES.routing) routing: Queue,
    @InjectQueue(QUEUES.deadlines) deadlines: Queue,
    @InjectQueue(QUEUES.notifications) notifications: Queue,
  ) {
    this.queues = [routing, deadlines, notifications];
  }

  onModuleInit(): void {
    this.remove = addScrapeSource(this);
  }

  onModuleDestroy(): void {
    this.remove?.();
  }

  private shared<T>(key: string, read: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const value = read();
    this.inFlight.set(key, value);
    const clear = () => this.inFlight.delete(key);
    value.then(clear, clear);
    return value;
  }

  async queueDepth(): Promise<{ queue: string; state: string; count: number }[]> {
    const counts = await Promise.all(this.queues.map((q) => q.getJobCounts(...QUEUE_STATES)));
    return this.queues.flatMap((q, i) =>
      QUEUE_STATES.map((state) => ({ queue: q.name, state, count: counts[i][state] ?? 0 })),
    );
  }

  deadlines(): Promise<{ kind: string; open: number; overdue: number }[]> {
    return this.shared('deadlines', async () => {
      const rows: { kind: string; open: number; overdue: number }[] = await this.dataSource.query(
        `SELECT kind, count(*)::int AS open, count(*) FILTER (WHERE due_at <= $1)::int AS overdue
           FROM deadline WHERE state = 'open' GROUP BY kind`,
        [this.clock.now()],
      );
      // Every known kind appears, at 0 when none is open, so a dashboard's line drops to 0.
      const byKind = new Map<string, { kind: string; open: number; overdue: number }>(
        DEADLINE_KINDS.map((kind) => [kind, { kind, open: 0, overdue: 0 }]),
      );
      for (const r of rows) byKind.set(r.kind, r);
      return [...byKind.values()];
    });
  }

  outbox(): Promise<{ backlog: number; oldestAgeSeconds: number }> {
    return this.shared('outbox', async () => {
      const [row]: { backlog: number; oldest: Date | null }[] = await this.dataSource.query(
        `SELECT count(*)::int AS backlog, min(created_at) AS oldest FROM outbox WHERE dispatched_at IS NULL`,
      );
      const age = row.oldest ? (this.clock.now().getTime() - new Date(row.oldest).getTime()) / 1000 : 0;
      return { backlog: row.backlog, oldestAgeSeconds: Math.max(0, age) };
    });
  }
}
