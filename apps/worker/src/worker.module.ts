import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { MetricsModule, WorkflowModule } from '@app/workflow';
import { AssessmentProcessor } from './assessment.processor';
import { DeadlinesProcessor } from './deadlines.processor';
import { NotificationsProcessor } from './notifications.processor';
import { OutboxRelayService } from './outbox/outbox-relay.service';
import { RecoverySweepService } from './outbox/recovery-sweep.service';
import { WorkerQueues } from './outbox/worker-queues';
import { RoutingProcessor } from './routing.processor';
import { StorageMaintenanceService } from './storage-maintenance.service';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      // The worker serves no HTTP: no route gets request logging.
      useFactory: (config: AppConfig) => ({
        pinoHttp: { level: config.LOG_LEVEL, name: 'dutygate-worker' },
        forRoutes: [],
      }),
    }),
    PersistenceModule,
    QueueModule,
    WorkflowModule,
    MetricsModule,
  ],
  providers: [
    RoutingProcessor,
    DeadlinesProcessor,
    NotificationsProcessor,
    AssessmentProcessor,
    WorkerQueues,
    OutboxRelayService,
    RecoverySweepService,
    StorageMaintenanceService,
  ],
})
export class WorkerModule {}
