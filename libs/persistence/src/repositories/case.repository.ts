import { DomainError, type Clock } from '@app/domain';
import type { Dispute, ExtensionView } from '@app/contract';
import type { Cursor } from '../pagination';
import { withMeanings } from '../pg-errors';
import { bind, isoTime, keysetPage, type Params } from '../sql';
import { updateReturning, type Tx } from '../tx';

/** Disputes and extensions as the API returns them (libs/contract). */
export type DisputeRow = Dispute;

export type ExtensionRow = ExtensionView;

const DISPUTE_COLUMNS = `id, assignment_id AS "assignmentId", street_code AS "streetCode", department_code AS "departmentCode",
  reason_code AS "reasonCode", cited_matter_code AS "citedMatterCode", reason, state, upheld, note,
  ${isoTime('created_at')} AS "createdAt", ${isoTime('decided_at')} AS "decidedAt"`;
const EXTENSION_COLUMNS = `id, assignment_id AS "assignmentId", working_days AS "workingDays", reason, state,
  ${isoTime('created_at')} AS "createdAt", ${isoTime('decided_at')} AS "decidedAt"`;

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

  async findDispute(tx: Tx, id: string): Promise<DisputeRow | null> {
    const rows = await tx.query(`SELECT ${DISPUTE_COLUMNS} FROM dispute WHERE id = $1`, [id]);
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

  disputes(tx: Tx, f: { state?: 'open' | 'decided'; cursor?: Cursor; limit: number }): Promise<DisputeRow[]> {
    const params: Params = [];
    const conds: string[] = [];
    if (f.state) conds.push(`state = ${bind(params, f.state)}`);
    const page = keysetPage({ time: 'created_at', id: 'id' }, f, params);
    return tx.query(
      `SELECT ${DISPUTE_COLUMNS} FROM dispute WHERE ${[...conds, page.after].join(' AND ')} ${page.orderLimit}`,
      params,
    );
  }

  /** A withdrawn assignment leaves nothing for anyone to decide. */
  async withdrawOpenCases(tx: Tx, assignmentId: string): Promise<void> {
    const now = this.clock.now();
    await tx.query(
      `UPDATE dispute SET state = 'decided', note = 'withdrawn by the department', decided_at = $2 WHERE assignment_id = $1 AND state = 'open'`,
      [assignmentId, now],
    );
    await tx.query(
      `UPDATE extension SET state = 'rejected', decided_at = $2 WHERE assignment_id = $1 AND state = 'pending'`,
      [assignmentId, now],
    );
  }

  /**
   * Assignments in admission review, oldest first, each with the five matters of its list version
   * whose names and duties read most like the task (pg_trgm similarity, computed in PostgreSQL).
   */
  reviewQueue(tx: Tx, f: { open: boolean; cursor?: Cursor; limit: number }) {
    const params: Params = [];
    const open = f.open
      ? `a.state = 'in_review'`
      : `EXISTS (SELECT 1 FROM decision x WHERE x.assignment_id = a.id AND x.outcome = 'needs_admission_review')`;
    const page = keysetPage({ time: 'a.created_at', id: 'a.id' }, f, params);
    return tx.query(
      `SELECT a.id, a.task_id AS "taskId", a.street_code AS "streetCode", a.state, a.version, t.title, t.description,
              t.submitter_code AS "submitterCode", t.action_type AS "actionType", t.temporary, ${isoTime('a.created_at')} AS "createdAt",
              (SELECT ${isoTime('d.due_at')} FROM deadline d WHERE d.assignment_id = a.id AND d.kind = 'review') AS "reviewDueAt",
              (SELECT coalesce(jsonb_agg(s ORDER BY s.score DESC), '[]') FROM (
                 SELECT m.code AS "matterCode", m.name, m.mode, m.principal_dept AS "principalDept",
                        round((0.6 * word_similarity(m.name, t.title || ' ' || t.description)
                             + 0.4 * similarity(m.name || ' ' || m.principal_duties || ' ' || array_to_string(m.street_supporting_duties, ' '),
                                                t.title || ' ' || t.description))::numeric, 3)::float8 AS score
                   FROM matter m WHERE m.list_version_id = t.list_version_id ORDER BY score DESC, m.code LIMIT 5) s) AS suggestions
         FROM assignment a JOIN task t ON t.id = a.task_id
        WHERE ${open} AND ${page.after}
        ${page.orderLimit}`,
      params,
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

  extensionsOf(tx: Tx, assignmentId: string): Promise<ExtensionRow[]> {
    return tx.query(
      `SELECT ${EXTENSION_COLUMNS} FROM extension WHERE assignment_id = $1 ORDER BY created_at`,
      [assignmentId],
    );
  }
}
