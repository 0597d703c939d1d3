import { readProcessConfig } from '@app/config';
import { createDataSource } from '@app/persistence';

/** `npm run migrate`: applies pending migrations, each in its own transaction. */
export async function migrate(): Promise<string[]> {
  const ds = await createDataSource(readProcessConfig(), 'dutygate-migrate').initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  migrate().then(
    (names) => console.log(names.length ? `applied: ${names.join(', ')}` : 'schema is up to date'),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
