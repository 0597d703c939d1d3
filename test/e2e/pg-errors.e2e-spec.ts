import { DataSource } from 'typeorm';
import { DomainError } from '@app/domain';
import { pgErrorOf, transaction, translatePgError, withMeanings } from '@app/persistence';
import { cloneDatabase } from '../support/medium';

/**
 * PostgreSQL's errors as the repositories translate them, against a real database: a named
 * constraint's violation becomes the DomainError it means, anything else stays itself, and a
 * transaction PostgreSQL picks as a deadlock victim is run again instead of failing.
 */
describe('PostgreSQL errors translated in persistence', () => {
  let ds: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await cloneDatabase(`dutygate_test_pgerrors_${process.pid}`);
    drop = db.drop;
    ds = await new DataSource({ type: 'postgres', url: db.url, poolSize: 4 }).initialize();
    await ds.query(
      `CREATE TABLE pair (id int PRIMARY KEY, n int NOT NULL CONSTRAINT ck_pair_n CHECK (n >= 0))`,
    );
    await ds.query(`INSERT INTO pair VALUES (1, 0), (2, 0)`);
  });

  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  it('turns the violation of a named constraint into its DomainError and leaves others alone', async () => {
    const conflict = () => new DomainError('STATE_CONFLICT');
    await expect(
      withMeanings(ds.query(`INSERT INTO pair VALUES (1, 0)`), { pair_pkey: conflict }),
    ).rejects.toMatchObject({ name: 'DomainError', code: 'STATE_CONFLICT' });
    await expect(
      withMeanings(ds.query(`UPDATE pair SET n = -1 WHERE id = 1`), { ck_pair_n: conflict }),
    ).rejects.toMatchObject({ name: 'DomainError', code: 'STATE_CONFLICT' });
    // A constraint nobody gave a meaning to is a bug: it reaches the caller as PostgreSQL's error.
    const raw = await ds.query(`INSERT INTO pair VALUES (2, 0)`).catch((e: unknown) => e);
    expect(pgErrorOf(raw)).toEqual({ code: '23505', constraint: 'pair_pkey' });
    expect(translatePgError(raw, { ck_pair_n: conflict })).toBe(raw);
  });

  it('runs a deadlock victim again: both transactions commit', async () => {
    let attempts = 0;
    let arrived = 0;
    let release!: () => void;
    const bothHoldOneRow = new Promise<void>((r) => (release = r));
    // Each locks its first row, waits until the other holds its own, then asks for the other's:
    // PostgreSQL breaks the cycle (deadlock_timeout, 1 s by default) by aborting one of them.
    const crossing = (first: number, second: number) =>
      transaction(ds, async (tx) => {
        const attempt = ++attempts;
        await tx.query(`UPDATE pair SET n = n + 1 WHERE id = $1`, [first]);
        if (attempt <= 2) {
          if (++arrived === 2) release();
          await bothHoldOneRow;
        }
        await tx.query(`UPDATE pair SET n = n + 1 WHERE id = $1`, [second]);
      });
    await Promise.all([crossing(1, 2), crossing(2, 1)]);
    expect(attempts).toBe(3);
    const rows = await ds.query(`SELECT id, n FROM pair ORDER BY id`);
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });
});
