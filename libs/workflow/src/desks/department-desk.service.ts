import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ASSIGNMENT_TRANSITIONS,
  DomainError,
  isUuid,
  newId,
  type AssignmentCommands,
  type ErrorDetail,
  type TaskResources,
  validationError,
} from '@app/domain';
import {
  AssignmentRepository,
  AuditRepository,
  CaseRepository,
  ListRepository,
  OutboxRepository,
  TaskRepository,
  type AssignmentPatch,
  type LockedAssignment,
  type Tx,
} from '@app/persistence';
import { jobMessage } from '@app/queue';
import type { Actor } from '../actor';
import { CalendarService } from '../calendar/calendar.service';
import { DeadlineService } from '../deadlines/deadline.service';
import { TaskQueriesService } from '../tasks/task-queries.service';
import { normaliseResources } from '../tasks/submit-task';
import { extendedDue } from './extension-due';
import { TransitionRunner, type Effects } from './transition-runner';

/**
 * The department's desk: confirm (and rate) or reopen completed work, withdraw an assignment or
 * a whole task, decide a street's extension request, resubmit a task the reviewer returned. Each
 * runs through the transition runner; what is here is only the side effects.
 */
@Injectable()
export class DepartmentDeskService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: TransitionRunner,
    private readonly tasks: TaskRepository,
    private readonly assignments: AssignmentRepository,
    private readonly lists: ListRepository,
    private readonly cases: CaseRepository,
    private readonly deadlines: DeadlineService,
    private readonly calendars: CalendarService,
    private readonly audit: AuditRepository,
    private readonly outbox: OutboxRepository,
    private readonly queries: TaskQueriesService,
  ) {}

  confirm(actor: Actor, id: string, d: AssignmentCommands['confirm']) {
    return this.runner.run(actor, id, 'confirm', d, async (_tx, a) => ({
      patch: { rating: d.rating, ratingComment: d.comment ?? null },
      payload: { rating: d.rating, comment: d.comment ?? null },
      notify: [this.runner.note(a.streetCode, 'assignment.confirmed', a, { rating: d.rating })],
    }));
  }

  /** Back to work: the completion clock runs again towards the same due date. */
  reopen(actor: Actor, id: string, d: AssignmentCommands['reopen']) {
    return this.runner.run(actor, id, 'reopen', d, async (tx, a, { now }) => {
      await this.deadlines.open(tx, [
        { assignmentId: a.id, kind: 'completion', ownerOrg: a.streetCode, startsAt: now, dueAt: a.dueAt },
      ]);
      return {
        payload: { reason: d.reason },
        notify: [this.runner.note(a.streetCode, 'assignment.reopened', a, { reason: d.reason })],
      };
    });
  }

  withdraw(actor: Actor, id: string, d: AssignmentCommands['withdraw']) {
    return this.runner.run(actor, id, 'withdraw', d, (tx, a, { now }) =>
      this.withdrawn(tx, a, now, d.reason),
    );
  }

  /** Withdraws every open assignment of a task at once (one transaction), each at its current version. */
  async withdrawTask(actor: Actor, taskId: string, reason: string) {
    await this.runner.runOnTask(actor, taskId, 'withdraw', async (tx, _task, open, _all, now) => {
      for (const a of open)
        await this.runner.applyLocked(
          tx,
          actor,
          a,
          'withdraw',
          { version: a.version, reason },
          () => this.withdrawn(tx, a, now, reason),
          now,
        );
      await this.audit.append(tx, [
        {
          aggregateType: 'task',
          aggregateId: taskId,
          action: 'withdrawn',
          actorId: actor.userId,
          actorOrg: actor.orgCode,
          fromState: null,
          toState: 'withdrawn',
          payload: { reason, assignments: open.length },
        },
      ]);
    });
    return this.queries.task(actor, taskId);
  }

  /** Every clock of the assignment stops and its open cases (dispute, extension) go with it. */
  private async withdrawn(tx: Tx, a: LockedAssignment, now: Date, reason: string): Promise<Effects> {
    await this.deadlines.close(
      tx,
      a.id,
      ['signoff', 'review', 'arbitration', 'completion'],
      'cancelled',
      now,
    );
    await this.cases.withdrawOpenCases(tx, a.id);
    return {
      payload: { reason },
      notify: [this.runner.note(a.streetCode, 'assignment.withdrawn', a, { reason })],
    };
  }

  /** Approving moves the completion deadline by the working days asked; the answer is the extension. */
  async decideExtension(actor: Actor, extensionId: string, d: AssignmentCommands['decide_extension']) {
    const ext = isUuid(extensionId)
      ? await this.cases.findExtension(this.dataSource.manager, extensionId)
      : null;
    if (!ext) throw new DomainError('NOT_FOUND');
    await this.runner.runOnly(actor, ext.assignmentId, 'decide_extension', d, async (tx, a) => {
      const decided = await this.cases.decideExtension(tx, ext.id, d.approve, actor.userId);
      if (!decided) throw new DomainError('STATE_CONFLICT');
      const patch: AssignmentPatch = {};
      if (d.approve) {
        // Checked again: the window may have been narrowed since the request.
        patch.dueAt = await extendedDue(this.calendars, a.dueAt, ext.workingDays, 'DATE_OUT_OF_RANGE');
        await this.deadlines.move(tx, a.id, 'completion', patch.dueAt);
      }
      return {
        patch,
        payload: {
          extensionId: ext.id,
          approve: d.approve,
          dueAt: patch.dueAt?.toISOString() ?? null,
          ...(d.comment ? { comment: d.comment } : {}),
        },
        notify: [
          this.runner.note(a.streetCode, d.approve ? 'extension.approved' : 'extension.rejected', a, {
            extensionId: ext.id,
            ...(d.comment ? { comment: d.comment } : {}),
          }),
        ],
      };
    });
    return (await this.cases.findExtension(this.dataSource.manager, ext.id))!;
  }

  /**
   * The department edits a task the reviewer returned and sends it again: every returned
   * assignment goes back to routing in a new round; the list version stays the task's own.
   *
   * The edit must not change what other streets already received (and may have signed for): when
   * the task has any assignment besides the returned ones, the returned assignments move to a new
   * task holding the edited text, linked to the original by `originTaskId`, and the original keeps
   * its text, demands and history. Only when every assignment was returned is the task edited in
   * place. Each moved assignment records the move and the edited fields in its own timeline.
   * Answers the task the returned assignments now belong to.
   */
  async resubmit(actor: Actor, taskId: string, edits: TaskEdits) {
    const target = await this.runner.runOnTask(actor, taskId, 'resubmit', async (tx, task, returned, all) => {
      const changes = taskChanges(edits, task);
      const merged = { ...task, ...changes } as typeof task;
      const bad: ErrorDetail[] = [];
      if (merged.matterCode && !(await this.lists.matterExists(tx, task.listVersionId, merged.matterCode)))
        bad.push({ field: 'matterCode', reason: 'unknown_matter_in_version' });
      // The table's requirements on the edited task, reported with the matter in one 400.
      bad.push(...ASSIGNMENT_TRANSITIONS.rules.resubmit.check(merged));
      if (bad.length) throw validationError(bad);

      const split = returned.length < all.length;
      const targetId = split ? newId() : taskId;
      const actorFields = { actorId: actor.userId, actorOrg: actor.orgCode };
      const edited = Object.keys(changes);
      const movedStreets = returned.map((a) => a.streetCode).sort();
      if (split) {
        await this.tasks.insertTask(tx, {
          id: targetId,
          submitterCode: task.submitterCode,
          createdBy: actor.userId,
          title: merged.title,
          description: merged.description,
          matterCode: merged.matterCode ?? null,
          actionType: merged.actionType,
          enforcementSubject: merged.enforcementSubject ?? null,
          resources: (merged.resources ?? null) as TaskResources | null,
          temporary: merged.temporary,
          deadlineWorkingDays: task.deadlineWorkingDays,
          dueAt: new Date(task.dueAt),
          urgent: task.urgent,
          demands: [...new Set(merged.demands)],
          legalBasis: merged.legalBasis ?? null,
          listVersionId: task.listVersionId,
          originTaskId: taskId,
        });
        await this.assignments.moveToTask(
          tx,
          returned.map((a) => a.id),
          targetId,
        );
        await this.audit.append(
          tx,
          [
            {
              aggregateType: 'task',
              aggregateId: targetId,
              action: 'split_from',
              ...actorFields,
              fromState: null,
              toState: 'submitted',
              payload: { originTaskId: taskId, streets: movedStreets, edits: edited },
            },
          ],
          { newAggregates: true },
        );
      } else await this.tasks.updateTask(tx, taskId, changes);
      await this.audit.append(tx, [
        {
          aggregateType: 'task',
          aggregateId: taskId,
          action: split ? 'split' : 'resubmitted',
          ...actorFields,
          fromState: null,
          toState: 'resubmitted',
          payload: split ? { taskId: targetId, streets: movedStreets, edits: edited } : { edits: edited },
        },
      ]);
      const rounds = new Set<number>();
      for (const a of returned) {
        rounds.add(a.routingRound + 1);
        await this.runner.applyLocked(tx, actor, a, 'resubmit', merged, async () => ({
          patch: { routingRound: a.routingRound + 1, matterCodeOverride: null },
          payload: { edits: edited, ...(split ? { fromTaskId: taskId, taskId: targetId } : {}) },
        }));
      }
      await this.outbox.add(
        tx,
        [...rounds].map((round) => jobMessage('route-task', { taskId: targetId, round })),
      );
      return targetId;
    });
    return this.queries.task(actor, target);
  }
}

