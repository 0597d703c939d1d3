import { randomUUID } from 'node:crypto';
import { type Client, Query, type QueryResult } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import {
  CallbackFormClient,
  createDataSource,
  MAX_PREPARED_PER_CONNECTION,
  PLANNED_PER_CALL,
  PreparingClient,
  statementName,
} from '@app/persistence';
import { cloneDatabase } from '../support/medium';

/**
 * Reads as named prepared statements (issue 12: planning was most of a list read's database time).
 * Checked on the connection itself: pg_prepared_statements lists what that backend keeps.
 */
describe('prepared reads', () => {
  let db: Awaited<ReturnType<typeof cloneDatabase>>;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    db = await cloneDatabase(`dg_prepared_${randomUUID().slice(0, 8)}`);
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.destroy()));
    await db?.drop();
  });

  async function open(prepared: boolean): Promise<DataSource> {
    const config = Object.assign(new AppConfig(), {
      DATABASE_URL: db.url,
      DB_POOL_SIZE: 2,
      DB_PREPARED_STATEMENTS: prepared,
    });
    const ds = await createDataSource(config).initialize();
    sources.push(ds);
    return ds;
  }

  const READ = `SELECT code, name FROM organisation WHERE kind = $1 ORDER BY code`;
  const WRITE = `UPDATE organisation SET name = name WHERE code = $1`;
  const kept = async (tx: EntityManager): Promise<{ name: string; statement: string }[]> =>
    tx.query(
      `SELECT name, statement FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared_statements%'`,
    );

  it('gives the pool PreparingClients, or CallbackFormClients with prepared statements off', async () => {
    // pg-pool's `Client` is the class it makes every connection with.
    const poolClient = (ds: DataSource) =>
      (ds.driver as unknown as { master: { Client: unknown } }).master.Client;
    expect(poolClient(await open(true))).toBe(PreparingClient);
    expect(poolClient(await open(false))).toBe(CallbackFormClient);
  });

  it('keeps idle connections, and so their prepared statements, for DB_IDLE_TIMEOUT_MS', async () => {
    // pg-pool closes a connection idle for `idleTimeoutMillis` (its own default: 10 s).
    const idle = (ds: DataSource) =>
      (ds.driver as unknown as { master: { options: { idleTimeoutMillis: number } } }).master.options
        .idleTimeoutMillis;
    expect(idle(await open(true))).toBe(300_000);
    const config = Object.assign(new AppConfig(), {
      DATABASE_URL: db.url,
      DB_POOL_SIZE: 1,
      DB_IDLE_TIMEOUT_MS: 20_000,
    });
    const ds = await createDataSource(config).initialize();
    sources.push(ds);
    expect(idle(ds)).toBe(20_000);
  });

  it("prepares a read once per connection, under its text's name, and answers as before", async () => {
    const on = await open(true);
    const off = await open(false);
    const streets = await off.query(READ, ['street']);
    expect(streets.length).toBeGreaterThan(3);
    await on.transaction(async (tx) => {
      expect(await tx.query(READ, ['street'])).toEqual(streets);
      expect(await tx.query(READ, ['department'])).toEqual(await off.query(READ, ['department']));
      await tx.query(WRITE, ['D1-S01']);
      expect(await tx.query(`${PLANNED_PER_CALL}${READ}`, ['street'])).toEqual(streets);
      const statements = await kept(tx);
      expect(statements).toContainEqual({ name: statementName(READ), statement: READ });
      // Neither the write nor the read marked to be planned per call is kept.
      expect(statements.filter((s) => !/^\s*(SELECT|WITH)\b/i.test(s.statement))).toEqual([]);
    });
    await off.transaction(async (tx) => {
      await tx.query(READ, ['street']);
      expect(await kept(tx)).toEqual([]);
    });
  });

  it(`keeps at most ${MAX_PREPARED_PER_CONNECTION} statements on a connection, then runs reads unnamed`, async () => {
    const client: Client = new PreparingClient({ connectionString: db.url });
    await client.connect();
    try {
      for (let i = 0; i < MAX_PREPARED_PER_CONNECTION + 10; i++) {
        const { rows } = await client.query(`SELECT $1::int + ${i} AS n`, [1]);
        expect(rows).toEqual([{ n: i + 1 }]);
      }
      // Past the cap, a known text still runs under its name.
      expect((await client.query(`SELECT $1::int + 0 AS n`, [5])).rows).toEqual([{ n: 5 }]);
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_prepared_statements`);
      expect(rows).toEqual([{ n: MAX_PREPARED_PER_CONNECTION }]);
    } finally {
      await client.end();
    }
  });

  it.each([
    ['PreparingClient', PreparingClient],
    ['CallbackFormClient', CallbackFormClient],
  ])("%s answers pg's every calling form: promise, callback and a query object", async (_, Kind) => {
    // Typed as pg's client, whose overloads the override serves.
    const client: Client = new Kind({ connectionString: db.url });
    await client.connect();
    try {
      // The promise form (TypeORM's), which the client answers through pg's callback form.
      const read = await client.query(READ, ['street']);
      expect(read.rows.length).toBeGreaterThan(3);
      expect(read.rows[0]).toEqual({ code: expect.any(String), name: expect.any(String) });
      expect((await client.query({ text: READ, values: ['street'] })).rows).toEqual(read.rows);
      expect((await client.query(`SELECT 1 AS one`)).rows).toEqual([{ one: 1 }]);
      const written = await client.query(WRITE, ['D1-S01']);
      expect({ command: written.command, rowCount: written.rowCount }).toEqual({
        command: 'UPDATE',
        rowCount: 1,
      });
      await expect(client.query(`SELECT no_such_column FROM organisation`)).rejects.toMatchObject({
        code: '42703',
      });
      // A missing value: 08P01 from a named statement's bind, 42P02 from an unnamed one's parse.
      await expect(client.query(READ, [])).rejects.toMatchObject({
        code: expect.stringMatching(/^(08P01|42P02)$/),
      });
      // The callback form, with and without values.
      const called = (...args: unknown[]) =>
        new Promise<QueryResult>((resolve, reject) =>
          (client.query as (...a: unknown[]) => void)(...args, (err: Error | null, r: QueryResult) =>
            err ? reject(err) : resolve(r),
          ),
        );
      expect((await called(READ, ['street'])).rows).toEqual(read.rows);
      expect((await called(`SELECT 2 AS two`)).rows).toEqual([{ two: 2 }]);
      await expect(called(`SELECT no_such_column FROM organisation`)).rejects.toMatchObject({
        code: '42703',
      });
      // A query object is handed back as it is, and answers through its events.
      const query = new Query(READ, ['street']);
      expect(client.query(query)).toBe(query);
      const rows: unknown[] = [];
      query.on('row', (row: unknown) => rows.push(row));
      await new Promise((resolve, reject) => query.on('end', resolve).on('error', reject));
      expect(rows).toEqual(read.rows);
      // The connection is still in order after the failures.
      expect((await client.query(`SELECT 3 AS three`)).rows).toEqual([{ three: 3 }]);
    } finally {
      await client.end();
    }
  });

  it('reports a failing read as before, and runs the corrected one', async () => {
    const on = await open(true);
    await expect(
      on.query(`SELECT no_such_column FROM organisation WHERE code = $1`, ['D1-S01']),
    ).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '42703' }),
    });
    expect(await on.query(`SELECT code FROM organisation WHERE code = $1`, ['D1-S01'])).toEqual([
      { code: 'D1-S01' },
    ]);
  });
});
