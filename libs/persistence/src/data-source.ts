import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { Foundation1764200000000 } from './migrations/1764200000000-foundation';
import { StreetWorkflow1764300000000 } from './migrations/1764300000000-street-workflow';
import { WebhookDeliveryPending1764600000000 } from './migrations/1764600000000-webhook-delivery-pending';
import { UserSessions1764700000000 } from './migrations/1764700000000-user-sessions';

export const MIGRATIONS = [
  Foundation1764200000000,
  StreetWorkflow1764300000000,
  WebhookDeliveryPending1764600000000,
  UserSessions1764700000000,
];

/**
 * One DataSource per process. Repositories use SQL through it (no entity metadata): the schema is
 * owned by the migrations, and the hot paths (routing, audit) are set-based statements.
 */
export function createDataSource(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DB_POOL_SIZE'>,
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
    extra: { max: config.DB_POOL_SIZE },
  });
}
