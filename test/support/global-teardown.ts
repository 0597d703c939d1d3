import { Client } from 'pg';
import { PG_ADMIN_URL, templateDb } from './env';

export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDb()} WITH (FORCE)`);
  await admin.end();
}
