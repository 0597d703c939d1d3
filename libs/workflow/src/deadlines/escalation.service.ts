import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import type { Clock } from '@app/domain';
import { AuditRepository, DeadlineRepository, OutboxRepository } from '@app/persistence';
import { jobMessage } from '@app/queue';
import { escalationStepsFired } from '../metrics/metrics';
import { NotifyService } from '../notifications/notify.service';
import { CLOCK } from '../tokens';
import { bucketOf, wakeUp } from './deadline.service';

/** Steps fired per transaction: big enough for set-based speed, small enough to keep locks short. */
const CHUNK = 5000;
/**
 * Transactions firing at once. Each statement is a round trip, so a few streams keep both
 * PostgreSQL and this process busy; SKIP LOCKED keeps them off each other's rows.
 */
const STREAMS = 3;

/**
 * The escalation ladder at run time. `fireDue` fires every step that is due, in chunks; each step
 * row is marked fired in the same statement that selects it, and only while its deadline is open,
 * so a step fires at most once and never after the deadline was met.
 */
@Injectable()
export class EscalationService {
  private readonly log = new Logger(EscalationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineRepository,
    private readonly audit: AuditRepository,
    private readonly outbox: OutboxRepository,
    private readonly notify: NotifyService,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async fireDue(): Promise<number> {
    const counts = await Promise.all(Array.from({ length: STREAMS }, () => this.fireStream()));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async fireStream(): Promise<number> {
    let total = 0;
    for (;;) {
      const fired: { step: string }[] = await this.dataSource.transaction(async (tx) => {
        // Losing the last few of these commits in a database crash is harmless: each is all or
        // nothing (steps, notifications, events, outbox), and unfired steps fire on the next run.
        await tx.query(`SET LOCAL synchronous_commit = off`);
        const now = this.clock.now();
        const supervisors = await this.notify.orgsWithRole(tx, 'supervisor');
        const { steps, deliveryIds } = await this.deadlines.fireDue(tx, now, CHUNK, supervisors);
        if (steps.length === 0) return [];
        await this.outbox.add(
          tx,
          deliveryIds.map((deliveryId) => jobMessage('deliver-webhook', { deliveryId })),
        );
        await this.audit.append(
          tx,
          // Each step of a window is an aggregate of its own with exactly one event: it fires once.
          // A renewed window (say a second dispute's arbitration) plans new times: new aggregates.
          steps.map((s) => ({
            aggregateType: 'escalation' as const,
            aggregateId: `${s.deadlineId}/${s.step}@${new Date(s.fireAt).toISOString()}`,
            action: `escalation.${s.step}`,
            actorId: null,
            actorOrg: null,
            fromState: null,
            toState: null,
            payload: {
              step: s.step,
              kind: s.kind,
              assignmentId: s.assignmentId,
              ...(s.summonsResponseId ? { summonsResponseId: s.summonsResponseId } : {}),
              ...(s.jointActionId ? { jointActionId: s.jointActionId } : {}),
              fireAt: new Date(s.fireAt).toISOString(),
            },
          })),
          { newAggregates: true },
        );
        return steps;
      });
      const byStep = new Map<string, number>();
      for (const { step } of fired) byStep.set(step, (byStep.get(step) ?? 0) + 1);
      for (const [step, n] of byStep) escalationStepsFired.inc({ step }, n);
      total += fired.length;
      if (fired.length < CHUNK) return total;
    }
  }

  /**
   * Re-arms, from PostgreSQL, a wake-up for every second that holds unfired steps due within the
   * horizon (overdue ones included): whatever Redis lost is back within one sweep period.
   */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.config.ESCALATION_HORIZON_MS);
    return this.dataSource.transaction(async (tx) => {
      // Steps already due share one wake-up for this very second: a fresh job id, so a past
      // second's job that failed for good (kept a while for the dashboard) cannot block them.
      const current = bucketOf(now);
      const buckets = [
        ...new Set((await this.deadlines.pendingBuckets(tx, until)).map((b) => Math.max(b, current))),
      ];
      await this.outbox.add(tx, buckets.map(wakeUp));
      if (buckets.length) this.log.debug(`escalation sweep armed ${buckets.length} wake-ups`);
      return buckets.length;
    });
  }
}
