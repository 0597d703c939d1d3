import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { CallbackFormClient, PreparingClient } from './prepared-client';
import { Foundation1764200000000 } from './migrations/1764200000000-foundation';
import { StreetWorkflow1764300000000 } from './migrations/1764300000000-street-workflow';
import { WebhookDeliveryPending1764600000000 } from './migrations/1764600000000-webhook-delivery-pending';
import { UserSessions1764700000000 } from './migrations/1764700000000-user-sessions';
import { TaskOrigin1764760000000 } from './migrations/1764760000000-task-origin';
import { Coordination1764800000000 } from './migrations/1764800000000-coordination';
import { DelegatedPowers1764810000000 } from './migrations/1764810000000-delegated-powers';
import { Tolerance1764820000000 } from './migrations/1764820000000-tolerance';
import { Assessment1764830000000 } from './migrations/1764830000000-assessment';
import { ScaleReads1764900000000 } from './migrations/1764900000000-scale-reads';
import { ScalePartitions1764900000001 } from './migrations/1764900000001-scale-partitions';
import { SystemAdminOrg1764950000000 } from './migrations/1764950000000-system-admin-org';
import { ScaleReadPlans1764951000000 } from './migrations/1764951000000-scale-read-plans';
import { TimeOrderedIds1764960000000 } from './migrations/1764960000000-time-ordered-ids';
import { OverdueTally1764970000000 } from './migrations/1764970000000-overdue-tally';
import { ExtensionByAssignment1764980000000 } from './migrations/1764980000000-extension-by-assignment';
import { OpenDeadlineColumn1764990000000 } from './migrations/1764990000000-open-deadline-column';
import { DepartmentTasksByState1764991000000 } from './migrations/1764991000000-department-tasks-by-state';
import { DeadlineSteps1764992000000 } from './migrations/1764992000000-deadline-steps';
import { StoredViewJson1764993000000 } from './migrations/1764993000000-stored-view-json';
import { StepDeadlineOpen1764994000000 } from './migrations/1764994000000-step-deadline-open';
import { CountdownHeld1764995000000 } from './migrations/1764995000000-countdown-held';
import { SuggestionsAsJson1764996000000 } from './migrations/1764996000000-suggestions-as-json';
import { UnreadTally1764997000000 } from './migrations/1764997000000-unread-tally';

export const MIGRATIONS = [
  Foundation1764200000000,
  StreetWorkflow1764300000000,
  WebhookDeliveryPending1764600000000,
  UserSessions1764700000000,
  TaskOrigin1764760000000,
  Coordination1764800000000,
  DelegatedPowers1764810000000,
  Tolerance1764820000000,
  Assessment1764830000000,
  ScaleReads1764900000000,
  ScalePartitions1764900000001,
  SystemAdminOrg1764950000000,
  ScaleReadPlans1764951000000,
  TimeOrderedIds1764960000000,
  OverdueTally1764970000000,
  ExtensionByAssignment1764980000000,
  OpenDeadlineColumn1764990000000,
  DepartmentTasksByState1764991000000,
  DeadlineSteps1764992000000,
  StoredViewJson1764993000000,
  StepDeadlineOpen1764994000000,
  CountdownHeld1764995000000,
  SuggestionsAsJson1764996000000,
  UnreadTally1764997000000,
];

/**
 * One DataSource per process. Repositories use SQL through it (no entity metadata): the schema is
 * owned by the migrations, and the hot paths (routing, audit) are set-based statements.
 */
export function createDataSource(
  config: Pick<
    AppConfig,
    | 'DATABASE_URL'
    | 'DB_POOL_SIZE'
    | 'DB_CONNECT_TIMEOUT_MS'
    | 'DB_IDLE_TIMEOUT_MS'
    | 'DB_PREPARED_STATEMENTS'
  >,
  applicationName = 'dutygate',
): DataSource {
  return new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize: config.DB_POOL_SIZE,
    applicationName,
    // A bounded wait for a connection (pg-pool applies it to new connections and to waiting for a
    // free one): with PostgreSQL down or the pool exhausted a request fails instead of hanging.
    // Reads as named prepared statements unless switched off; either way pg's promise form is
    // answered through its callback form (prepared-client.ts).
    extra: {
      max: config.DB_POOL_SIZE,
      connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
      // Idle connections (and the statements prepared on them) are kept this long (AppConfig).
      idleTimeoutMillis: config.DB_IDLE_TIMEOUT_MS,
      Client: config.DB_PREPARED_STATEMENTS ? PreparingClient : CallbackFormClient,
    },
  });
}
