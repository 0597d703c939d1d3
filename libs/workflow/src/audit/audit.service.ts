import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEvent, AuditVerification } from '@app/contract';
import { DomainError, isUuid } from '@app/domain';
import { AuditRepository, TaskRepository } from '@app/persistence';
import { scopeOf, type Actor } from '../actor';

/** The aggregates whose events can be read: `/api/audit/{aggregate}/{id}`. */
export const AUDIT_AGGREGATES = ['task', 'assignment', 'list', 'user'] as const;

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
    private readonly tasks: TaskRepository,
  ) {}

  /** The events of one aggregate, if the actor may see the aggregate itself. */
  async events(actor: Actor, aggregate: string, id: string): Promise<AuditEvent[]> {
    if (!(AUDIT_AGGREGATES as readonly string[]).includes(aggregate)) throw new DomainError('NOT_FOUND');
    const scope = scopeOf(actor);
    const tx = this.dataSource.manager;
    const uuid = isUuid(id);
    const visible =
      uuid &&
      // A user's history (who changed its role, when it was deactivated) is the admin's business only.
      (aggregate === 'user'
        ? actor.roles.includes('admin')
        : scope.kind === 'all' ||
          (aggregate === 'task' && !!(await this.tasks.findTask(tx, id, scope))) ||
          (aggregate === 'assignment' && !!(await this.tasks.findAssignment(tx, id, scope))));
    if (!visible) throw new DomainError('NOT_FOUND');
    const events = await this.audit.list(tx, aggregate, id);
    if (events.length === 0) throw new DomainError('NOT_FOUND');
    return events;
  }

  verify(): Promise<AuditVerification> {
    return this.audit.verify(this.dataSource.manager);
  }
}
