import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AssignmentDetail, TaskDetail } from '@app/contract';
import { DomainError, isUuid, validationError } from '@app/domain';
import {
  AssignmentDetailRepository,
  AssignmentRepository,
  TaskRepository,
  type AssignmentFilter,
  type AssignmentView,
  type Page,
  type Scope,
  type TaskRow,
} from '@app/persistence';
import { scopeOf, type Actor } from '../actor';
import { parseCursor } from '../pagination';

/** Reads of tasks and assignments, each scoped to what the actor's organisation may see. */
@Injectable()
export class TaskQueriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
    private readonly assignments: AssignmentRepository,
    private readonly details: AssignmentDetailRepository,
  ) {}

  async task(actor: Actor, id: string): Promise<TaskDetail> {
    const scope = scopeOf(actor);
    const row = isUuid(id) ? await this.tasks.findTask(this.dataSource.manager, id, scope) : null;
    if (!row) throw new DomainError('NOT_FOUND');
    return this.detail(row, await this.assignments.ofTask(this.dataSource.manager, id, scope), scope);
  }

  async listTasks(
    actor: Actor,
    q: { state?: string; cursor?: string; limit: number },
  ): Promise<Page<Omit<TaskDetail, 'assignments'>>> {
    const scope = scopeOf(actor);
    const page = await this.tasks.listTasks(this.dataSource.manager, scope, {
      ...q,
      cursor: parseCursor(q.cursor),
    });
    return { items: page.items.map((r) => this.summary(r, scope)), nextCursor: page.nextCursor };
  }

  listAssignments(
    actor: Actor,
    q: AssignmentFilter & { cursor?: string; limit: number },
  ): Promise<Page<AssignmentView>> {
    const scope = scopeOf(actor);
    // A filter on another organisation is refused, not silently narrowed to nothing: a street (or
    // a department) learns nothing about others from which filters answer.
    const foreign =
      scope.kind === 'street' && q.streetCode !== undefined && q.streetCode !== scope.orgCode
        ? 'streetCode'
        : scope.kind === 'department' && q.submitterCode !== undefined && q.submitterCode !== scope.orgCode
          ? 'submitterCode'
          : null;
    if (foreign) throw validationError([{ field: foreign, reason: 'outside_scope' }]);
    return this.assignments.list(this.dataSource.manager, scope, {
      ...q,
      cursor: parseCursor(q.cursor),
    });
  }

  /**
   * One assignment with its task's text, deadlines (with escalation steps), extensions and timeline
   * of audit events, in one statement (AssignmentDetailRepository).
   */
  async assignment(actor: Actor, id: string): Promise<AssignmentDetail> {
    const detail = isUuid(id) ? await this.details.find(this.dataSource.manager, id, scopeOf(actor)) : null;
    if (!detail) throw new DomainError('NOT_FOUND');
    return detail;
  }

  private summary(r: TaskRow, scope: Scope): Omit<TaskDetail, 'assignments'> {
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      submitter: { code: r.submitterCode },
      matterCode: r.matterCode,
      actionType: r.actionType,
      enforcementSubject: r.enforcementSubject,
      resources: r.resources,
      temporary: r.temporary,
      urgent: r.urgent,
      demands: r.demands,
      legalBasis: r.legalBasis,
      deadlineWorkingDays: r.deadlineWorkingDays,
      dueAt: r.dueAt,
      listVersion: r.listVersion,
      createdAt: r.createdAt,
      originTaskId: r.originTaskId,
      ...(scope.kind === 'street' ? {} : { splitTaskIds: r.splitTaskIds }),
    };
  }

  private detail(r: TaskRow, assignments: AssignmentView[], scope: Scope): TaskDetail {
    return { ...this.summary(r, scope), assignments };
  }
}
