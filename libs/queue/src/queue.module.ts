import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { QUEUES } from './job-catalogue';
import { configureQueueBackend } from './queue-backend';
import { DEFAULT_JOB_OPTIONS } from './redis-connection';

/**
 * BullMQ connection and every queue of the catalogue, registered once for API and worker: on Redis
 * when REDIS_URL is set, else on BullMQ's PostgreSQL backend in DutyGate's own database.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // The PostgreSQL backend's connection type differs from Redis's; @nestjs/bullmq only passes it on.
        connection: configureQueueBackend(config) as never,
        // Redis key prefix; the PostgreSQL backend ignores it (QUEUE_SCHEMA separates instances there).
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  exports: [BullModule],
})
export class QueueModule {}