/**
 * The columns a resubmission changes. Null or absent: unchanged (null means absent everywhere in
 * the API). The empty value clears: `matterCode: ""` → off-list, `legalBasis: ""` → none,
 * `resources` without any member → none; the enforcement subject goes when the action type is
 * no longer enforcement and the edit names none.
 */
function taskChanges(
  edits: TaskEdits,
  stored: { actionType: string; enforcementSubject: string | null },
): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(
    Object.entries(edits).filter(([, v]) => v !== null && v !== undefined),
  );
  if (out.matterCode === '') out.matterCode = null;
  if (out.legalBasis === '') out.legalBasis = null;
  if ('resources' in out) out.resources = normaliseResources(edits.resources);
  if ('demands' in out) out.demands = [...new Set(edits.demands)].sort();
  const actionType = (out.actionType as string | undefined) ?? stored.actionType;
  if (actionType !== 'enforcement' && stored.enforcementSubject && !('enforcementSubject' in out))
    out.enforcementSubject = null;
  return out;
}

/** Fields a department may change when it resubmits a returned task. */
export interface TaskEdits {
  title?: string;
  description?: string;
  matterCode?: string | null;
  actionType?: string;
  enforcementSubject?: string | null;
  resources?: { funding?: number | null; staff?: number | null; detail?: string | null } | null;
  temporary?: boolean;
  demands?: string[];
  legalBasis?: string | null;
}
