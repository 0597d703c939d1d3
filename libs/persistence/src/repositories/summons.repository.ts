import {
  DomainError,
  validationError,
  type Clock,
  type SummonsListRole,
  type SummonsResponseState,
  type SummonsState,
} from '@app/domain';
import type { SummonsView } from '@app/contract';
import type { Cursor } from '../pagination';
import { withMeanings } from '../pg-errors';
import { bind, isoTime, keysetPage, scopeCondition, type Params, type Scope, type ScopeRule } from '../sql';
import { updateReturning, type Tx } from '../tx';

/** A summons as its transitions see it, locked for the rest of the transaction. */
export interface LockedSummons {
  id: string;
  streetCode: string;
  assignmentId: string | null;
  subject: string;
  urgent: boolean;
  state: SummonsState;
}

export interface NewSummons {
  id: string;
  streetCode: string;
  assignmentId: string | null;
  subject: string;
  place: string;
  description: string;
  urgent: boolean;
  createdBy: string;
}

/** A street sees the summons it sent; a department, those addressed to it. */
const SCOPE: ScopeRule = {
  street: 's.street_code',
  department: (org) =>
    `EXISTS (SELECT 1 FROM summons_response rs WHERE rs.summons_id = s.id AND rs.department_code = ${org})`,
};

/**
 * A summons with its responses and ratings. `$own` (a placeholder, or NULL) limits both to one
 * department: a department sees its own answer and rating, not the others'.
 */
const viewColumns = (
  now: string,
  own: string,
) => `s.id, s.street_code AS "streetCode", so.name AS "streetName",
  s.assignment_id AS "assignmentId", s.subject, s.place, s.description, s.urgent, s.state, s.result,
  ${isoTime('(SELECT max(r.report_by_at) FROM summons_response r WHERE r.summons_id = s.id)')} AS "reportByAt",
  ${isoTime('s.created_at')} AS "createdAt", ${isoTime('s.closed_at')} AS "closedAt",
  (SELECT coalesce(jsonb_agg(jsonb_build_object('departmentCode', r.department_code, 'departmentName', ro.name,
            'state', r.state, 'reportByAt', ${isoTime('r.report_by_at')}, 'respondedAt', ${isoTime('r.responded_at')},
            'arrivedAt', ${isoTime('r.arrived_at')}, 'reporter', r.reporter, 'note', r.note,
            'overdue', r.state = 'pending' AND s.state = 'open' AND r.report_by_at < ${now})
          ORDER BY r.department_code), '[]')
     FROM summons_response r JOIN organisation ro ON ro.code = r.department_code
    WHERE r.summons_id = s.id AND (${own}::text IS NULL OR r.department_code = ${own})) AS responses,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('departmentCode', g.department_code, 'score', g.score, 'comment', g.comment,
            'ratedAt', ${isoTime('g.rated_at')}) ORDER BY g.department_code), '[]')
     FROM summons_rating g WHERE g.summons_id = s.id AND (${own}::text IS NULL OR g.department_code = ${own})) AS ratings`;

const VIEW_FROM = `summons s JOIN organisation so ON so.code = s.street_code`;

/** Summons (吹哨报到), their responses (one per summoned department) and the street's ratings. */
export class SummonsRepository {
  constructor(private readonly clock: Clock) {}

  /** Writes the summons and one pending response per department; answers the response ids. */
  async insert(
    tx: Tx,
    s: NewSummons,
    departments: string[],
    reportByAt: Date,
  ): Promise<{ id: string; departmentCode: string }[]> {
    const now = this.clock.now();
    await tx.query(
      `INSERT INTO summons (id, street_code, assignment_id, subject, place, description, urgent, state, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9)`,
      [s.id, s.streetCode, s.assignmentId, s.subject, s.place, s.description, s.urgent, s.createdBy, now],
    );
    return tx.query(
      `INSERT INTO summons_response (summons_id, department_code, state, report_by_at)
       SELECT $1, d, 'pending', $3 FROM unnest($2::text[]) AS d
       RETURNING id, department_code AS "departmentCode"`,
      [s.id, departments, reportByAt],
    );
  }

  /** Locks a summons the actor may see; null when unknown or out of scope (the caller answers 404). */
  async lock(tx: Tx, id: string, scope: Scope): Promise<LockedSummons | null> {
    const params: Params = [id];
    const rows = await tx.query(
      `SELECT s.id, s.street_code AS "streetCode", s.assignment_id AS "assignmentId", s.subject, s.urgent, s.state
         FROM summons s WHERE s.id = $1 AND ${scopeCondition(scope, params, SCOPE)} FOR UPDATE OF s`,
      params,
    );
    return rows[0] ?? null;
  }

