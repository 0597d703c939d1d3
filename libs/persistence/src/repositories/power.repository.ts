import type { Clock, DelegatedPower, EnforcementMeasure, EnforcementSubject } from '@app/domain';
import type { DelegatedPowerReportRow, EnforcementCaseView, PowerView } from '@app/contract';
import { pageOf, type Cursor, type Page } from '../pagination';
import { bind, isoTime, keysetPage, scopeCondition, type Params, type Scope } from '../sql';
import type { Tx } from '../tx';

export type EnforcementCaseRow = EnforcementCaseView;

/** A report row as the statement gives it; the totals row has no power and no street. */
export type PowerReportRow = Omit<DelegatedPowerReportRow, 'powerCode' | 'streetCode'> & {
  powerCode: string | null;
  streetCode: string | null;
  heldPairs: number;
  dormantPairs: number;
};

const CASE_COLUMNS = `c.id, c.street_code AS "streetCode", c.power_code AS "powerCode", p.name AS "powerName",
  p.matter_code AS "matterCode", c.subject, c.measure, c.amount_yuan::float8 AS "amountYuan",
  to_char(c.occurred_on, 'YYYY-MM-DD') AS "occurredOn", c.note, v.version AS "listVersion",
  ${isoTime('c.created_at')} AS "createdAt"`;
const CASE_FROM = `enforcement_case c
  JOIN delegated_power p ON p.list_version_id = c.list_version_id AND p.code = c.power_code
  JOIN list_version v ON v.id = c.list_version_id`;

/** The catalogue of delegated powers (per list version) and the enforcement cases recorded under it. */
export class PowerRepository {
  constructor(private readonly clock: Clock) {}

  async insertPowers(tx: Tx, listVersionId: string, powers: DelegatedPower[]): Promise<void> {
    if (powers.length === 0) return;
    await tx.query(
      `INSERT INTO delegated_power (list_version_id, code, name, legal_basis, matter_code, subjects, street_codes)
       SELECT $1, p.code, p.name, p."legalBasis", p."matterCode", ARRAY(SELECT jsonb_array_elements_text(p.subjects)),
              CASE WHEN jsonb_typeof(p."streetCodes") = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(p."streetCodes")) END
         FROM jsonb_to_recordset($2::jsonb) AS p(code text, name text, "legalBasis" text, "matterCode" text,
              subjects jsonb, "streetCodes" jsonb)`,
      [listVersionId, JSON.stringify(powers)],
    );
  }

  /**
   * A version's catalogue. `street`: whose holding `held` answers (the street must hold delegated
   * penalty powers, and the power must name it or no street); without one every entry is held.
   */
  catalogue(tx: Tx, listVersionId: string, streetCode: string | null): Promise<PowerView[]> {
    return tx.query(
      `SELECT p.code, p.name, p.legal_basis AS "legalBasis", p.matter_code AS "matterCode", m.name AS "matterName",
              p.subjects, p.street_codes AS "streetCodes", v.version AS "listVersion",
              ($2::text IS NULL OR (o.holds_penalty_power AND (p.street_codes IS NULL OR o.code = ANY (p.street_codes)))) AS held
         FROM delegated_power p
         JOIN matter m ON m.list_version_id = p.list_version_id AND m.code = p.matter_code
         JOIN list_version v ON v.id = p.list_version_id
         LEFT JOIN organisation o ON o.code = $2
        WHERE p.list_version_id = $1
        ORDER BY p.code`,
      [listVersionId, streetCode],
    );
  }

  async findPower(tx: Tx, listVersionId: string, code: string): Promise<DelegatedPower | null> {
    const rows = await tx.query(
      `SELECT code, name, legal_basis AS "legalBasis", matter_code AS "matterCode", subjects, street_codes AS "streetCodes"
         FROM delegated_power WHERE list_version_id = $1 AND code = $2`,
      [listVersionId, code],
    );
    return rows[0] ?? null;
  }

  async countPowers(tx: Tx, listVersionId: string): Promise<number> {
    const rows = await tx.query(`SELECT count(*)::int AS n FROM delegated_power WHERE list_version_id = $1`, [
      listVersionId,
    ]);
    return rows[0].n;
  }

  async insertCase(
    tx: Tx,
    c: {
      streetCode: string;
      listVersionId: string;
      powerCode: string;
      subject: EnforcementSubject;
      measure: EnforcementMeasure;
      amountYuan: number | null;
      occurredOn: string;
      note: string | null;
      createdBy: string;
    },
  ): Promise<EnforcementCaseRow> {
    const rows = await tx.query(
      `WITH c AS (
         INSERT INTO enforcement_case (street_code, list_version_id, power_code, subject, measure, amount_yuan, occurred_on,
           note, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *)
       SELECT ${CASE_COLUMNS} FROM ${CASE_FROM.replace('enforcement_case c', 'c')}`,
      [
        c.streetCode,
        c.listVersionId,
        c.powerCode,
        c.subject,
        c.measure,
        c.amountYuan,
        c.occurredOn,
        c.note,
        c.createdBy,
        this.clock.now(),
      ],
    );
    return rows[0];
  }

