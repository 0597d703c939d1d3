import { Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { CalendarService } from './calendar/calendar.service';
import { DeadlineService } from './deadlines/deadline.service';
import { EscalationService } from './deadlines/escalation.service';
import { NotifyService } from './notifications/notify.service';
import { WebhookService } from './notifications/webhook.service';
import { InboxService } from './notifications/inbox.service';
import { ReviewService } from './reviews/review.service';
import { SupervisionService } from './supervision/supervision.service';
import { AuthService } from './auth/auth.service';
import { ListCatalog } from './lists/list-catalog';
import { ListsService } from './lists/lists.service';
import { RoutingService } from './routing/routing.service';
import { SeedService } from './seed/seed.service';
import { SubmitTaskService } from './tasks/submit-task.service';
import { TaskQueriesService } from './tasks/task-queries.service';
import { SessionService } from './users/session.service';
import { UsersService } from './users/users.service';
import { DepartmentDeskService } from './desks/department-desk.service';
import { ReviewerDeskService } from './desks/reviewer-desk.service';
import { StreetDeskService } from './desks/street-desk.service';
import { TransitionRunner } from './desks/transition-runner';
import { WorkbenchService } from './workbench/workbench.service';
import { ExportService } from './export/export.service';

const SERVICES = [
  CalendarService,
  DeadlineService,
  EscalationService,
  InboxService,
  NotifyService,
  ReviewService,
  SupervisionService,
  WebhookService,
  AuditService,
  AuthService,
  ListCatalog,
  ListsService,
  RoutingService,
  SeedService,
  SubmitTaskService,
  TaskQueriesService,
  SessionService,
  UsersService,
  TransitionRunner,
  StreetDeskService,
  DepartmentDeskService,
  ReviewerDeskService,
  WorkbenchService,
  ExportService,
];

/**
 * Application services shared by the API and the worker; needs ConfigModule and PersistenceModule
 * (which also provides the CLOCK every service reads time from).
 */
@Module({
  providers: SERVICES,
  exports: SERVICES,
})
export class WorkflowModule {}
