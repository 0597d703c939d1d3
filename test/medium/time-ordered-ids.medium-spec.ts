import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { cloneDatabase } from '../support/medium';

/** The database's own ids are time-ordered too (migration TimeOrderedIds, issue 12's writes). */
describe('time-ordered ids in the database', () => {
  let db: Awaited<ReturnType<typeof cloneDatabase>>;
  let pg: Client;
  beforeAll(async () => {
    db = await cloneDatabase(`dg_ids_${randomUUID().slice(0, 8)}`);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await db?.drop();
  });

  it('leaves no random-UUID default on any table', async () => {
    const { rows } = await pg.query(
      `SELECT c.relname AS tbl, pg_get_expr(d.adbin, d.adrelid) AS def
         FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
        WHERE c.relnamespace = 'public'::regnamespace AND pg_get_expr(d.adbin, d.adrelid) LIKE '%uuid%'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(13);
    expect(rows.filter((r) => r.def !== 'dutygate_uuid7()')).toEqual([]);
  });

  it('makes unique version-7 ids, later ones sorting after earlier ones', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await pg.query(`SELECT dutygate_uuid7()::text AS id`)).rows[0].id);
      await pg.query(`SELECT pg_sleep(0.002)`);
    }
    const many = (
      await pg.query(`SELECT dutygate_uuid7()::text AS id FROM generate_series(1, 500)`)
    ).rows.map((r) => r.id as string);
    for (const id of [...ids, ...many])
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(many).size).toBe(500);
    const ms = parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });

  it('gives a row inserted without an id a time-ordered one', async () => {
    const { rows } = await pg.query(
      `INSERT INTO notification (org_code, kind, payload) VALUES ('D1-S01', 'test.ids', '{}') RETURNING id::text`,
    );
    expect(rows[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });
});
