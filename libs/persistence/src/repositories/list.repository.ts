import { DomainError, type Clock, type Matter, type RoutingRule } from '@app/domain';
import { withMeanings } from '../pg-errors';
import type { ListVersion } from '@app/contract';
import { updateReturning, type Tx } from '../tx';

/** A list version without its matter count (`ListVersion` of libs/contract has it). */
export type ListVersionRow = Omit<ListVersion, 'matters'>;

const VERSION_COLUMNS = `id, version, status, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", created_at AS "createdAt",
  published_at AS "publishedAt"`;

const MATTER_COLUMNS = `code, category, name, mode, principal_dept_code AS "principalDeptCode", principal_dept AS "principalDept",
  principal_duties AS "principalDuties", supporting_units AS "supportingUnits", street_supporting_duties AS "streetSupportingDuties",
  legal_basis AS "legalBasis", delegable_to_street AS "delegableToStreet", street_enforcement_power AS "streetEnforcementPower",
  street_power_subjects AS "streetPowerSubjects", enforcement_note AS "enforcementNote", source, source_ref AS "sourceRef", note`;

/**
 * A matter row (table alias `m`) as the contract's Matter, or NULL when the row is absent (an outer
 * join found none): the JSON kept in the row itself (`view_json`, migration StoredViewJson), for
 * views that show the list's text beside a decision.
 */
export const matterJson = (m: string): string => `${m}.view_json`;

export class ListRepository {
  constructor(private readonly clock: Clock) {}

  async findVersion(tx: Tx, id: string): Promise<ListVersionRow | null> {
    const rows = await tx.query(`SELECT ${VERSION_COLUMNS} FROM list_version WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findByVersion(tx: Tx, version: string): Promise<ListVersionRow | null> {
    const rows = await tx.query(`SELECT ${VERSION_COLUMNS} FROM list_version WHERE version = $1`, [version]);
    return rows[0] ?? null;
  }

  /** The published version in force on a date: latest effective date, then latest publication. */
  async inForce(tx: Tx, date: string): Promise<ListVersionRow | null> {
    const rows = await tx.query(
      `SELECT ${VERSION_COLUMNS} FROM list_version WHERE status = 'published' AND effective_from <= $1::date
        ORDER BY effective_from DESC, published_at DESC LIMIT 1`,
      [date],
    );
    return rows[0] ?? null;
  }

  async versions(tx: Tx): Promise<Omit<ListVersion, 'inForce'>[]> {
    return tx.query(
      `SELECT ${VERSION_COLUMNS}, (SELECT count(*)::int FROM matter m WHERE m.list_version_id = v.id) AS matters
         FROM list_version v ORDER BY created_at DESC`,
    );
  }

  async insertVersion(
    tx: Tx,
    version: string,
    effectiveFrom: string,
    createdBy: string | null,
  ): Promise<string> {
    const rows = await withMeanings(
      tx.query(
        `INSERT INTO list_version (version, status, effective_from, created_by, created_at) VALUES ($1, 'draft', $2, $3, $4)
         RETURNING id`,
        [version, effectiveFrom, createdBy, this.clock.now()],
      ),
      // Version names are unique: a second import under the same name, even a concurrent one, is refused.
      {
        uq_list_version_version: () =>
          new DomainError('LIST_VERSION_EXISTS', [{ field: 'version', reason: 'version_exists' }]),
      },
    );
    return rows[0].id;
  }

  async insertMatters(tx: Tx, listVersionId: string, matters: Matter[]): Promise<void> {
    if (matters.length === 0) return;
    // One statement for the whole list: a jsonb array expanded by PostgreSQL.
    await tx.query(
      `INSERT INTO matter (list_version_id, code, category, name, mode, principal_dept_code, principal_dept, principal_duties,
         supporting_units, street_supporting_duties, legal_basis, delegable_to_street, street_enforcement_power,
         street_power_subjects, enforcement_note, source, source_ref, note)
       SELECT $1, m.code, m.category, m.name, m.mode, m."principalDeptCode", m."principalDept", m."principalDuties",
         ARRAY(SELECT jsonb_array_elements_text(m."supportingUnits")), ARRAY(SELECT jsonb_array_elements_text(m."streetSupportingDuties")),
         m."legalBasis", m."delegableToStreet", m."streetEnforcementPower",
         ARRAY(SELECT jsonb_array_elements_text(m."streetPowerSubjects")), m."enforcementNote", m.source, m."sourceRef", m.note
       FROM jsonb_to_recordset($2::jsonb) AS m(code text, category text, name text, mode text, "principalDeptCode" text,
         "principalDept" text, "principalDuties" text, "supportingUnits" jsonb, "streetSupportingDuties" jsonb, "legalBasis" text,
         "delegableToStreet" text, "streetEnforcementPower" text, "streetPowerSubjects" jsonb, "enforcementNote" text,
         source text, "sourceRef" text, note text)`,
      [listVersionId, JSON.stringify(matters)],
    );
  }

  async replaceRules(tx: Tx, listVersionId: string, rules: RoutingRule[]): Promise<void> {
    await tx.query(`DELETE FROM routing_rule WHERE list_version_id = $1`, [listVersionId]);
    await tx.query(
      `INSERT INTO routing_rule (list_version_id, position, rule_id, description, condition, outcome, reason)
       SELECT $1, r.ord, r.rule->>'id', r.rule->>'description', r.rule->'when', r.rule->>'outcome', r.rule->'reason'
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS r(rule, ord)`,
      [listVersionId, JSON.stringify(rules)],
    );
  }

  async rules(tx: Tx, listVersionId: string): Promise<RoutingRule[]> {
    return tx.query(
      `SELECT rule_id AS id, description, condition AS "when", outcome, reason FROM routing_rule
        WHERE list_version_id = $1 ORDER BY position`,
      [listVersionId],
    );
  }

  async matters(tx: Tx, listVersionId: string): Promise<Matter[]> {
    return tx.query(`SELECT ${MATTER_COLUMNS} FROM matter WHERE list_version_id = $1 ORDER BY code`, [
      listVersionId,
    ]);
  }

  async matterExists(tx: Tx, listVersionId: string, code: string): Promise<boolean> {
    const rows = await tx.query(`SELECT 1 FROM matter WHERE list_version_id = $1 AND code = $2`, [
      listVersionId,
      code,
    ]);
    return rows.length > 0;
  }

  /** Matters matching a free-text query (code, name or duties) and/or a category. */
  searchMatters(
    tx: Tx,
    listVersionId: string,
    q: string | undefined,
    category: string | undefined,
  ): Promise<Matter[]> {
    const like = q ? `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%` : null;
    return tx.query(
      `SELECT ${MATTER_COLUMNS} FROM matter
        WHERE list_version_id = $1
          AND ($2::text IS NULL OR category = $2)
          AND ($3::text IS NULL OR code ILIKE $3 OR name ILIKE $3 OR principal_duties ILIKE $3
               OR array_to_string(street_supporting_duties, ' ') ILIKE $3)
        ORDER BY code`,
      [listVersionId, category ?? null, like],
    );
  }

  /** Drafts become published once; the status guard makes a second publish a no-op the caller sees. */
  async publish(tx: Tx, id: string): Promise<ListVersionRow | null> {
    const rows = await updateReturning<ListVersionRow>(
      tx,
      `UPDATE list_version SET status = 'published', published_at = $2 WHERE id = $1 AND status = 'draft' RETURNING ${VERSION_COLUMNS}`,
      [id, this.clock.now()],
    );
    return rows[0] ?? null;
  }
}
