import { Module } from '@nestjs/common';
import { AssessmentService } from './assessment/assessment.service';
import { RatingsService } from './assessment/ratings.service';
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
import { PasswordHasher } from './auth/password-hasher';
import { ListCatalog } from './lists/list-catalog';
import { ListsService } from './lists/lists.service';
import { PowersService } from './powers/powers.service';
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
import { JointActionService } from './coordination/joint-action.service';
import { SummonsService } from './coordination/summons.service';
import { StaffingService } from './staffing/staffing.service';
import { ToleranceService } from './tolerance/tolerance.service';
import { WorkbenchService } from './workbench/workbench.service';
import { ExportService } from './export/export.service';

const SERVICES = [
  AssessmentService,
  RatingsService,
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
  PasswordHasher,
  ListCatalog,
  ListsService,
  PowersService,
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
  SummonsService,
  JointActionService,
  ToleranceService,
  StaffingService,
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
