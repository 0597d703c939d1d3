import { DomainError, type Clock } from '@app/domain';
import type { Dispute, ExtensionView, ReviewItem } from '@app/contract';
import type { Cursor } from '../pagination';
import { withMeanings } from '../pg-errors';
import { decisionJson, routedMatterCode } from './assignment.repository';
import { matterJson } from './list.repository';
import { bind, isoTime, keysetPage, type Params } from '../sql';
import { updateReturning, type Tx } from '../tx';

/** A dispute's own row; the list and the ruling's answer add the decider's context (`Dispute`). */
export type DisputeRow = Omit<
  Dispute,
  'taskId' | 'taskTitle' | 'taskDescription' | 'legalBasis' | 'decision' | 'matter' | 'citedMatter'
>;

export type ExtensionRow = ExtensionView;

/** A dispute's own columns, of table alias `p` ('' for the bare table). */
const disputeColumns = (
  p: string,
) => `${p}id, ${p}assignment_id AS "assignmentId", ${p}street_code AS "streetCode",
  ${p}department_code AS "departmentCode", ${p}reason_code AS "reasonCode", ${p}cited_matter_code AS "citedMatterCode",
  ${p}reason, ${p}state, ${p}upheld, ${p}note, ${isoTime(`${p}created_at`)} AS "createdAt", ${isoTime(`${p}decided_at`)} AS "decidedAt"`;
const DISPUTE_COLUMNS = disputeColumns('');
/**
 * A dispute with what the organisation office needs to rule on it: the task, the decision the
 * street disputed (the latest one decided before the dispute was opened), the list's text of the
 * matter it was routed on and of the matter the street cites (in the task's list version, else
 * the latest version that has it).
 */
const DISPUTE_VIEW = `SELECT ${disputeColumns('ds.')},
    t.id AS "taskId", t.title AS "taskTitle", t.description AS "taskDescription", t.legal_basis AS "legalBasis",
    ${decisionJson('d')} AS decision, ${matterJson('m')} AS matter, ${matterJson('cm')} AS "citedMatter"
  FROM dispute ds JOIN assignment a ON a.id = ds.assignment_id JOIN task t ON t.id = a.task_id
  LEFT JOIN LATERAL (SELECT * FROM decision x WHERE x.assignment_id = ds.assignment_id AND x.decided_at <= ds.created_at
                      ORDER BY x.routing_round DESC LIMIT 1) d ON true
  LEFT JOIN matter m ON m.list_version_id = t.list_version_id AND m.code = ${routedMatterCode('a', 't')}
  LEFT JOIN LATERAL (SELECT y.* FROM matter y JOIN list_version lv ON lv.id = y.list_version_id
                      WHERE y.code = ds.cited_matter_code
                      ORDER BY (y.list_version_id = t.list_version_id) DESC, lv.effective_from DESC LIMIT 1) cm ON true`;

/** An extension as the API shows it (libs/contract ExtensionView); `p`: the table's alias with its dot. */
export const extensionColumns = (
  p = '',
) => `${p}id, ${p}assignment_id AS "assignmentId", ${p}working_days AS "workingDays", ${p}reason, ${p}state,
  ${isoTime(`${p}created_at`)} AS "createdAt", ${isoTime(`${p}decided_at`)} AS "decidedAt"`;
const EXTENSION_COLUMNS = extensionColumns();

/**
 * The share (0–1) of the two-character terms of `a` that occur in `b`. Chinese has no spaces,
 * and pg_trgm's trigrams only see letters and digits of the database's locale, so it scored
 * every Chinese matter 0: two-character terms are how Chinese words mostly come (低保, 入户, 调查).
 */
const termShare = (a: string, b: string): string =>
  `(SELECT coalesce(count(DISTINCT g) FILTER (WHERE strpos(${b}, g) > 0)::float8 / nullif(count(DISTINCT g), 0), 0)
      FROM generate_series(1, char_length(${a}) - 1) i, substr(${a}, i, 2) g WHERE g !~ '[[:space:][:punct:]]')`;

/** Disputes (street contests an assignment) and extension requests: the two cases a third party decides. */
export class CaseRepository {
  constructor(private readonly clock: Clock) {}