  /** Cases newest recorded first, in the asker's scope (a street: its own). */
  async cases(
    tx: Tx,
    scope: Scope,
    f: {
      powerCode?: string;
      streetCode?: string;
      from?: string;
      to?: string;
      cursor?: Cursor;
      limit: number;
    },
  ): Promise<Page<EnforcementCaseRow>> {
    const params: Params = [];
    const conds = [scopeCondition(scope, params, { street: 'c.street_code' })];
    if (f.powerCode) conds.push(`c.power_code = ${bind(params, f.powerCode)}`);
    if (f.streetCode) conds.push(`c.street_code = ${bind(params, f.streetCode)}`);
    if (f.from) conds.push(`c.occurred_on >= ${bind(params, f.from)}::date`);
    if (f.to) conds.push(`c.occurred_on <= ${bind(params, f.to)}::date`);
    const page = keysetPage({ time: 'c.created_at', id: 'c.id' }, f, params);
    const rows = await tx.query(
      `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE ${[...conds, page.after].join(' AND ')} ${page.orderLimit}`,
      params,
    );
    return pageOf(rows, f.limit);
  }

  /**
   * The delegated-powers report in one statement: every (power, street) pair the catalogue of
   * `listVersionId` holds (streets of the district, or the one street) joined with the cases of
   * [from, to) counted by measure (cases under a power no longer held keep their own row), then
   * the totals as the grouping set `()`. Soft share, dormant flag and names are computed here too.
   */
  report(
    tx: Tx,
    f: { listVersionId: string | null; from: string; to: string; districtCode?: string; streetCode?: string },
  ): Promise<PowerReportRow[]> {
    return tx.query(
      `WITH streets AS (
         SELECT code, name, district_code, holds_penalty_power FROM organisation
          WHERE kind = 'street' AND ($4::text IS NULL OR district_code = $4) AND ($5::text IS NULL OR code = $5)),
       held AS (
         SELECT p.code AS power_code, s.code AS street_code
           FROM delegated_power p JOIN streets s
             ON s.holds_penalty_power AND (p.street_codes IS NULL OR s.code = ANY (p.street_codes))
          WHERE p.list_version_id = $1),
       used AS (
         SELECT c.power_code, c.street_code,
                count(*) FILTER (WHERE c.measure = 'persuasion') AS persuasion,
                count(*) FILTER (WHERE c.measure = 'rectification_notice') AS rectification,
                count(*) FILTER (WHERE c.measure = 'penalty') AS penalty,
                count(*) FILTER (WHERE c.measure = 'transferred') AS transferred,
                coalesce(sum(c.amount_yuan), 0) AS amount
           FROM enforcement_case c JOIN streets s ON s.code = c.street_code
          WHERE c.occurred_on >= $2::date AND c.occurred_on < $3::date
          GROUP BY c.power_code, c.street_code),
       pairs AS (
         SELECT power_code, street_code, h.power_code IS NOT NULL AS held,
                coalesce(u.persuasion, 0) AS persuasion, coalesce(u.rectification, 0) AS rectification,
                coalesce(u.penalty, 0) AS penalty, coalesce(u.transferred, 0) AS transferred,
                coalesce(u.amount, 0) AS amount
           FROM held h FULL JOIN used u USING (power_code, street_code)),
       grouped AS (
         SELECT power_code, street_code, grouping(power_code) = 1 AS is_total,
                bool_or(held) AS held,
                sum(persuasion)::int AS persuasion, sum(rectification)::int AS rectification,
                sum(penalty)::int AS penalty, sum(transferred)::int AS transferred,
                sum(persuasion + rectification + penalty + transferred)::int AS total,
                sum(amount)::float8 AS amount,
                count(*) FILTER (WHERE held)::int AS held_pairs,
                count(*) FILTER (WHERE held AND penalty = 0)::int AS dormant_pairs
           FROM pairs GROUP BY GROUPING SETS ((power_code, street_code), ()))
       SELECT g.power_code AS "powerCode", g.street_code AS "streetCode",
              coalesce(pn.name, '') AS "powerName", coalesce(pn.matter_code, '') AS "matterCode",
              coalesce(s.name, '') AS "streetName", coalesce(s.district_code, '') AS "districtCode",
              coalesce(g.held, false) AS held, (coalesce(g.held, false) AND g.penalty = 0) AS dormant,
              g.persuasion, g.rectification AS "rectificationNotice", g.penalty, g.transferred, g.total,
              CASE WHEN g.total > 0 THEN round((g.persuasion + g.rectification)::numeric / g.total, 4)::float8 END AS "softShare",
              g.amount AS "penaltyAmountYuan", g.held_pairs AS "heldPairs", g.dormant_pairs AS "dormantPairs"
         FROM grouped g
         LEFT JOIN streets s ON s.code = g.street_code
         -- a power's name from the catalogue read, else from the newest catalogue that had the code
         LEFT JOIN LATERAL (
           SELECT p.name, p.matter_code FROM delegated_power p JOIN list_version v ON v.id = p.list_version_id
            WHERE p.code = g.power_code
            ORDER BY (p.list_version_id = $1) DESC, v.effective_from DESC, v.created_at DESC LIMIT 1) pn ON NOT g.is_total
        ORDER BY g.is_total, g.power_code, g.street_code`,
      [f.listVersionId, f.from, f.to, f.districtCode ?? null, f.streetCode ?? null],
    );
  }
}
