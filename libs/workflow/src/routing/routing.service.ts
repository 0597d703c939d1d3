import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  evaluateRouting,
  stateAfterRouting,
  type ActionType,
  type Clock,
  type EnforcementSubject,
  type ProhibitedDemand,
  type WorkCalendar,
} from '@app/domain';
import { AppConfig } from '@app/config';
import { AuditRepository, TaskRepository } from '@app/persistence';
import { ListCatalog } from '../lists/list-catalog';
import { CALENDAR, CLOCK } from '../tokens';

/**
 * Routing of one task: every assignment still waiting in the given round is decided in one
 * transaction, against the list version the task was submitted under. Running it twice is
 * harmless: the second run finds nothing pending and returns 0.
 */
@Injectable()
export class RoutingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
    private readonly audit: AuditRepository,
    private readonly catalog: ListCatalog,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALENDAR) private readonly calendar: WorkCalendar,
  ) {}

  async routeTask(taskId: string, round: number): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const pending = await this.tasks.lockPendingRouting(tx, taskId, round);
      if (pending.length === 0) return 0;
      const task = (await this.tasks.findTask(tx, taskId, { kind: 'all' }))!;
      const list = await this.catalog.get(tx, task.listVersionId);
      const matter = task.matterCode ? (list.matters.get(task.matterCode) ?? null) : null;
      const d = evaluateRouting(
        list.rules,
        {
          actionType: task.actionType as ActionType,
          enforcementSubject: task.enforcementSubject as EnforcementSubject | null,
          resources: task.resources,
          temporary: task.temporary,
          demands: task.demands as ProhibitedDemand[],
        },
        matter,
      );
      const state = stateAfterRouting(d.outcome);
      const now = this.clock.now();
      const signDueAt =
        state !== 'awaiting_signoff'
          ? null
          : task.urgent
            ? new Date(now.getTime() + this.config.URGENT_SIGN_FOR_MINUTES * 60_000)
            : this.calendar.addWorkingDays(now, this.config.SIGN_FOR_WORKING_DAYS);
      const inputs = { ...d.facts, matterCode: task.matterCode, demands: task.demands };
      await this.tasks.writeDecisions(
        tx,
        pending.map((a) => ({
          assignmentId: a.id,
          round,
          outcome: d.outcome,
          role: d.role,
          ruleId: d.ruleId,
          listVersionId: list.id,
          listVersion: list.version,
          inputs,
          reason: d.reason,
          reasonEn: d.reasonEn,
          strippedDemands: d.strippedDemands,
          newState: state,
          signDueAt,
        })),
      );
      await this.audit.append(
        tx,
        pending.map((a) => ({
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
  }
}
