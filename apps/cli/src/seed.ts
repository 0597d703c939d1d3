import { NestFactory } from '@nestjs/core';
import { Module, type LogLevel } from '@nestjs/common';
import { ConfigModule, readProcessConfig } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { SeedService, WorkflowModule } from '@app/workflow';

@Module({ imports: [ConfigModule, PersistenceModule, WorkflowModule] })
class SeedModule {}

/** Nest's levels at or above LOG_LEVEL (pino's names): `info`, the default, prints the seed's summary line. */
const NEST_LEVELS: Record<string, LogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  silent: [],
};

/** `npm run seed`: demo organisations, users and list 2025.1; running it again changes nothing. */
export async function seed() {
  const levels = NEST_LEVELS[readProcessConfig().LOG_LEVEL];
  const app = await NestFactory.createApplicationContext(SeedModule, {
    logger: levels.length ? levels : false,
  });
  try {
    return await app.get(SeedService).run();
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  seed().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
