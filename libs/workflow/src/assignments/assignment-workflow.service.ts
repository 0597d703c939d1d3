import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  assertTransition,
  canTransition,
  DomainError,
  instantInWindow,
  isUuid,
  validationError,
  type AssignmentAction,
  type AssignmentRole,
  type AssignmentState,
  type Clock,
  type DisputeReason,
  type TaskResources,
} from '@app/domain';
import {
  AssignmentRepository,
  AuditRepository,
  CaseRepository,
  DecisionRepository,
  ListRepository,
  OutboxRepository,
  TaskRepository,
  type AssignmentPatch,
  type LockedAssignment,
  type NewNotification,
  type Tx,
} from '@app/persistence';
import { jobMessage } from '@app/queue';
import { scopeOf, type Actor } from '../actor';
import { CalendarService } from '../calendar/calendar.service';
import { DeadlineService } from '../deadlines/deadline.service';
import { NotifyService } from '../notifications/notify.service';
import { TaskQueriesService } from '../tasks/task-queries.service';
import { normaliseResources } from '../tasks/submit-task';
import { CLOCK } from '../tokens';

/** What a transition changes besides the audit event it always appends. */
interface Step {
  patch?: AssignmentPatch;
  payload?: Record<string, unknown>;
  notify?: NewNotification[];
  /** Transitions that record an event but change nothing (a progress note) leave the version alone. */
  keepVersion?: boolean;
}

const OUTCOME_OF_ROLE: Record<AssignmentRole, 'admit' | 'support_only' | 'joint_enforcement'> = {
  lead: 'admit',
  support: 'support_only',
  joint: 'joint_enforcement',
};

/**
 * Every transition of an assignment after routing (DESIGN.md "Assignment states"): one
 * transaction that locks the assignment, checks its state and version, changes it, moves its
 * deadlines, appends an audit event and writes notifications and follow-up jobs.
 */
