import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  canTransition,
  DomainError,
  isUuid,
  mayTake,
  planAssignmentTransition,
  type AssignmentAction,
  type AssignmentCommands,
  type AssignmentState,
  type Clock,
} from '@app/domain';
import {
  AssignmentRepository,
  AuditRepository,
  TaskRepository,
  type AssignmentPatch,
  type LockedAssignment,
  type NewNotification,
  type Tx,
} from '@app/persistence';
import { scopeOf, type Actor } from '../actor';
import { NotifyService } from '../notifications/notify.service';
import { TaskQueriesService } from '../tasks/task-queries.service';
import { CLOCK } from '../tokens';

/**
 * What a desk's step does besides the move the transition table decides: the columns it sets
 * beyond the state, the audit event's payload and the notifications. The state is never the
 * step's to choose.
 */
export interface Effects {
  patch?: Omit<AssignmentPatch, 'state'>;
  payload?: Record<string, unknown>;
  notify?: NewNotification[];
}

/** What a step knows: the time of the transaction and where the table sends the assignment. */
export interface StepContext {
  now: Date;
  to: AssignmentState;
}

export type Step = (tx: Tx, a: LockedAssignment, ctx: StepContext) => Promise<Effects>;

/**
 * The one way an assignment changes after routing (DESIGN.md "Assignment states"), shared by the
 * street, department and reviewer desks: lock the row (in the actor's scope, else NOT_FOUND), ask
 * the transition table (FORBIDDEN, STALE_VERSION, STATE_CONFLICT, VALIDATION_FAILED), run the
 * desk's side effects (deadlines, cases, jobs), write the state the table chose, append the audit
 * event and write the notifications — one transaction.
 */
@Injectable()
export class TransitionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assignments: AssignmentRepository,
    private readonly tasks: TaskRepository,
    private readonly audit: AuditRepository,
    private readonly notifyService: NotifyService,
    private readonly queries: TaskQueriesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Runs one transition and answers the assignment as the actor now sees it. */
  async run<A extends AssignmentAction>(
    actor: Actor,
    id: string,
    action: A,
    input: AssignmentCommands[A],
    step: Step,
  ) {
    await this.runOnly(actor, id, action, input, step);
    return this.queries.assignment(actor, id);
  }

  /** Runs one transition; for desks that answer something other than the assignment. */
  async runOnly<A extends AssignmentAction>(
    actor: Actor,
    id: string,
    action: A,
    input: AssignmentCommands[A],
    step: Step,
  ): Promise<void> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    await this.dataSource.transaction(async (tx) => {
      const a = await this.assignments.lock(tx, id, scopeOf(actor));
      if (!a) throw new DomainError('NOT_FOUND');
      await this.applyLocked(tx, actor, a, action, input, step);
    });
  }

  /**
   * A task-wide action (withdraw a task, resubmit it): the task in the actor's scope (else
   * NOT_FOUND), all its assignments locked, the actor checked against the table on the task (its
   * assignments share their submitter), and the assignments the action applies to in their state
   * (none: STATE_CONFLICT). `body` then applies the action to each with `applyLocked`.
   */
  async runOnTask<A extends AssignmentAction, T>(
    actor: Actor,
    taskId: string,
    action: A,
    body: (
      tx: Tx,
      task: NonNullable<Awaited<ReturnType<TaskRepository['findTask']>>>,
      targets: LockedAssignment[],
      all: LockedAssignment[],
      now: Date,
    ) => Promise<T>,
  ): Promise<T> {
    if (!isUuid(taskId)) throw new DomainError('NOT_FOUND');
    return this.dataSource.transaction(async (tx) => {
      const task = await this.tasks.findTask(tx, taskId, scopeOf(actor));
      if (!task) throw new DomainError('NOT_FOUND');
      const all = await this.assignments.lockTask(tx, taskId);
      if (all.length && !mayTake(action, actor, all[0])) throw new DomainError('FORBIDDEN');
      const targets = all.filter((a) => canTransition(action, a.state));
      if (targets.length === 0) throw new DomainError('STATE_CONFLICT');
      return body(tx, task, targets, all, this.clock.now());
    });
  }

  /** Checks and applies one transition to an assignment the caller holds locked in `tx`. */
  async applyLocked<A extends AssignmentAction>(
    tx: Tx,
    actor: Actor,
    a: LockedAssignment,
    action: A,
    input: AssignmentCommands[A],
    step: Step,
    /** One instant for every assignment of a task-wide action. */
    now: Date = this.clock.now(),
  ): Promise<void> {
    const plan = planAssignmentTransition(action, a, actor, input);
    // A transition that writes the row writes its countdown too, once, after the step's deadline
    // changes: the triggers on `deadline` leave this assignment to it meanwhile.
    if (plan.bumpsVersion) await this.assignments.holdCountdown(tx, a.id);
    const effects = await step(tx, a, { now, to: plan.to });
    if (plan.bumpsVersion)
      await this.assignments.update(tx, a.id, {
        ...effects.patch,
        ...(plan.to !== plan.from ? { state: plan.to } : {}),
      });
    await this.audit.append(tx, [
      {
        aggregateType: 'assignment',
        aggregateId: a.id,
        action,
        actorId: actor.userId,
        actorOrg: actor.orgCode,
        fromState: plan.from,
        toState: plan.to,
        payload: effects.payload ?? {},
      },
    ]);
    await this.notifyService.notify(tx, effects.notify ?? []);
  }

  /** A notification about an assignment for an organisation's inbox (and its webhooks). */
  note(
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