  async openDispute(
    tx: Tx,
    d: {
      assignmentId: string;
      streetCode: string;
      departmentCode: string;
      reasonCode: string;
      citedMatterCode: string | null;
      reason: string;
    },
  ): Promise<DisputeRow> {
    const rows = await withMeanings(
      tx.query(
        `INSERT INTO dispute (assignment_id, street_code, department_code, reason_code, cited_matter_code, reason, state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) RETURNING ${DISPUTE_COLUMNS}`,
        [
          d.assignmentId,
          d.streetCode,
          d.departmentCode,
          d.reasonCode,
          d.citedMatterCode,
          d.reason,
          this.clock.now(),
        ],
      ),
      // One open dispute per assignment: a second one at the same moment lost the race.
      { uq_dispute_open_per_assignment: () => new DomainError('STATE_CONFLICT') },
    );
    return rows[0];
  }

  async findDispute(tx: Tx, id: string): Promise<Dispute | null> {
    const rows = await tx.query(`${DISPUTE_VIEW} WHERE ds.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async decideDispute(
    tx: Tx,
    id: string,
    upheld: 'street' | 'department',
    note: string,
    decidedBy: string,
  ): Promise<DisputeRow | null> {
    const rows = await updateReturning<DisputeRow>(
      tx,
      `UPDATE dispute SET state = 'decided', upheld = $2, note = $3, decided_by = $4, decided_at = $5
        WHERE id = $1 AND state = 'open' RETURNING ${DISPUTE_COLUMNS}`,
      [id, upheld, note, decidedBy, this.clock.now()],
    );
    return rows[0] ?? null;
  }

  disputes(tx: Tx, f: { state?: 'open' | 'decided'; cursor?: Cursor; limit: number }): Promise<Dispute[]> {
    const params: Params = [];
    const conds: string[] = [];
    if (f.state) conds.push(`ds.state = ${bind(params, f.state)}`);
    const page = keysetPage({ time: 'ds.created_at', id: 'ds.id' }, f, params);
    return tx.query(
      `${DISPUTE_VIEW} WHERE ${[...conds, page.after].join(' AND ')} ${page.orderLimit}`,
      params,
    );
  }

  /** A withdrawn assignment leaves nothing for anyone to decide (decided with no party upheld and no note). */
  async withdrawOpenCases(tx: Tx, assignmentId: string): Promise<void> {
    const now = this.clock.now();
    await tx.query(
      `UPDATE dispute SET state = 'decided', decided_at = $2 WHERE assignment_id = $1 AND state = 'open'`,
      [assignmentId, now],
    );
    await tx.query(
      `UPDATE extension SET state = 'rejected', decided_at = $2 WHERE assignment_id = $1 AND state = 'pending'`,
      [assignmentId, now],
    );
  }

  /**
   * Assignments in admission review, each with the five matters of its list version whose names
   * and duties read most like the task (term shares computed in PostgreSQL). The suggestions are
   * a property of the task (its text against the immutable matters of its list version), and
   * computing them compares the task with every matter (~3–6 ms of CPU): they are computed once per
   * task, the first time one of its assignments is on a page, and kept in `task_suggestion`
   * (dropped when the task's text is edited) as `json`, sent on as PostgreSQL keeps it (migration
   * SuggestionsAsJson).
   *
   * A page is first read with a plain SELECT, which is all it takes once every task on it has its
   * suggestions kept (every read but a new task's first). Only when a row has none is the page read
   * again by the statement that computes and keeps them, whose data-modifying CTE cost every read
   * about a fifth of its PostgreSQL time when it was the only statement, and made the reviewers'
   * queue a write that no read replica could answer. That statement answers with what it computed,
   * as its own insert is not visible to it; `OFFSET 0` keeps each score from being computed twice
   * (once for the filter, once for the output).
   */
  async reviewQueue(tx: Tx, f: { open: boolean; cursor?: Cursor; limit: number }): Promise<ReviewItem[]> {
    const params: Params = [];
    const open = f.open
      ? `a.state = 'in_review'`
      : `EXISTS (SELECT 1 FROM decision x WHERE x.assignment_id = a.id AND x.outcome = 'needs_admission_review')`;
    const page = keysetPage({ time: 'a.created_at', id: 'a.id' }, f, params);
    const pageRows = `pg AS MATERIALIZED (
         SELECT a.id, a.task_id, a.street_code, a.state, a.version, a.created_at, a.routing_round FROM assignment a
          WHERE ${open} AND ${page.after} ${page.orderLimit})`;
    const view = (suggestions: string, computed: string) =>
      `SELECT a.id, a.task_id AS "taskId", a.street_code AS "streetCode", a.state, a.version, t.title, t.description,
              t.submitter_code AS "submitterCode", t.action_type AS "actionType", t.temporary, ${isoTime('a.created_at')} AS "createdAt",
              t.legal_basis AS "legalBasis", ${decisionJson('cd')} AS decision,
              (SELECT ${isoTime('d.due_at')} FROM deadline d WHERE d.assignment_id = a.id AND d.kind = 'review') AS "reviewDueAt",
              ${suggestions} AS suggestions
         FROM pg a JOIN task t ON t.id = a.task_id
         LEFT JOIN task_suggestion ts ON ts.task_id = a.task_id ${computed}
         LEFT JOIN decision cd ON cd.assignment_id = a.id AND cd.routing_round = a.routing_round
        ${page.orderLimit}`;
    // A task without kept suggestions gives its rows NULL here.
    const kept: (ReviewItem | (Omit<ReviewItem, 'suggestions'> & { suggestions: null }))[] = await tx.query(
      `WITH ${pageRows} ${view('ts.suggestions', '')}`,
      params,
    );
    if (kept.every((r): r is ReviewItem => r.suggestions !== null)) return kept;
    const withNow = [...params];
    return tx.query(
      `WITH ${pageRows},
       computed AS MATERIALIZED (
         SELECT t.id AS task_id,
                (SELECT coalesce(jsonb_agg(s ORDER BY s.score DESC, s."matterCode"), '[]') FROM (SELECT * FROM (
                   SELECT m.code AS "matterCode", m.name, m.mode, m.principal_dept AS "principalDept",
                          round((0.6 * ${termShare('m.name', "t.title || ' ' || t.description")}
                               + 0.4 * ${termShare('t.title', "m.name || ' ' || m.principal_duties || ' ' || array_to_string(m.street_supporting_duties, ' ')")}
                                )::numeric, 2)::float8 AS score
                     FROM matter m WHERE m.list_version_id = t.list_version_id OFFSET 0) scored
                   WHERE scored.score > 0 ORDER BY scored.score DESC, scored."matterCode" LIMIT 5) s)::json AS suggestions
           FROM (SELECT DISTINCT task_id FROM pg) p JOIN task t ON t.id = p.task_id
          WHERE NOT EXISTS (SELECT 1 FROM task_suggestion c WHERE c.task_id = p.task_id)),
       kept AS (
         INSERT INTO task_suggestion (task_id, suggestions, computed_at)
         SELECT task_id, suggestions, ${bind(withNow, this.clock.now())} FROM computed ON CONFLICT (task_id) DO NOTHING)
       ${view('coalesce(ts.suggestions, cp.suggestions)', 'LEFT JOIN computed cp ON cp.task_id = a.task_id')}`,
      withNow,
    );
  }

  async requestExtension(
    tx: Tx,
    assignmentId: string,
    workingDays: number,
    reason: string,
  ): Promise<ExtensionRow> {
    const rows = await withMeanings(
      tx.query(
        `INSERT INTO extension (assignment_id, working_days, reason, state, created_at) VALUES ($1, $2, $3, 'pending', $4)
         RETURNING ${EXTENSION_COLUMNS}`,
        [assignmentId, workingDays, reason, this.clock.now()],
      ),
      // One pending request per assignment: asking again before the department answered conflicts.
      { uq_extension_pending_per_assignment: () => new DomainError('STATE_CONFLICT') },
    );
    return rows[0];
  }

  async findExtension(tx: Tx, id: string): Promise<ExtensionRow | null> {
    const rows = await tx.query(`SELECT ${EXTENSION_COLUMNS} FROM extension WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async decideExtension(
    tx: Tx,
    id: string,
    approve: boolean,
    decidedBy: string,
  ): Promise<ExtensionRow | null> {
    const rows = await updateReturning<ExtensionRow>(
      tx,
      `UPDATE extension SET state = $2, decided_by = $3, decided_at = $4 WHERE id = $1 AND state = 'pending' RETURNING ${EXTENSION_COLUMNS}`,
      [id, approve ? 'approved' : 'rejected', decidedBy, this.clock.now()],
    );
    return rows[0] ?? null;
  }
}
