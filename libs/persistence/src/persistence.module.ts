import type { EventEmitter } from 'node:events';
import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { CLOCK, defaultClock, type Clock } from './clock';
import { createDataSource } from './data-source';
import { OutboxListener } from './outbox/outbox-listener';
import { OutboxRepository } from './outbox/outbox.repository';
import { AssessmentRepository } from './repositories/assessment.repository';
import { AssignmentRepository } from './repositories/assignment.repository';
import { AssignmentDetailRepository } from './repositories/assignment-detail';
import { AuditRepository } from './repositories/audit.repository';
import { CalendarRepository } from './repositories/calendar.repository';
import { CaseRepository } from './repositories/case.repository';
import { DeadlineRepository } from './repositories/deadline.repository';
import { DecisionRepository } from './repositories/decision.repository';
import { IdempotencyRepository } from './repositories/idempotency.repository';
import { JointActionRepository } from './repositories/joint-action.repository';
import { NotificationRepository } from './repositories/notification.repository';
import { ListRepository } from './repositories/list.repository';
import { OrganisationRepository } from './repositories/organisation.repository';
import { SummonsRepository } from './repositories/summons.repository';
import { PowerRepository } from './repositories/power.repository';
import { StorageRepository } from './repositories/storage.repository';
import { TaskRepository } from './repositories/task.repository';
import { ToleranceRepository } from './repositories/tolerance.repository';
import { UserRepository } from './repositories/user.repository';
import { WorkbenchRepository } from './repositories/workbench.repository';

/** Every repository takes the one clock: the times it writes and compares with are the clock's. */
const REPOSITORIES: (new (clock: Clock) => unknown)[] = [
  AssessmentRepository,
  AssignmentRepository,
  AssignmentDetailRepository,
  AuditRepository,
  CalendarRepository,
  CaseRepository,
  DeadlineRepository,
  DecisionRepository,
  IdempotencyRepository,
  JointActionRepository,
  NotificationRepository,
  ListRepository,
  OrganisationRepository,
  OutboxRepository,
  SummonsRepository,
  PowerRepository,
  StorageRepository,
  TaskRepository,
  ToleranceRepository,
  UserRepository,
  WorkbenchRepository,
];

/**
 * The database, its repositories and the clock (global: every module reads time through the same
 * CLOCK, which a test overrides once for services and repositories alike).
 */
/**
 * Every pooled PostgreSQL connection gets an `error` listener for its whole life. pg emits `error`
 * on a connection the server terminates (57P01 when an administrator or a failover ends it); the
 * pool listens only while a connection is idle and TypeORM only while a query runner holds it, so
 * a connection caught between the two — seen when every backend of the database was terminated
 * mid-request — had no listener and the unhandled event ended the process. The request on it still
 * fails (503, DEPENDENCY_DOWN) and the pool drops the broken connection when it comes back.
 */
function guardPoolClients(dataSource: DataSource): DataSource {
  const log = new Logger('PostgreSQL');
  const pool = (dataSource.driver as unknown as { master?: EventEmitter & { _clients?: EventEmitter[] } })
    .master;
  const guard = (client: EventEmitter) =>
    client.on('error', (e: Error) => log.warn(`connection lost: ${e.message}`));
  pool?._clients?.forEach(guard);
  pool?.on('connect', guard);
  return dataSource;
}

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => guardPoolClients(await createDataSource(config).initialize()),
    },
    { provide: CLOCK, useValue: defaultClock },
    ...REPOSITORIES.map((r) => ({ provide: r, inject: [CLOCK], useFactory: (clock: Clock) => new r(clock) })),
    {
      // Connects only when started (the worker's relay); the API never does.
      provide: OutboxListener,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const log = new Logger(OutboxListener.name);
        return new OutboxListener(config.DATABASE_URL, (m) => log.warn(m));
      },
    },
  ],
  exports: [DataSource, CLOCK, OutboxListener, ...REPOSITORIES],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
