import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { SeedService, WorkflowModule } from '@app/workflow';

@Module({ imports: [ConfigModule, PersistenceModule, WorkflowModule] })
class SeedModule {}

/** `npm run seed`: demo organisations, users and list 2025.1; running it again changes nothing. */
export async function seed() {
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn', 'log'] });
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
