import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  evaluateRouting,
  stateAfterRouting,
  type ActionType,
  type Clock,
  type EnforcementSubject,
  type ProhibitedDemand,
  type RoutingDecision,
} from '@app/domain';
import {
  AssignmentRepository,
  AuditRepository,
  DecisionRepository,
  TaskRepository,
  transaction,
  type DeadlineSpec,
  type NewNotification,
} from '@app/persistence';
import { DeadlineService } from '../deadlines/deadline.service';
import { ListCatalog } from '../lists/list-catalog';
import { NotifyService } from '../notifications/notify.service';
import { routingLatency } from '../metrics/metrics';
import { CLOCK } from '../tokens';

/** Who hears of a routing decision. */
const ROUTED_NOTICE = {
  awaiting_signoff: 'assignment.new',
  in_review: 'review.requested',
  rejected: 'assignment.rejected',
} as const;

/**
 * Routing of one task: every assignment still waiting in the given round is decided in one
 * transaction, against the list version the task was submitted under, and gets the deadline its
 * new state starts (sign-for, or admission review). Running it twice is harmless: the second run
 * finds nothing pending and returns 0.
 */
@Injectable()
export class RoutingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
    private readonly assignments: AssignmentRepository,
    private readonly decisions: DecisionRepository,
    private readonly audit: AuditRepository,
    private readonly catalog: ListCatalog,
    private readonly deadlines: DeadlineService,
    private readonly notify: NotifyService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async routeTask(taskId: string, round: number): Promise<number> {
    let latencySeconds = 0;
    const decided = await transaction(this.dataSource, async (tx) => {
      const pending = await this.assignments.lockPendingRouting(tx, taskId, round);
      if (pending.length === 0) return 0;
      const task = (await this.tasks.findTask(tx, taskId, { kind: 'all' }))!;
      const list = await this.catalog.get(tx, task.listVersionId);
      const input = {
        actionType: task.actionType as ActionType,
        enforcementSubject: task.enforcementSubject as EnforcementSubject | null,
        resources: task.resources,
        temporary: task.temporary,
        demands: task.demands as ProhibitedDemand[],
      };
      // A reviewer may have picked a matter for one assignment; the rest use the task's own.
      const byMatter = new Map<string | null, RoutingDecision>();
      const decide = (code: string | null) => {
        if (!byMatter.has(code))
          byMatter.set(
            code,
            evaluateRouting(list.rules, input, code ? (list.matters.get(code) ?? null) : null),
          );
        return byMatter.get(code)!;
      };

      const now = this.clock.now();
      latencySeconds = Math.max(0, (now.getTime() - Date.parse(task.createdAt)) / 1000);
      const signDue = await this.deadlines.dueFor('signoff', now, task.urgent);
      const reviewDue = await this.deadlines.dueFor('review', now);
      const reviewer = await this.notify.reviewerOrg(tx);
      const routed = pending.map((a) => {
        const matterCode = a.matterCodeOverride ?? task.matterCode;
        const d = decide(matterCode);
        const state = stateAfterRouting(d.outcome);
        // The clock the new state starts: the street's sign-for, or the reviewers' admission review.
        const opens: Omit<DeadlineSpec, 'assignmentId'> | null =
          state === 'awaiting_signoff'
            ? { kind: 'signoff', ownerOrg: a.streetCode, startsAt: now, dueAt: signDue }
            : state === 'in_review'
              ? { kind: 'review', ownerOrg: reviewer, startsAt: now, dueAt: reviewDue }
              : null;
        return { a, d, matterCode, state, opens };
      });

      await this.decisions.record(
        tx,
        routed.map(({ a, d, matterCode }) => ({
          assignmentId: a.id,
          round,
          outcome: d.outcome,
          role: d.role,
          ruleId: d.ruleId,
          listVersionId: list.id,
          listVersion: list.version,
          inputs: { ...d.facts, matterCode, demands: task.demands },
          reason: d.reason,
          reasonEn: d.reasonEn,
          strippedDemands: d.strippedDemands,
        })),
      );
      await this.assignments.applyRouting(
        tx,
        routed.map(({ a, d, state, opens }) => ({
          assignmentId: a.id,
          state,
          role: d.role,
          signDueAt: state === 'awaiting_signoff' ? signDue : null,
          opens,
        })),
      );
      const deadlines: DeadlineSpec[] = routed.flatMap(({ a, opens }) =>
        opens ? [{ assignmentId: a.id, ...opens }] : [],
      );
      const notes: NewNotification[] = [];
      for (const { a, d, state, opens } of routed) {
        if (state in ROUTED_NOTICE)
          notes.push({
            // Whose clock the decision starts (the street, the reviewers), else the submitting department.
            orgCode: opens?.ownerOrg ?? task.submitterCode,
            kind: ROUTED_NOTICE[state as keyof typeof ROUTED_NOTICE],
            assignmentId: a.id,
            payload: {
              taskId,
              streetCode: a.streetCode,
              outcome: d.outcome,
              ruleId: d.ruleId,
              title: task.title,
            },
          });
      }
      await this.deadlines.open(tx, deadlines);
      await this.notify.notify(tx, notes);
      await this.audit.append(
        tx,
        routed.map(({ a, d, state }) => ({
          aggregateType: 'assignment' as const,
          aggregateId: a.id,
          action: 'routed',
          actorId: null,
          actorOrg: null,
          fromState: 'pending_routing',
          toState: state,
          payload: { outcome: d.outcome, role: d.role, ruleId: d.ruleId, listVersion: list.version, round },
        })),
      );
      return pending.length;
    });
    // Observed once the decisions are committed: one observation per decided assignment.
    for (let i = 0; i < decided; i++) routingLatency.observe(latencySeconds);
    return decided;
  }
}
