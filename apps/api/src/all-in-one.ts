import { migrate } from '../../cli/src/migrate';
import { seed } from '../../cli/src/seed';
import { startWorker } from '../../worker/src/main';
import { startApi } from './main';

/**
 * `npm start`: the whole of DutyGate in one process — migrate, seed (idempotent), worker, API.
 * Uses DATABASE_URL/REDIS_URL when set, else the local defaults (127.0.0.1).
 */
async function main() {
  console.log(`migrations: ${(await migrate()).join(', ') || 'up to date'}`);
  await seed();
  await startWorker();
  const api = await startApi();
  console.log(`DutyGate is up at ${await api.getUrl()} (API under /api, OpenAPI at /docs)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
