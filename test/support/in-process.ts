import { Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { ConfigModule } from '@app/config';
import type { Clock } from '@app/domain';
import { CLOCK, PersistenceModule } from '@app/persistence';
import { WorkflowModule } from '@app/workflow';
import { cloneDatabase } from './medium';

@Module({ imports: [ConfigModule, PersistenceModule, WorkflowModule] })
class InProcessWorkflow {}

/**
 * The workflow's services in this process against a cloned database, with the given clock in
 * place of the wall clock and the given settings in the environment (given back at `close`).
 * No HTTP, no queue: a test calls services and reads the database directly through `db`.
 */
export async function inProcessWorkflow(
  name: string,
  clock: Clock,
  env: Record<string, string> = {},
): Promise<{ app: INestApplicationContext; db: Client; close: () => Promise<void> }> {
  const database = await cloneDatabase(name);
  const saved = Object.fromEntries(['DATABASE_URL', ...Object.keys(env)].map((k) => [k, process.env[k]]));
  Object.assign(process.env, env, { DATABASE_URL: database.url });
  const moduleRef = await Test.createTestingModule({ imports: [InProcessWorkflow] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .compile();
  const app = await moduleRef.init();
  const db = new Client({ connectionString: database.url });
  await db.connect();
  return {
    app,
    db,
    close: async () => {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      await db.end();
      await app.close();
      await database.drop();
    },
  };
}
