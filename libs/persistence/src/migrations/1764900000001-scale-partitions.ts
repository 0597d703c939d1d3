import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables that grow by the month and are range-partitioned on `created_at`. */
export const MONTHLY_TABLES = ['audit_event', 'notification'] as const;

/**
 * Growth (issue 12): audit events and notifications partitioned by month (UTC months,
 * `<table>_pYYYY_MM`, plus a `<table>_default` catching anything outside them), and the chain
 * head of every audit aggregate in `audit_head`.
 *
 * The partitioned tables are built from the live ones (`LIKE … INCLUDING` defaults, CHECKs,
 * storage, statistics), so columns and CHECK constraints that other migrations added survive;
 * their non-unique indexes are re-created from `pg_indexes`. A primary or unique key of a
 * partitioned table must hold the partition key, so:
 * - the primary keys become `(id, created_at)`;
 * - `uq_audit_event_aggregate_seq` cannot stay unique across months: a plain index keeps the
 *   per-aggregate order, and `audit_head` (one row per aggregate: last seq and hash, maintained
 *   by a statement trigger) refuses an insert that does not continue its aggregate's chain — two
 *   writers racing for one aggregate still get a unique violation under that constraint's name,
 *   and the append path reads the head by primary key instead of probing every partition;
 * - foreign keys INTO these tables (webhook_delivery → notification) are dropped: a reference
 *   would have to carry `created_at` too. The delivery's notification id is still checked by the
 *   one statement that writes both (NotificationRepository.add / fireDue).
 *
 * `dutygate_ensure_partitions(now, months_ahead)` creates the month of `now` and the next ones,
 * moving any rows the default partition caught for them; the migration calls it for every month
 * holding data, the worker's storage maintenance calls it hourly.
 */