@Injectable()
export class AssignmentWorkflowService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assignments: AssignmentRepository,
    private readonly tasks: TaskRepository,
    private readonly decisions: DecisionRepository,
    private readonly lists: ListRepository,
    private readonly cases: CaseRepository,
    private readonly deadlines: DeadlineService,
    private readonly calendars: CalendarService,
    private readonly audit: AuditRepository,
    private readonly outbox: OutboxRepository,
    private readonly notifyService: NotifyService,
    private readonly queries: TaskQueriesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  sign(actor: Actor, id: string, version: number) {
    return this.transition(actor, id, 'sign', version, async (tx, a, now) => {
      await this.deadlines.close(tx, a.id, ['signoff'], 'met', now);
      await this.deadlines.open(tx, [
        { assignmentId: a.id, kind: 'completion', ownerOrg: a.streetCode, startsAt: now, dueAt: a.dueAt },
      ]);
      return {
        patch: { state: 'in_progress' },
        notify: [this.note(a.submitterCode, 'assignment.signed', a)],
      };
    });
  }

  dispute(
    actor: Actor,
    id: string,
    d: { version: number; reasonCode: DisputeReason; citedMatterCode?: string; reason: string },
  ) {
    return this.transition(actor, id, 'dispute', d.version, async (tx, a, now) => {
      if (d.citedMatterCode && !(await this.lists.matterExists(tx, a.listVersionId, d.citedMatterCode)))
        throw validationError([{ field: 'citedMatterCode', reason: 'unknown_matter_in_version' }]);
      const reviewer = await this.notifyService.reviewerOrg(tx);
      const dispute = await this.cases.openDispute(tx, {
        assignmentId: a.id,
        streetCode: a.streetCode,
        departmentCode: a.submitterCode,
        reasonCode: d.reasonCode,
        citedMatterCode: d.citedMatterCode ?? null,
        reason: d.reason,
      });
      // The sign-for clock stops while the reviewer arbitrates, keeping the time that was left.
      await this.deadlines.pause(tx, a.id, 'signoff', now);
      const due = await this.deadlines.dueFor('arbitration', now);
      await this.deadlines.open(tx, [
        { assignmentId: a.id, kind: 'arbitration', ownerOrg: reviewer, startsAt: now, dueAt: due },
      ]);
      return {
        patch: { state: 'disputed' },
        payload: {
          disputeId: dispute.id,
          reasonCode: d.reasonCode,
          citedMatterCode: d.citedMatterCode ?? null,
          reason: d.reason,
        },
        notify: [
          this.note(reviewer, 'dispute.opened', a, { disputeId: dispute.id }),
          this.note(a.submitterCode, 'dispute.opened', a, { disputeId: dispute.id }),
        ],
      };
    });
  }

  progress(actor: Actor, id: string, note: string) {
    return this.transition(actor, id, 'progress', undefined, async (_tx, a) => ({
      keepVersion: true,
      payload: { note },
      notify: [this.note(a.submitterCode, 'assignment.progress', a, { note })],
    }));
  }

  complete(actor: Actor, id: string, version: number, result: string) {
    return this.transition(actor, id, 'complete', version, async (tx, a, now) => {
      await this.deadlines.close(tx, a.id, ['completion'], 'met', now);
      return {
        patch: { state: 'completed', result },
        payload: { result },
        notify: [this.note(a.submitterCode, 'assignment.completed', a)],
      };
    });
  }

  confirm(actor: Actor, id: string, version: number, rating: number, comment?: string) {
    return this.transition(actor, id, 'confirm', version, async (_tx, a) => ({
      patch: { state: 'closed', rating, ratingComment: comment ?? null },
      payload: { rating, comment: comment ?? null },
      notify: [this.note(a.streetCode, 'assignment.confirmed', a, { rating })],
    }));
  }

  reopen(actor: Actor, id: string, version: number, reason: string) {
    return this.transition(actor, id, 'reopen', version, async (tx, a, now) => {
      await this.deadlines.open(tx, [
        { assignmentId: a.id, kind: 'completion', ownerOrg: a.streetCode, startsAt: now, dueAt: a.dueAt },
      ]);
      return {
        patch: { state: 'in_progress' },
        payload: { reason },
        notify: [this.note(a.streetCode, 'assignment.reopened', a, { reason })],
      };
    });
  }

  withdraw(actor: Actor, id: string, version: number, reason: string) {
    return this.transition(actor, id, 'withdraw', version, (tx, a, now) =>
      this.withdrawStep(tx, a, now, reason),
    );
  }

  /** Withdraws every open assignment of a task at once (one transaction). */
  async withdrawTask(actor: Actor, taskId: string, reason: string) {
    if (!isUuid(taskId)) throw new DomainError('NOT_FOUND');
    await this.dataSource.transaction(async (tx) => {
      const task = await this.tasks.findTask(tx, taskId, scopeOf(actor));
      if (!task) throw new DomainError('NOT_FOUND');
      const all = await this.assignments.lockTask(tx, taskId);
      const open = all.filter((a) => canTransition('withdraw', a.state));
      if (open.length === 0) throw new DomainError('STATE_CONFLICT');
      const now = this.clock.now();
      for (const a of open)
        await this.apply(tx, actor, a, 'withdraw', await this.withdrawStep(tx, a, now, reason));
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

  private async withdrawStep(tx: Tx, a: LockedAssignment, now: Date, reason: string): Promise<Step> {
    await this.deadlines.close(
      tx,
      a.id,
      ['signoff', 'review', 'arbitration', 'completion'],
      'cancelled',
      now,
    );
    await this.cases.withdrawOpenCases(tx, a.id);
    return {
      patch: { state: 'withdrawn' },
      payload: { reason },
      notify: [this.note(a.streetCode, 'assignment.withdrawn', a, { reason })],
    };
  }

  requestExtension(actor: Actor, id: string, workingDays: number, reason: string) {
    return this.transition(actor, id, 'request_extension', undefined, async (tx, a) => {
      await this.extendedDue(a.dueAt, workingDays, 'VALIDATION_FAILED');
      const ext = await this.cases.requestExtension(tx, a.id, workingDays, reason);
      return {
        keepVersion: true,
        payload: { extensionId: ext.id, workingDays, reason },
        notify: [this.note(a.submitterCode, 'extension.requested', a, { extensionId: ext.id, workingDays })],
      };
    });
  }

  async decideExtension(actor: Actor, extensionId: string, approve: boolean) {
    const ext = isUuid(extensionId)
      ? await this.cases.findExtension(this.dataSource.manager, extensionId)
      : null;
    if (!ext) throw new DomainError('NOT_FOUND');
    await this.transition(actor, ext.assignmentId, 'decide_extension', undefined, async (tx, a) => {
      const decided = await this.cases.decideExtension(tx, ext.id, approve, actor.userId);
      if (!decided) throw new DomainError('STATE_CONFLICT');
      const patch: AssignmentPatch = {};
      if (approve) {
        // Checked again: the window may have been narrowed since the request.
        patch.dueAt = await this.extendedDue(a.dueAt, ext.workingDays, 'DATE_OUT_OF_RANGE');
        await this.deadlines.move(tx, a.id, 'completion', patch.dueAt);
      }
      return {
        patch,
        payload: { extensionId: ext.id, approve, dueAt: patch.dueAt?.toISOString() ?? null },
        notify: [
          this.note(a.streetCode, approve ? 'extension.approved' : 'extension.rejected', a, {
            extensionId: ext.id,
          }),
        ],
      };
    });
    return (await this.cases.findExtension(this.dataSource.manager, ext.id))!;
  }

  /**
   * The completion due date an extension leads to. It must stay within DATE_MAX like any date the
   * API accepts: otherwise extension after extension would creep towards the calendar's end.
   */
  private async extendedDue(
    dueAt: Date,
    workingDays: number,
    code: 'VALIDATION_FAILED' | 'DATE_OUT_OF_RANGE',
  ): Promise<Date> {
    const due = (await this.calendars.current()).addWorkingDays(dueAt, workingDays);
    const window = this.calendars.window;
    if (!instantInWindow(due, window))
      throw new DomainError(code, [
        { field: 'workingDays', reason: 'due_beyond_window', params: { ...window } },
      ]);
    return due;
  }

  /** The reviewer's admission review of an off-list assignment. */
  review(
    actor: Actor,
    id: string,
    d: { decision: 'admit' | 'refuse' | 'return'; role?: AssignmentRole; matterCode?: string; note: string },
  ) {
    return this.transition(actor, id, 'review', undefined, async (tx, a, now) => {
      await this.deadlines.close(tx, a.id, ['review'], 'met', now);
      const payload = {
        decision: d.decision,
        role: d.role ?? null,
        matterCode: d.matterCode ?? null,
        note: d.note,
      };
      if (d.decision === 'refuse')
        return {
          patch: { state: 'rejected', role: null },
          payload,
          notify: [this.note(a.submitterCode, 'review.refused', a, { note: d.note })],
        };
      if (d.decision === 'return')
        return {
          patch: { state: 'returned' },
          payload,
          notify: [this.note(a.submitterCode, 'review.returned', a, { note: d.note })],
        };
      const round = a.routingRound + 1;
      if (d.matterCode) {
        if (!(await this.lists.matterExists(tx, a.listVersionId, d.matterCode)))
          throw validationError([{ field: 'matterCode', reason: 'unknown_matter_in_version' }]);
        // Re-routed with the matter the reviewer picked: the rule table decides the role.
        await this.outbox.add(tx, [jobMessage('route-task', { taskId: a.taskId, round })]);
        return {
          patch: { state: 'pending_routing', routingRound: round, matterCodeOverride: d.matterCode },
          payload,
        };
      }
      if (!d.role) throw validationError([{ field: 'role', reason: 'role_required_to_admit' }]);
      const signDue = await this.deadlines.dueFor('signoff', now, a.urgent);
      await this.decisions.writeReviewDecision(tx, {
        assignmentId: a.id,
        round,
        outcome: OUTCOME_OF_ROLE[d.role],
        role: d.role,
        listVersionId: a.listVersionId,
        reason: `编办准入审查决定准入(${d.role === 'lead' ? '街道牵头' : d.role === 'support' ? '街道配合' : '联合执法'}):${d.note}`,
        reasonEn: `Admitted in review by the organisation office (role ${d.role}): ${d.note}`,
      });
      await this.deadlines.open(tx, [
        { assignmentId: a.id, kind: 'signoff', ownerOrg: a.streetCode, startsAt: now, dueAt: signDue },
      ]);
      return {
        patch: { state: 'awaiting_signoff', role: d.role, routingRound: round, signDueAt: signDue },
        payload,
        notify: [
          this.note(a.streetCode, 'assignment.new', a, { role: d.role }),
          this.note(a.submitterCode, 'review.admitted', a, { role: d.role }),
        ],
      };
    });
  }

  /** The reviewer's ruling on a dispute. */
  async arbitrate(actor: Actor, disputeId: string, upheld: 'street' | 'department', note: string) {
    const dispute = isUuid(disputeId)
      ? await this.cases.findDispute(this.dataSource.manager, disputeId)
      : null;
    if (!dispute) throw new DomainError('NOT_FOUND');
    await this.transition(actor, dispute.assignmentId, 'arbitrate', undefined, async (tx, a, now) => {
      if (!(await this.cases.decideDispute(tx, dispute.id, upheld, note, actor.userId)))
        throw new DomainError('STATE_CONFLICT');
      await this.deadlines.close(tx, a.id, ['arbitration'], 'met', now);
      const payload = { disputeId: dispute.id, upheld, note };
      const notify = [
        this.note(a.streetCode, 'dispute.decided', a, payload),
        this.note(a.submitterCode, 'dispute.decided', a, payload),
      ];
      if (upheld === 'street') {
        await this.deadlines.close(tx, a.id, ['signoff'], 'cancelled', now);
        return { patch: { state: 'rejected', role: null, signDueAt: null }, payload, notify };
      }
      const resumed = await this.deadlines.resume(tx, a.id, 'signoff', now);
      return {
        patch: { state: 'awaiting_signoff', signDueAt: resumed ? new Date(resumed.dueAt) : a.signDueAt },
        payload,
        notify,
      };
    });
    return (await this.cases.findDispute(this.dataSource.manager, dispute.id))!;
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
    if (!isUuid(taskId)) throw new DomainError('NOT_FOUND');
    const target = await this.dataSource.transaction(async (tx) => {
      const task = await this.tasks.findTask(tx, taskId, scopeOf(actor));
      if (!task) throw new DomainError('NOT_FOUND');
      const all = await this.assignments.lockTask(tx, taskId);
      const returned = all.filter((a) => a.state === 'returned');
      if (returned.length === 0) throw new DomainError('STATE_CONFLICT');
      const changes = taskChanges(edits, task);
      const merged = { ...task, ...changes } as typeof task;
      const bad = [];
      if (merged.matterCode && !(await this.lists.matterExists(tx, task.listVersionId, merged.matterCode)))
        bad.push({ field: 'matterCode', reason: 'unknown_matter_in_version' });
      if ((merged.actionType === 'enforcement') !== !!merged.enforcementSubject)
        bad.push({
          field: 'enforcementSubject',
          reason:
            merged.actionType === 'enforcement'
              ? 'enforcement_subject_required'
              : 'enforcement_subject_forbidden',
        });
      if (bad.length) throw validationError(bad);

      const split = returned.length < all.length;
      const targetId = split ? randomUUID() : taskId;
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
        await this.apply(tx, actor, a, 'resubmit', {
          patch: { state: 'pending_routing', routingRound: a.routingRound + 1, matterCodeOverride: null },
          payload: { edits: edited, ...(split ? { fromTaskId: taskId, taskId: targetId } : {}) },
        });
      }
      await this.outbox.add(
        tx,
        [...rounds].map((round) => jobMessage('route-task', { taskId: targetId, round })),
      );
      return targetId;
    });
    return this.queries.task(actor, target);
  }

  private async transition(
    actor: Actor,
    id: string,
    action: AssignmentAction,
    version: number | undefined,
    step: (tx: Tx, a: LockedAssignment, now: Date) => Promise<Step>,
  ) {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    await this.dataSource.transaction(async (tx) => {
      const a = await this.assignments.lock(tx, id, scopeOf(actor));
      if (!a) throw new DomainError('NOT_FOUND');
      assertTransition(action, a, version);
      await this.apply(tx, actor, a, action, await step(tx, a, this.clock.now()));
    });
    return this.queries.assignment(actor, id);
  }

  private async apply(
    tx: Tx,
    actor: Actor,
    a: LockedAssignment,
    action: AssignmentAction,
    s: Step,
  ): Promise<void> {
    if (!s.keepVersion) await this.assignments.update(tx, a.id, s.patch ?? {});
    const to: AssignmentState = s.patch?.state ?? a.state;
    await this.audit.append(tx, [
      {
        aggregateType: 'assignment',
        aggregateId: a.id,
        action,
        actorId: actor.userId,
        actorOrg: actor.orgCode,
        fromState: a.state,
        toState: to,
        payload: s.payload ?? {},
      },
    ]);
    await this.notifyService.notify(tx, s.notify ?? []);
  }

  private note(
    orgCode: string,
    kind: string,
    a: LockedAssignment,
    extra: Record<string, unknown> = {},
  ): NewNotification {
    return {
      orgCode,
      kind,
      assignmentId: a.id,
      payload: { taskId: a.taskId, streetCode: a.streetCode, ...extra },
    };
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
