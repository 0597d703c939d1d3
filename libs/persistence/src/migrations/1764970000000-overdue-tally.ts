import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counts on the supervisors' overdue board that do not scan (issue 12). The board's counts grouped
 * every open deadline past due by (owner, kind): an index-only scan of thousands of entries on each
 * request at a million assignments, growing with the backlog.
 *
 * `overdue_tally` holds, per (owner_org, kind), how many open deadlines carry the overdue mark
 * (`overdue_at`, set when the ladder's `urge` step fires at `due_at`; every ladder has one). A
 * statement-level trigger on `deadline` applies each statement's net change, in key order, so two
 * statements lock tally rows in the same order; only a change of an overdue deadline (marking,
 * closing, pausing, re-opening) writes, never routing or an on-time completion. One row per
 * organisation and kind, not one global counter: writers of different organisations never meet.
 * No CHECK on `n`: a derived count must never refuse a change of the deadlines it is derived from.
 *
 * The board adds what the mark does not know yet, both normally empty and read through the two
 * partial indexes below: open deadlines past due whose urge has not fired (the worker is behind),
 * minus marked ones whose due time is not past by the clock (a clock moved back, a resumed pause).
 * So the counts equal "open and due before now" at any clock (DeadlineRepository.overdueBoard).
 */
export class OverdueTally1764970000000 implements MigrationInterface {
  name = 'OverdueTally1764970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE overdue_tally (
        owner_org text NOT NULL,
        kind text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (owner_org, kind)
      )`);

    // The marked open deadlines a statement added (+1) and took away (-1), netted per key.
    const counted = (table: string, sign: string) =>
      `SELECT owner_org, kind, ${sign}1 AS d FROM ${table} WHERE state = 'open' AND overdue_at IS NOT NULL`;
    const apply = (changes: string) => `
        INSERT INTO overdue_tally AS t (owner_org, kind, n)
        SELECT owner_org, kind, sum(d) FROM (${changes}) c GROUP BY owner_org, kind HAVING sum(d) <> 0
         ORDER BY owner_org, kind
        ON CONFLICT (owner_org, kind) DO UPDATE SET n = t.n + EXCLUDED.n;`;
    await q.query(`
      CREATE FUNCTION overdue_tally_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN${apply(counted('new_deadline', '+'))}
        ELSIF TG_OP = 'DELETE' THEN${apply(counted('old_deadline', '-'))}
        ELSE${apply(`${counted('new_deadline', '+')} UNION ALL ${counted('old_deadline', '-')}`)}
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_deadline_overdue_tally_insert AFTER INSERT ON deadline
        REFERENCING NEW TABLE AS new_deadline FOR EACH STATEMENT EXECUTE FUNCTION overdue_tally_sync()`);
    await q.query(`
      CREATE TRIGGER tg_deadline_overdue_tally_update AFTER UPDATE ON deadline
        REFERENCING OLD TABLE AS old_deadline NEW TABLE AS new_deadline
        FOR EACH STATEMENT EXECUTE FUNCTION overdue_tally_sync()`);
    await q.query(`
      CREATE TRIGGER tg_deadline_overdue_tally_delete AFTER DELETE ON deadline
        REFERENCING OLD TABLE AS old_deadline FOR EACH STATEMENT EXECUTE FUNCTION overdue_tally_sync()`);
    await q.query(`
      CREATE FUNCTION overdue_tally_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM overdue_tally;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_deadline_overdue_tally_truncate AFTER TRUNCATE ON deadline
        FOR EACH STATEMENT EXECUTE FUNCTION overdue_tally_truncate()`);
    // Counted afresh from the deadlines (the rows it writes): here, and by the generator after its
    // load with triggers off.
    await q.query(`
      CREATE FUNCTION overdue_tally_rebuild() RETURNS SETOF overdue_tally LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM overdue_tally;
        RETURN QUERY
          INSERT INTO overdue_tally (owner_org, kind, n)
          SELECT owner_org, kind, count(*) FROM deadline WHERE state = 'open' AND overdue_at IS NOT NULL
           GROUP BY owner_org, kind
          RETURNING *;
      END $$`);
    await q.query(`SELECT * FROM overdue_tally_rebuild()`);

    // The two corrections of the tally, each normally an empty range of a small index.
    await q.query(
      `CREATE INDEX ix_deadline_open_unmarked ON deadline (due_at) INCLUDE (owner_org, kind)
        WHERE state = 'open' AND overdue_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX ix_deadline_open_marked ON deadline (due_at) INCLUDE (owner_org, kind)
        WHERE state = 'open' AND overdue_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_deadline_open_marked`);
    await q.query(`DROP INDEX IF EXISTS ix_deadline_open_unmarked`);
    for (const event of ['insert', 'update', 'delete', 'truncate'])
      await q.query(`DROP TRIGGER IF EXISTS tg_deadline_overdue_tally_${event} ON deadline`);
    await q.query(`DROP FUNCTION IF EXISTS overdue_tally_rebuild()`);
    await q.query(`DROP FUNCTION IF EXISTS overdue_tally_truncate()`);
    await q.query(`DROP FUNCTION IF EXISTS overdue_tally_sync()`);
    await q.query(`DROP TABLE IF EXISTS overdue_tally`);
  }
}
