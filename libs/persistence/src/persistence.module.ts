import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { createDataSource } from './data-source';
import { AssignmentRepository } from './repositories/assignment.repository';
import { AuditRepository } from './repositories/audit.repository';
import { CalendarRepository } from './repositories/calendar.repository';
import { CaseRepository } from './repositories/case.repository';
import { DeadlineRepository } from './repositories/deadline.repository';
import { NotificationRepository } from './repositories/notification.repository';
import { ListRepository } from './repositories/list.repository';
import { OrganisationRepository } from './repositories/organisation.repository';
import { OutboxRepository } from './repositories/outbox.repository';
import { TaskRepository } from './repositories/task.repository';
import { UserRepository } from './repositories/user.repository';

const REPOSITORIES = [
  AssignmentRepository,
  AuditRepository,
  CalendarRepository,
  CaseRepository,
  DeadlineRepository,
  NotificationRepository,
  ListRepository,
  OrganisationRepository,
  OutboxRepository,
  TaskRepository,
  UserRepository,
];

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createDataSource(config).initialize(),
    },
    ...REPOSITORIES.map((r) => ({ provide: r, useValue: new r() })),
  ],
  exports: [DataSource, ...REPOSITORIES],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
