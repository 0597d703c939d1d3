import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time-ordered ids (UUID version 7, RFC 9562) for every row made from now on (issue 12, writes at a
 * million). Random (version 4) ids put each new key at a random place of its B-tree: a routed
 * assignment wrote into `decision`, `deadline`, `escalation_step` and `audit_head` indexes keyed by
 * its id, each at a random leaf, and at a million assignments those indexes (~500 MB) no longer fit
 * the buffer cache, so routing spent its time reading and writing back pages. With the time in the
 * id's first 48 bits the new keys of a day sit side by side: the same few leaves, kept in cache.
 *
 * The database's own defaults (`gen_random_uuid()` on every table that has one) become
 * `dutygate_uuid7()`; the application makes task, assignment, summons and joint-action ids with
 * `newId()` (libs/domain ids.ts). Existing ids stay as they are: a UUID is a UUID to every reader.
 */
export class TimeOrderedIds1764960000000 implements MigrationInterface {
  name = 'TimeOrderedIds1764960000000';

  async up(q: QueryRunner): Promise<void> {
    // The milliseconds of clock_timestamp() over the first 6 bytes of a random UUID, and the
    // version nibble changed from 4 (0100) to 7 (0111) by setting bits 52 and 53 (PostgreSQL
    // numbers a bytea's bits from the right of each byte). The variant bits stay RFC 9562's.
    await q.query(`
      CREATE FUNCTION dutygate_uuid7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                 PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                 FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
      $$`);
    await this.setDefaults(q, 'gen_random_uuid()', 'dutygate_uuid7()');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.setDefaults(q, 'dutygate_uuid7()', 'gen_random_uuid()');
    await q.query(`DROP FUNCTION dutygate_uuid7()`);
  }

  /** Every column of a table (not a partition: the parent's change reaches them) defaulting to `from`. */
  private async setDefaults(q: QueryRunner, from: string, to: string): Promise<void> {
    const columns: { tbl: string; col: string }[] = await q.query(
      `SELECT c.relname AS tbl, a.attname AS col
         FROM pg_attrdef d
         JOIN pg_class c ON c.oid = d.adrelid
         JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE c.relnamespace = current_schema()::regnamespace AND NOT c.relispartition
          AND pg_get_expr(d.adbin, d.adrelid) = $1
        ORDER BY 1, 2`,
      [from],
    );
    for (const { tbl, col } of columns)
      await q.query(`ALTER TABLE "${tbl}" ALTER COLUMN "${col}" SET DEFAULT ${to}`);
  }
}
