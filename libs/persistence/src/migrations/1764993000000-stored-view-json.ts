import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A timestamp as the API writes it (the project's `isoTime`), here so the migration stays as it is. */
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * A decision row (`r`: its alias, or `NEW`) as the contract's decision object, the JSON the
 * assignment lists, the review queue and the dispute queue send. What the trigger stores;
 * test/support/view-json.ts compares the stored JSON with it.
 */
export const decisionViewJson = (r: string): string =>
  `jsonb_build_object('outcome', ${r}.outcome, 'ruleId', ${r}.rule_id, 'listVersion', ${r}.list_version,
    'reason', ${r}.reason, 'reasonEn', ${r}.reason_en, 'strippedDemands', to_jsonb(${r}.stripped_demands),
    'inputs', ${r}.inputs, 'decidedAt', ${iso(`${r}.decided_at`)})::json`;

/** The contract's Matter fields and their columns. */
const MATTER_FIELDS: [string, string][] = [
  ['code', 'code'],
  ['category', 'category'],
  ['name', 'name'],
  ['mode', 'mode'],
  ['principalDeptCode', 'principal_dept_code'],
  ['principalDept', 'principal_dept'],
  ['principalDuties', 'principal_duties'],
  ['supportingUnits', 'supporting_units'],
  ['streetSupportingDuties', 'street_supporting_duties'],
  ['legalBasis', 'legal_basis'],
  ['delegableToStreet', 'delegable_to_street'],
  ['streetEnforcementPower', 'street_enforcement_power'],
  ['streetPowerSubjects', 'street_power_subjects'],
  ['enforcementNote', 'enforcement_note'],
  ['source', 'source'],
  ['sourceRef', 'source_ref'],
  ['note', 'note'],
];

/** A matter row (`r`: its alias, or `NEW`) as the contract's Matter, the JSON the dispute queue sends. */
export const matterViewJson = (r: string): string =>
  `jsonb_build_object(${MATTER_FIELDS.map(([k, c]) => `'${k}', ${r}.${c}`).join(', ')})::json`;

/**
 * Each decision and each matter kept as the JSON the lists send (issue 12). Every assignment list
 * row (a street's inbox, a department's assignments), the review queue and the dispute queue built
 * the current decision's JSON per row, and the dispute queue each row's matter too. At a million
 * assignments that was a third to a half of PostgreSQL's CPU for a list page: a street's inbox
 * 625–650 µs, 400–463 without the decision's JSON; a department's assignments 513–538, 263–275
 * without it; a dispute page 1,090–1,220, 525–700 without the matters' (docs/measurements.md).
 *
 * Both rows are written once and never changed (a new routing round writes a new decision; a list
 * version's matters are fixed when it is imported), so the JSON is a column of the row, `view_json`,
 * set by a BEFORE INSERT OR UPDATE trigger from the row itself: whoever writes the row, it cannot
 * disagree with it. The triggers are ENABLE ALWAYS: they also fire for the generator's load, which
 * runs with `session_replication_role = replica` to skip the others. `json`, not `jsonb`: read as
 * stored text, with no conversion per row; built through `jsonb`, so its text is what the views sent
 * before (keys in jsonb's order). About 310 bytes more per decision.
 */
export class StoredViewJson1764993000000 implements MigrationInterface {
  name = 'StoredViewJson1764993000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, build] of [
      ['decision', decisionViewJson],
      ['matter', matterViewJson],
    ] as const) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN view_json json`);
      await q.query(`UPDATE ${table} r SET view_json = ${build('r')}`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN view_json SET NOT NULL`);
      await q.query(`
        CREATE FUNCTION ${table}_view_json() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.view_json := ${build('NEW')};
          RETURN NEW;
        END $$`);
      await q.query(`
        CREATE TRIGGER tg_${table}_view_json BEFORE INSERT OR UPDATE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION ${table}_view_json()`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER tg_${table}_view_json`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['matter', 'decision']) {
      await q.query(`DROP TRIGGER tg_${table}_view_json ON ${table}`);
      await q.query(`DROP FUNCTION ${table}_view_json()`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN view_json`);
    }
  }
}
