import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { MetricsModule, WorkflowModule } from '@app/workflow';
import { AssessmentController } from './assessment/assessment.controller';
import { AssignmentsController } from './assignments/assignments.controller';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { HealthController } from './health/health.controller';
import { AuthGuard } from './http/auth';
import { CredentialThrottle } from './http/credential-throttle';
import { useDateWindow } from './http/dates';
import { ErrorFilter } from './http/error.filter';
import { ContentTypeGuard } from './http/protocol';
import { validationPipe } from './http/validation';
import { ListsController } from './lists/lists.controller';
import { OrgsController } from './orgs/orgs.controller';
import { PowersController } from './powers/powers.controller';
import { TasksController } from './tasks/tasks.controller';
import { CalendarController } from './calendar/calendar.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { ReviewsController } from './reviews/reviews.controller';
import { SupervisionController } from './supervision/supervision.controller';
import { ExportsController } from './exports/exports.controller';
import { WorkbenchController } from './workbench/workbench.controller';
import { UsersController } from './users/users.controller';
import { JointActionsController } from './coordination/joint-actions.controller';
import { SummonsController } from './coordination/summons.controller';
import { StaffingController } from './staffing/staffing.controller';
import { ToleranceController } from './tolerance/tolerance.controller';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      // The application's own lines (Nest's Logger). No route gets pino-http: the access line is
      // written by http/request-metrics.ts (see http/access-log.ts for why).
      useFactory: (config: AppConfig) => ({
        pinoHttp: { level: config.LOG_LEVEL, name: 'dutygate-api' },
        forRoutes: [],
      }),
    }),
    PersistenceModule,
    QueueModule,
    WorkflowModule,
    MetricsModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A key object, not a string: the JWT library would otherwise try each string as a public key first.
        secret: createSecretKey(Buffer.from(config.JWT_SECRET)) as unknown as string,
        signOptions: { expiresIn: config.JWT_TTL_SECONDS, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [
    AuthController,
    OrgsController,
    ListsController,
    TasksController,
    AssignmentsController,
    AuditController,
    ReviewsController,
    NotificationsController,
    SupervisionController,
    CalendarController,
    HealthController,
    UsersController,
    AssessmentController,
    SummonsController,
    JointActionsController,
    ToleranceController,
    StaffingController,
    PowersController,
    WorkbenchController,
    ExportsController,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_PIPE, useValue: validationPipe },
    // Password checks (login, HTTP Basic) are throttled per username and client, shared in Redis.
    CredentialThrottle,
    // Global guards run in this order: who is asking (401), then whether the body is readable (415).
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: ContentTypeGuard },
    // The DTO date decorators read the configured window (DATE_MIN..DATE_MAX) from here.
    {
      provide: 'DATE_WINDOW',
      inject: [AppConfig],
      useFactory: (config: AppConfig) => useDateWindow({ min: config.DATE_MIN, max: config.DATE_MAX }),
    },
  ],
})
export class AppModule {}
