import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  JointActionBody,
  JointActionListParams,
  JointActionPage,
  JointActionView,
  JointConfirmBody,
  JointOutcomeBody,
} from '@app/contract';
import {
  checkConfirm,
  checkOutcome,
  checkSchedule,
  DomainError,
  isUuid,
  newId,
  type Clock,
  validationError,
} from '@app/domain';
import {
  AssignmentRepository,
  AuditRepository,
  JointActionRepository,
  pageOf,
  transaction,
  type LockedJointAction,
  type Tx,
} from '@app/persistence';
import { actorEvent, scopeOf, type Actor } from '../actor';
import { DeadlineService } from '../deadlines/deadline.service';
import { NotifyService } from '../notifications/notify.service';
import { parseCursor } from '../pagination';
import { CLOCK } from '../tokens';

/**
 * Joint actions (联合执法, DESIGN.md "Coordination"): on an assignment decided `joint`, the lead
 * department (the task's submitter) schedules an action, the street confirms it or asks to
 * reschedule within 1 working day, and the lead records the outcome within 5 working days after
 * the action. Each change is one transaction with its deadlines, audit event and notifications.
 */
@Injectable()
export class JointActionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly actions: JointActionRepository,
    private readonly assignments: AssignmentRepository,
    private readonly deadlines: DeadlineService,
    private readonly audit: AuditRepository,
    private readonly notifyService: NotifyService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The lead department schedules an action on one of its `joint` assignments (another department's: 404). */
  async schedule(actor: Actor, assignmentId: string, body: JointActionBody): Promise<JointActionView> {
    if (!isUuid(assignmentId)) throw new DomainError('NOT_FOUND');
    const now = this.clock.now();
    const scheduledAt = new Date(body.scheduledAt);
    if (scheduledAt.getTime() <= now.getTime())
      throw validationError([{ field: 'scheduledAt', reason: 'scheduled_in_past' }]);
    const id = newId();
    await transaction(this.dataSource, async (tx) => {
      // The assignment row is locked: its role and state cannot change under the schedule.
      const a = await this.assignments.lock(tx, assignmentId, scopeOf(actor));
      if (!a) throw new DomainError('NOT_FOUND');
      checkSchedule(a.role, a.state);
      await this.actions.insert(tx, {
        id,
        assignmentId: a.id,
        leadDepartmentCode: a.submitterCode,
        streetCode: a.streetCode,
        scheduledAt,
        place: body.place,
        plan: body.plan,
        createdBy: actor.userId,
      });
      await this.deadlines.openForSubjects(tx, [
        {
          jointActionId: id,
          kind: 'joint_confirm',
          ownerOrg: a.streetCode,
          startsAt: now,
          dueAt: await this.deadlines.dueFor('joint_confirm', now),
        },
        {
          jointActionId: id,
          kind: 'joint_outcome',
          ownerOrg: a.submitterCode,
          // the outcome window runs from the action itself
          startsAt: scheduledAt,
          dueAt: await this.deadlines.dueFor('joint_outcome', scheduledAt),
        },
      ]);
      await this.event(
        tx,
        actor,
        id,
        'joint_action.schedule',
        null,
        'scheduled',
        {
          assignmentId: a.id,
          scheduledAt: scheduledAt.toISOString(),
          place: body.place,
          plan: body.plan,
        },
        true,
      );
      await this.notifyService.notify(tx, [
        {
          orgCode: a.streetCode,
          kind: 'joint_action.scheduled',
          assignmentId: a.id,
          payload: {
            jointActionId: id,
            taskId: a.taskId,
            scheduledAt: scheduledAt.toISOString(),
            place: body.place,
          },
        },
      ]);
    });
    return (await this.actions.find(this.dataSource.manager, id, scopeOf(actor)))!;
  }

  /** The street attends, or asks to reschedule with its reason (the lead then schedules anew). */
  async confirm(actor: Actor, id: string, body: JointConfirmBody): Promise<JointActionView> {
    if (!body.attending && !body.reason)
      throw validationError([{ field: 'reason', reason: 'reason_required_to_reschedule' }]);
    await this.locked(actor, id, async (tx, j, now) => {
      checkConfirm(j.state);
      await this.actions.confirm(tx, j.id, {
        attending: body.attending,
        reason: body.attending ? null : body.reason!,
        by: actor.userId,
        at: now,
      });
      await this.deadlines.closeForSubjects(tx, 'joint_action_id', [j.id], ['joint_confirm'], 'met', now);
      // An action the street asked to move will not take place: no outcome is owed for it.
      if (!body.attending)
        await this.deadlines.closeForSubjects(
          tx,
          'joint_action_id',
          [j.id],
          ['joint_outcome'],
          'cancelled',
          now,
        );
      const to = body.attending ? 'confirmed' : 'reschedule_requested';
      await this.event(
        tx,
        actor,
        j.id,
        body.attending ? 'joint_action.confirm' : 'joint_action.reschedule',
        j.state,
        to,
        {
          attending: body.attending,
          reason: body.reason ?? null,
        },
      );
      await this.notifyService.notify(tx, [
        {
          orgCode: j.leadDepartmentCode,
          kind: body.attending ? 'joint_action.confirmed' : 'joint_action.reschedule_requested',
          assignmentId: j.assignmentId,
          payload: {
            jointActionId: j.id,
            taskId: j.taskId,
            streetCode: j.streetCode,
            reason: body.reason ?? null,
          },
        },
      ]);
    });
    return this.get(actor, id);
  }

  /** The lead records what the action achieved, after its scheduled time. */
  async outcome(actor: Actor, id: string, body: JointOutcomeBody): Promise<JointActionView> {
    await this.locked(actor, id, async (tx, j, now) => {
      checkOutcome(j.state, new Date(j.scheduledAt), now);
      await this.actions.recordOutcome(tx, j.id, { ...body, by: actor.userId, at: now });
      await this.deadlines.closeForSubjects(tx, 'joint_action_id', [j.id], ['joint_outcome'], 'met', now);
      // The action took place: a confirmation the street never gave is no longer awaited.
      await this.deadlines.closeForSubjects(
        tx,
        'joint_action_id',
        [j.id],
        ['joint_confirm'],
        'cancelled',
        now,
      );
      await this.event(tx, actor, j.id, 'joint_action.outcome', j.state, 'completed', {
        casesOpened: body.casesOpened,
        measures: body.measures,
        note: body.note,
      });
      await this.notifyService.notify(tx, [
        {
          orgCode: j.streetCode,
          kind: 'joint_action.completed',
          assignmentId: j.assignmentId,
          payload: { jointActionId: j.id, taskId: j.taskId, casesOpened: body.casesOpened },
        },
      ]);
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, q: JointActionListParams & { limit: number }): Promise<JointActionPage> {
    const rows = await this.actions.list(this.dataSource.manager, scopeOf(actor), {
      state: q.state,
      assignmentId: q.assignmentId,
      cursor: parseCursor(q.cursor),
      limit: q.limit,
    });
    return pageOf(rows, q.limit);
  }

  async get(actor: Actor, id: string): Promise<JointActionView> {
    const view = isUuid(id) ? await this.actions.find(this.dataSource.manager, id, scopeOf(actor)) : null;
    if (!view) throw new DomainError('NOT_FOUND');
    return view;
  }

  /** Runs a change on an action the actor may see, locked (else 404), and checks the actor's side. */
  private async locked(
    actor: Actor,
    id: string,
    work: (tx: Tx, j: LockedJointAction, now: Date) => Promise<void>,
  ): Promise<void> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    await transaction(this.dataSource, async (tx) => {
      const j = await this.actions.lock(tx, id, scopeOf(actor));
      if (!j) throw new DomainError('NOT_FOUND');
      await work(tx, j, this.clock.now());
    });
  }

  private event(
    tx: Tx,
    actor: Actor,
    id: string,
    action: string,
    fromState: string | null,
    toState: string | null,
    payload: Record<string, unknown>,
    isNew = false,
  ): Promise<void> {
    return this.audit.append(
      tx,
      [actorEvent(actor, 'joint_action', id, action, fromState, toState, payload)],
      { newAggregates: isNew },
    );
  }
}