export class ScalePartitions1764900000001 implements MigrationInterface {
  name = 'ScalePartitions1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION dutygate_ensure_month_partition(parent regclass, month timestamptz) RETURNS boolean
      LANGUAGE plpgsql AS $$
      DECLARE
        lo timestamptz := date_trunc('month', month AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
        hi timestamptz := (date_trunc('month', month AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
        base text := (SELECT relname FROM pg_class WHERE oid = parent);
        part text := base || '_p' || to_char(lo AT TIME ZONE 'UTC', 'YYYY_MM');
        dflt text := base || '_default';
      BEGIN
        IF to_regclass(quote_ident(part)) IS NOT NULL THEN RETURN false; END IF;
        PERFORM pg_advisory_xact_lock(hashtext('dutygate_partitions'));
        IF to_regclass(quote_ident(part)) IS NOT NULL THEN RETURN false; END IF;
        EXECUTE format('CREATE TABLE %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)', part, parent);
        IF to_regclass(quote_ident(dflt)) IS NOT NULL THEN
          EXECUTE format('WITH moved AS (DELETE FROM %I WHERE created_at >= $1 AND created_at < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved', dflt, part)
            USING lo, hi;
        END IF;
        EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, lo, hi);
        RETURN true;
      END $$`);
    await q.query(`
      CREATE FUNCTION dutygate_ensure_partitions(now timestamptz, months_ahead int) RETURNS int
      LANGUAGE plpgsql AS $$
      DECLARE
        t text;
        created int := 0;
      BEGIN
        FOREACH t IN ARRAY ARRAY[${MONTHLY_TABLES.map((t) => `'${t}'`).join(', ')}] LOOP
          FOR i IN 0..months_ahead LOOP
            IF dutygate_ensure_month_partition(t::regclass, now + make_interval(months => i)) THEN created := created + 1; END IF;
          END LOOP;
        END LOOP;
        RETURN created;
      END $$`);

    for (const table of MONTHLY_TABLES) await this.partition(q, table);

    await q.query(`
      CREATE TABLE audit_head (
        aggregate_type text NOT NULL,
        aggregate_id text NOT NULL,
        seq integer NOT NULL,
        hash text NOT NULL,
        CONSTRAINT pk_audit_head PRIMARY KEY (aggregate_type, aggregate_id)
      )`);
    await q.query(`
      INSERT INTO audit_head
      SELECT DISTINCT ON (aggregate_type, aggregate_id) aggregate_type, aggregate_id, seq, hash
        FROM audit_event ORDER BY aggregate_type, aggregate_id, seq DESC`);
    await q.query(`
      CREATE FUNCTION audit_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        expected bigint;
        advanced bigint;
      BEGIN
        WITH b AS (
          SELECT aggregate_type, aggregate_id, min(seq) AS first, max(seq) AS last, count(*) AS n,
                 (array_agg(hash ORDER BY seq DESC))[1] AS hash
            FROM new_events GROUP BY aggregate_type, aggregate_id),
        ins AS (
          INSERT INTO audit_head (aggregate_type, aggregate_id, seq, hash)
          SELECT aggregate_type, aggregate_id, last, hash FROM b WHERE first = 1 AND last = n
          ON CONFLICT DO NOTHING RETURNING 1),
        upd AS (
          UPDATE audit_head h SET seq = b.last, hash = b.hash FROM b
           WHERE h.aggregate_type = b.aggregate_type AND h.aggregate_id = b.aggregate_id AND b.first > 1
             AND h.seq = b.first - 1 AND b.last - b.first + 1 = b.n
          RETURNING 1)
        SELECT (SELECT count(*) FROM b), (SELECT count(*) FROM ins) + (SELECT count(*) FROM upd) INTO expected, advanced;
        IF advanced <> expected THEN
          RAISE EXCEPTION 'audit event does not continue its aggregate''s chain'
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'uq_audit_event_aggregate_seq';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_audit_head AFTER INSERT ON audit_event REFERENCING NEW TABLE AS new_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_head_advance()`);
  }

  /** Rebuilds `table` as a partitioned copy of itself holding the same rows. */
  private async partition(q: QueryRunner, table: string): Promise<void> {
    const old = `${table}_unpartitioned`;
    const indexes: { name: string; def: string; unique: boolean; primary: boolean }[] = await q.query(
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def, i.indisunique AS unique, i.indisprimary AS primary
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::regclass`,
      [table],
    );
    const inbound: { name: string; child: string }[] = await q.query(
      `SELECT conname AS name, conrelid::regclass::text AS child FROM pg_constraint WHERE contype = 'f' AND confrelid = $1::regclass`,
      [table],
    );
    for (const fk of inbound) await q.query(`ALTER TABLE ${fk.child} DROP CONSTRAINT ${fk.name}`);
    // Foreign keys FROM the table (to organisation, …) are kept: LIKE does not copy them.
    const outbound: { name: string; def: string }[] = await q.query(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f' AND conrelid = $1::regclass`,
      [table],
    );
    const sequences: { seq: string; col: string }[] = await q.query(
      `SELECT s.oid::regclass::text AS seq, a.attname AS col FROM pg_depend d
         JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
         JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.refobjid = $1::regclass AND d.deptype = 'a'`,
      [table],
    );
    await q.query(`ALTER TABLE ${table} RENAME TO ${old}`);
    for (const ix of indexes) await q.query(`ALTER INDEX ${ix.name} RENAME TO ${ix.name}_unpartitioned`);
    for (const c of await q.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`,
      [old],
    ))
      await q.query(`ALTER TABLE ${old} RENAME CONSTRAINT ${c.conname} TO ${c.conname}_unpartitioned`);
    await q.query(
      `CREATE TABLE ${table} (LIKE ${old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING STATISTICS INCLUDING COMMENTS)
         PARTITION BY RANGE (created_at)`,
    );
    // LIKE copied the CHECK constraints under the renamed names: give them back their own.
    for (const c of await q.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`,
      [table],
    ))
      await q.query(
        `ALTER TABLE ${table} RENAME CONSTRAINT ${c.conname} TO ${String(c.conname).replace(/_unpartitioned$/, '')}`,
      );
    for (const s of sequences) await q.query(`ALTER SEQUENCE ${s.seq} OWNED BY ${table}.${s.col}`);
    await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (id, created_at)`);
    for (const ix of indexes) {
      if (ix.primary) continue;
      // Unique indexes lose their uniqueness (see the class comment); everything else is as it was.
      // The definition was read before the rename, so it names the new table already.
      await q.query(ix.def.replace(/^CREATE UNIQUE INDEX/, 'CREATE INDEX'));
    }
    for (const fk of outbound) {
      await q.query(`ALTER TABLE ${old} DROP CONSTRAINT ${fk.name}`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${fk.name} ${fk.def}`);
    }
    await q.query(`CREATE TABLE ${table}_default PARTITION OF ${table} DEFAULT`);
    const range: { lo: Date | null; hi: Date | null }[] = await q.query(
      `SELECT min(created_at) AS lo, max(created_at) AS hi FROM ${old}`,
    );
    const lo = range[0].lo ?? new Date();
    const hi = range[0].hi && range[0].hi > new Date() ? range[0].hi : new Date();
    await q.query(
      `SELECT dutygate_ensure_month_partition($1::regclass, m) FROM generate_series(date_trunc('month', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', $3::timestamptz + interval '3 months', interval '1 month') m`,
      [table, lo, hi],
    );
    await q.query(`INSERT INTO ${table} SELECT * FROM ${old}`);
    await q.query(`DROP TABLE ${old}`);
  }

  async down(): Promise<void> {
    throw new Error('ScalePartitions cannot be reverted in place: restore from a backup taken before it');
  }
}