  async responseOf(
    tx: Tx,
    summonsId: string,
    departmentCode: string,
  ): Promise<{ id: string; state: SummonsResponseState } | null> {
    const rows = await tx.query(
      `SELECT id, state FROM summons_response WHERE summons_id = $1 AND department_code = $2`,
      [summonsId, departmentCode],
    );
    return rows[0] ?? null;
  }

  /**
   * Records a department's answer, only while it is pending: of two answers at once, the second
   * finds it answered and changes nothing (the caller answers 409).
   */
  async respond(
    tx: Tx,
    summonsId: string,
    departmentCode: string,
    a: {
      state: 'reported' | 'declined';
      note: string;
      reporter: string | null;
      arrivedAt: Date | null;
      by: string;
      at: Date;
    },
  ): Promise<{ id: string; reportByAt: Date } | null> {
    const rows = await updateReturning<{ id: string; reportByAt: Date }>(
      tx,
      `UPDATE summons_response SET state = $3, note = $4, reporter = $5, arrived_at = $6, responded_by = $7, responded_at = $8
        WHERE summons_id = $1 AND department_code = $2 AND state = 'pending'
        RETURNING id, report_by_at AS "reportByAt"`,
      [summonsId, departmentCode, a.state, a.note, a.reporter, a.arrivedAt, a.by, a.at],
    );
    return rows[0] ?? null;
  }

  /** Closes an open summons; answers the responses still pending (their deadlines are cancelled). */
  async close(tx: Tx, id: string, result: string, by: string, at: Date): Promise<string[]> {
    await tx.query(
      `UPDATE summons SET state = 'closed', result = $2, closed_by = $3, closed_at = $4 WHERE id = $1 AND state = 'open'`,
      [id, result, by, at],
    );
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM summons_response WHERE summons_id = $1 AND state = 'pending'`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The street's rating of one department, once: the primary key decides between two at once,
   * and the foreign key to the responses refuses a department that was not summoned.
   */
  async rate(
    tx: Tx,
    r: { summonsId: string; departmentCode: string; score: number; comment: string | null; by: string },
  ): Promise<void> {
    await withMeanings(
      tx.query(
        `INSERT INTO summons_rating (summons_id, department_code, score, comment, rated_by, rated_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [r.summonsId, r.departmentCode, r.score, r.comment, r.by, this.clock.now()],
      ),
      {
        pk_summons_rating: () => new DomainError('STATE_CONFLICT', [{ reason: 'already_rated' }]),
        fk_summons_rating_response: () =>
          validationError([{ field: 'departmentCode', reason: 'not_summoned' }]),
      },
    );
  }

  async find(tx: Tx, id: string, scope: Scope): Promise<SummonsView | null> {
    const params: Params = [id, this.clock.now()];
    const own = scope.kind === 'department' ? bind(params, scope.orgCode) : 'NULL';
    const rows = await tx.query(
      `SELECT ${viewColumns('$2', own)} FROM ${VIEW_FROM} WHERE s.id = $1 AND ${scopeCondition(scope, params, SCOPE)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Summons the actor may see, newest first. */
  list(
    tx: Tx,
    scope: Scope,
    f: { state?: SummonsState; role?: SummonsListRole; declined?: boolean; cursor?: Cursor; limit: number },
  ): Promise<SummonsView[]> {
    const params: Params = [this.clock.now()];
    const own = scope.kind === 'department' ? bind(params, scope.orgCode) : 'NULL';
    const conds = [scopeCondition(scope, params, SCOPE)];
    // A street only sends and a department only receives: asking for the other side finds nothing.
    if (f.role === 'sent' && scope.kind === 'department') conds.push('FALSE');
    if (f.role === 'received' && scope.kind === 'street') conds.push('FALSE');
    if (f.state) conds.push(`s.state = ${bind(params, f.state)}`);
    if (f.declined)
      conds.push(
        `EXISTS (SELECT 1 FROM summons_response rd WHERE rd.summons_id = s.id AND rd.state = 'declined')`,
      );
    const page = keysetPage({ time: 's.created_at', id: 's.id' }, f, params);
    return tx.query(
      `SELECT ${viewColumns('$1', own)} FROM ${VIEW_FROM} WHERE ${[...conds, page.after].join(' AND ')} ${page.orderLimit}`,
      params,
    );
  }

  /** Which of the codes are organisations, and of which kind. */
  orgKinds(tx: Tx, codes: string[]): Promise<{ code: string; kind: string }[]> {
    return tx.query(`SELECT code, kind FROM organisation WHERE code = ANY($1::text[])`, [codes]);
  }
}
