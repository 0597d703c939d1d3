import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { readProcessConfig, requireDatabaseUrl } from '@app/config';
import { generate } from './generator';

/**
 * `npm run generate -- --assignments 1000000 [--seed 1] [--days 365]`: fills the database named by
 * DATABASE_URL (migrated and seeded) with generated work spread over `--days` (a year by default).
 * Running it again with the same seed changes nothing. Progress goes to stderr, the summary (rows
 * per table) to stdout as JSON.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { assignments: { type: 'string' }, seed: { type: 'string' }, days: { type: 'string' } },
  });
  const assignments = Number(values.assignments ?? 10_000);
  const seed = Number(values.seed ?? 1);
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(Number.isFinite(days) && days > 0))
    throw new Error(`--days must be a positive number, not ${values.days}`);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`--seed must be a non-negative integer, not ${values.seed}`);
  const config = requireDatabaseUrl(readProcessConfig());
  const db = new Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  try {
    const result = await generate(db, { assignments, seed, days, log: (l) => console.error(l) });
    if (result.created) {
      console.error('generate: VACUUM ANALYZE');
      await db.query('VACUUM ANALYZE');
    }
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await db.end();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
