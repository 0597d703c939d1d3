import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditVerification } from '@app/contract';
import { DomainError, isUuid } from '@app/domain';
import {
  AssignmentRepository,
  AuditRepository,
  ListRepository,
  TaskRepository,
  ToleranceRepository,
} from '@app/persistence';
import { scopeOf, type Actor } from '../actor';
import { seesDrafts } from '../lists/lists.service';

/** The aggregates whose events can be read: `/api/audit/{aggregate}/{id}`. */
export const AUDIT_AGGREGATES = ['task', 'assignment', 'list', 'user', 'tolerance_claim', 'webhook'] as const;

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
    private readonly tasks: TaskRepository,
    private readonly assignments: AssignmentRepository,
    private readonly lists: ListRepository,
    private readonly tolerance: ToleranceRepository,
  ) {}

  /**
   * The events of one aggregate, if the actor may see the aggregate itself. A task's own events
   * count its streets and name the assignments a withdrawal or resubmission touched, so a street
   * reads its assignment's timeline instead, never the task's; a draft list's events are the
   * reviewer's alone, like the draft.
   */
  async events(actor: Actor, aggregate: string, id: string) {
    if (!(AUDIT_AGGREGATES as readonly string[]).includes(aggregate)) throw new DomainError('NOT_FOUND');
    const scope = scopeOf(actor);
    const tx = this.dataSource.manager;
    const uuid = isUuid(id);
    const visible =
      uuid &&
      // A user's history (who changed its role, when it was deactivated) and a webhook's (where
      // an organisation's notifications were sent, and by whose choice) are the admin's business only.
      (aggregate === 'user' || aggregate === 'webhook'
        ? actor.roles.includes('admin')
        : aggregate === 'list'
          ? scope.kind === 'all' &&
            (seesDrafts(actor) || (await this.lists.findVersion(tx, id))?.status === 'published')
          : scope.kind === 'all' ||
            (aggregate === 'task' &&
              scope.kind === 'department' &&
              !!(await this.tasks.findTask(tx, id, scope))) ||
            (aggregate === 'assignment' && !!(await this.assignments.find(tx, id, scope))) ||
            // A tolerance claim's events are its organisation's and the supervisors'.
            (aggregate === 'tolerance_claim' && !!(await this.tolerance.claim(tx, id, scope))));
    if (!visible) throw new DomainError('NOT_FOUND');
    const events = await this.audit.list(tx, aggregate, id);
    if (events.length === 0) throw new DomainError('NOT_FOUND');
    return events;
  }

  verify(): Promise<AuditVerification> {
    return this.audit.verify(this.dataSource.manager);
  }
}
