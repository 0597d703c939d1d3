import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox's unread count without a scan (issue 12: "counts that do not scan"). Every inbox page
 * counted the organisation's unread notifications through `ix_notification_org_unread`, one index
 * range per month partition: a read that grows with what an organisation leaves unread (835 for the
 * supervisors' office in the generated year, without bound for one that never opens its inbox).
 *
 * `notification_unread` holds unread counts per organisation as partial sums: a statement-level
 * trigger on `notification` adds each statement's net change (new unread rows +1, rows read or
 * deleted −1) to the row of the organisation and of the writing backend (`writer`, its
 * `pg_backend_pid()`). A backend runs one transaction at a time, so two transactions never write one
 * row and never wait for each other: notifications to one street from concurrent routing jobs would
 * otherwise queue on a single counter until each job commits. The count is the sum of an
 * organisation's rows, at most one per backend that notified it since the last fold; the worker's
 * hourly maintenance folds the other rows into `writer` 0 (`notification_unread_fold`, skipping rows
 * a transaction still holds). No CHECK on `n`: a derived count must never refuse a change of the
 * notifications it is derived from.
 *
 * Statements on a partition itself do not fire the parent's statement triggers; the one that does
 * so, `dutygate_ensure_month_partition`, moves rows between partitions, which leaves counts as they
 * are. The generator's load runs with triggers off and calls `notification_unread_rebuild()`.
 */
export class UnreadTally1764997000000 implements MigrationInterface {
  name = 'UnreadTally1764997000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_unread (
        org_code text NOT NULL,
        writer integer NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (org_code, writer)
      )`);
    const counted = (table: string, sign: string) =>
      `SELECT org_code, ${sign}1 AS d FROM ${table} WHERE read_at IS NULL`;
    const apply = (changes: string) => `
        INSERT INTO notification_unread AS u (org_code, writer, n)
        SELECT org_code, pg_backend_pid(), sum(d) FROM (${changes}) c GROUP BY org_code HAVING sum(d) <> 0
         ORDER BY org_code
        ON CONFLICT (org_code, writer) DO UPDATE SET n = u.n + EXCLUDED.n;`;
    await q.query(`
      CREATE FUNCTION notification_unread_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN${apply(counted('new_notification', '+'))}
        ELSIF TG_OP = 'DELETE' THEN${apply(counted('old_notification', '-'))}
        ELSE${apply(`${counted('new_notification', '+')} UNION ALL ${counted('old_notification', '-')}`)}
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_notification_unread_insert AFTER INSERT ON notification
        REFERENCING NEW TABLE AS new_notification FOR EACH STATEMENT EXECUTE FUNCTION notification_unread_sync()`);
    await q.query(`
      CREATE TRIGGER tg_notification_unread_update AFTER UPDATE ON notification
        REFERENCING OLD TABLE AS old_notification NEW TABLE AS new_notification
        FOR EACH STATEMENT EXECUTE FUNCTION notification_unread_sync()`);
    await q.query(`
      CREATE TRIGGER tg_notification_unread_delete AFTER DELETE ON notification
        REFERENCING OLD TABLE AS old_notification FOR EACH STATEMENT EXECUTE FUNCTION notification_unread_sync()`);
    await q.query(`
      CREATE FUNCTION notification_unread_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM notification_unread;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_notification_unread_truncate AFTER TRUNCATE ON notification
        FOR EACH STATEMENT EXECUTE FUNCTION notification_unread_truncate()`);
    // Every backend's partial sums of an organisation folded into its row of writer 0; rows a
    // running transaction holds are left for the next fold. Returns how many rows were folded.
    await q.query(`
      CREATE FUNCTION notification_unread_fold() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        folded bigint;
      BEGIN
        WITH gone AS (
          DELETE FROM notification_unread u
           WHERE (u.org_code, u.writer) IN (SELECT org_code, writer FROM notification_unread
                                             WHERE writer <> 0 FOR UPDATE SKIP LOCKED)
          RETURNING u.org_code, u.n),
        added AS (
          INSERT INTO notification_unread AS u (org_code, writer, n)
          SELECT org_code, 0, sum(n) FROM gone GROUP BY org_code ORDER BY org_code
          ON CONFLICT (org_code, writer) DO UPDATE SET n = u.n + EXCLUDED.n)
        SELECT count(*) INTO folded FROM gone;
        RETURN folded;
      END $$`);
    // Counted afresh from the notifications (the rows it writes): here, and by the generator after
    // its load, as overdue_tally_rebuild() is.
    await q.query(`
      CREATE FUNCTION notification_unread_rebuild() RETURNS SETOF notification_unread LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM notification_unread;
        RETURN QUERY
          INSERT INTO notification_unread (org_code, writer, n)
          SELECT org_code, 0, count(*) FROM notification WHERE read_at IS NULL GROUP BY org_code
          RETURNING *;
      END $$`);
    await q.query(`SELECT * FROM notification_unread_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete', 'truncate'])
      await q.query(`DROP TRIGGER IF EXISTS tg_notification_unread_${event} ON notification`);
    for (const fn of ['rebuild', 'fold', 'truncate', 'sync'])
      await q.query(`DROP FUNCTION IF EXISTS notification_unread_${fn}()`);
    await q.query(`DROP TABLE IF EXISTS notification_unread`);
  }
}
