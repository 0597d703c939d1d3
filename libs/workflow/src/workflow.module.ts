import { Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { AuthService } from './auth/auth.service';
import { ListCatalog } from './lists/list-catalog';
import { ListsService } from './lists/lists.service';
import { RoutingService } from './routing/routing.service';
import { SeedService } from './seed/seed.service';
import { SubmitTaskService } from './tasks/submit-task.service';
import { TaskQueriesService } from './tasks/task-queries.service';
import { CALENDAR, CLOCK, defaultCalendar, defaultClock } from './tokens';

const SERVICES = [
  AuditService,
  AuthService,
  ListCatalog,
  ListsService,
  RoutingService,
  SeedService,
  SubmitTaskService,
  TaskQueriesService,
];

/** Application services shared by the API and the worker; needs ConfigModule and PersistenceModule. */
@Module({
  providers: [
    ...SERVICES,
    { provide: CLOCK, useValue: defaultClock },
    { provide: CALENDAR, useFactory: defaultCalendar },
  ],
  exports: [...SERVICES, CLOCK, CALENDAR],
})
export class WorkflowModule {}
