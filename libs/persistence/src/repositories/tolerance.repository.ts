import { DomainError, validationError, type Clock, type ToleranceTargetKind } from '@app/domain';
import type { ClaimRef, ToleranceClaim, ToleranceItem, ToleranceTarget } from '@app/contract';
import type { Cursor } from '../pagination';
import { withMeanings } from '../pg-errors';
import { bind, isoTime, keysetPage, scopeCondition, type Params, type Scope } from '../sql';
import { updateReturning, type Tx } from '../tx';

export interface NewToleranceItem {
  code: string;
  textZh: string;
  textEn: string;
  tolerable: boolean;
}

/** A target as the database knows it, before the window is computed (the calendar is the service's). */
export interface TargetFacts extends Omit<ToleranceTarget, 'windowEndsAt'> {
  /** The organisations that may see it (its owner; a dispute's two parties). */
  parties: string[];
  /** Whether it can be claimed at all: a deadline that was overdue, a dispute that was decided. */
  claimable: boolean;
}

export interface NewClaim {
  targetKind: ToleranceTargetKind;
  targetId: string;
  orgCode: string;
  assignmentId: string | null;
  item: NewToleranceItem;
  explanation: string;
  evidence: string | null;
  aroseAt: string;
  windowEndsAt: Date;
  filedBy: string;
}

const ITEM_COLUMNS = `i.code, i.text_zh AS text, i.text_en AS "textEn", i.tolerable, i.position,
  ${isoTime('i.retired_at')} AS "retiredAt",
  (SELECT count(*)::int FROM tolerance_claim c WHERE c.item_code = i.code) AS claims`;

/**
 * A deadline is claimable once it was overdue: flagged by its urge step, still open past due, or
 * met late. `$now` is the placeholder of the clock's time.
 */
const DEADLINE_OVERDUE = (d: string, now: string) =>
  `(${d}.overdue_at IS NOT NULL OR (${d}.state = 'open' AND ${d}.due_at < ${now}) OR (${d}.state = 'met' AND ${d}.met_at > ${d}.due_at))`;

/**
 * Every target of every kind as one row set: kind, id, owner, parties, assignment, when it arose,
 * claimable or not (`now` is the clock's placeholder). Lost disputes belong to the party decided
 * against; an undecided or withdrawn one (upheld NULL) has no owner and claims nothing.
 */
const TARGETS = (now: string) => `
  SELECT 'deadline'::text AS kind, d.id, d.owner_org AS org_code, ARRAY[d.owner_org] AS parties, d.assignment_id,
         d.kind AS deadline_kind, d.due_at, NULL::text AS upheld, NULL::text AS dispute_note, d.due_at AS arose_at,
         ${DEADLINE_OVERDUE('d', now)} AS claimable
    FROM deadline d
  UNION ALL
  SELECT 'supervision_item', s.id, s.org_code, ARRAY[s.org_code], s.assignment_id, s.kind, d.due_at, NULL, NULL,
         s.created_at, true
    FROM supervision_item s JOIN deadline d ON d.id = s.deadline_id
  UNION ALL
  SELECT 'dispute', x.id, CASE x.upheld WHEN 'department' THEN x.street_code WHEN 'street' THEN x.department_code END,
         ARRAY[x.street_code, x.department_code], x.assignment_id, NULL, NULL, x.upheld, x.note, coalesce(x.decided_at, x.created_at),
         x.state = 'decided' AND x.upheld IS NOT NULL
    FROM dispute x`;

const TARGET_COLUMNS = (
  g: string,
) => `${g}.kind, ${g}.id, ${g}.org_code AS "orgCode", ${g}.assignment_id AS "assignmentId",
  a.task_id AS "taskId", t.title AS "taskTitle", a.street_code AS "streetCode", ${g}.deadline_kind AS "deadlineKind",
  ${isoTime(`${g}.due_at`)} AS "dueAt", ${g}.upheld, ${g}.dispute_note AS "disputeNote", ${isoTime(`${g}.arose_at`)} AS "aroseAt"`;

const CLAIM_COLUMNS = `c.id, c.target_kind AS "targetKind", c.target_id AS "targetId", c.org_code AS "orgCode",
  c.assignment_id AS "assignmentId", c.item_code AS "itemCode", c.item_text_zh AS "itemText", c.item_text_en AS "itemTextEn",
  c.explanation, c.evidence, c.state, ${isoTime('c.arose_at')} AS "aroseAt", ${isoTime('c.window_ends_at')} AS "windowEndsAt",
  ${isoTime('c.filed_at')} AS "filedAt", fu.username AS "filedBy", ${isoTime('c.decided_at')} AS "decidedAt",
  du.username AS "decidedBy", c.note,
  jsonb_build_object('kind', c.target_kind, 'id', c.target_id, 'orgCode', c.org_code, 'assignmentId', c.assignment_id,
    'taskId', a.task_id, 'taskTitle', t.title, 'streetCode', a.street_code,
    'deadlineKind', coalesce(d.kind, s.kind), 'dueAt', ${isoTime('coalesce(d.due_at, sd.due_at)')},
    'upheld', x.upheld, 'disputeNote', x.note,
    'aroseAt', ${isoTime('c.arose_at')}, 'windowEndsAt', ${isoTime('c.window_ends_at')}) AS target`;

const CLAIM_FROM = `tolerance_claim c
  JOIN app_user fu ON fu.id = c.filed_by
  LEFT JOIN app_user du ON du.id = c.decided_by
  LEFT JOIN assignment a ON a.id = c.assignment_id
  LEFT JOIN task t ON t.id = a.task_id
  LEFT JOIN deadline d ON c.target_kind = 'deadline' AND d.id = c.target_id
  LEFT JOIN supervision_item s ON c.target_kind = 'supervision_item' AND s.id = c.target_id
  LEFT JOIN deadline sd ON sd.id = s.deadline_id
  LEFT JOIN dispute x ON c.target_kind = 'dispute' AND x.id = c.target_id`;

/** Whose claims a scope sees: a street's or department's own; supervisors, reviewers and admins all. */
const CLAIM_SCOPE = { street: 'c.org_code', department: 'c.org_code' };

/**
 * The overdue board's `tolerance` of a deadline (column expression `deadlineId`): the claim on the
 * deadline itself, else the one on its supervision item — a granted claim on either marks the row
 * tolerated.
 */
export const overdueToleranceSql = (deadlineId: string): string =>
  `(SELECT jsonb_build_object('claimId', c.id, 'targetKind', c.target_kind, 'state', c.state, 'itemCode', c.item_code)
      FROM tolerance_claim c
     WHERE (c.target_kind = 'deadline' AND c.target_id = ${deadlineId})
        OR (c.target_kind = 'supervision_item' AND c.target_id = (SELECT s.id FROM supervision_item s WHERE s.deadline_id = ${deadlineId}))
     ORDER BY c.target_kind = 'deadline' DESC LIMIT 1)`;

/**
 * The tolerance list and the claims filed against overdue deadlines, supervision items and lost
 * disputes (DESIGN.md "Fault tolerance").
 */
export class ToleranceRepository {
  constructor(private readonly clock: Clock) {}

  items(tx: Tx, includeRetired = false): Promise<ToleranceItem[]> {
    return tx.query(
      `SELECT ${ITEM_COLUMNS} FROM tolerance_item i ${includeRetired ? '' : 'WHERE i.retired_at IS NULL'}
        ORDER BY i.retired_at IS NOT NULL, i.position, i.code`,
    );
  }

  /** One item in force (not retired), read under a key-share lock so that it cannot be deleted before the claim lands. */
  async itemInForce(tx: Tx, code: string): Promise<(NewToleranceItem & { code: string }) | null> {
    const rows = await tx.query(
      `SELECT code, text_zh AS "textZh", text_en AS "textEn", tolerable FROM tolerance_item
        WHERE code = $1 AND retired_at IS NULL FOR KEY SHARE`,
      [code],
    );
    return rows[0] ?? null;
  }

  async item(tx: Tx, code: string): Promise<ToleranceItem | null> {
    const rows = await tx.query(`SELECT ${ITEM_COLUMNS} FROM tolerance_item i WHERE i.code = $1`, [code]);
    return rows[0] ?? null;
  }

  /**
   * Replaces the list: the given items in this order (re-instating any that were retired); an item
   * left out is retired when a claim cites it and deleted when none does. Replacements queue up on
   * a table lock that claims (which only key-share the item they cite) do not wait for.
   */
  async replaceItems(
    tx: Tx,
    items: NewToleranceItem[],
    userId: string,
  ): Promise<{ retired: string[]; removed: string[] }> {
    const now = this.clock.now();
    await tx.query(`LOCK TABLE tolerance_item IN SHARE ROW EXCLUSIVE MODE`);
    const codes = items.map((i) => i.code);
    const retired: { code: string }[] = await updateReturning(
      tx,
      `UPDATE tolerance_item i SET retired_at = $2, updated_at = $2, updated_by = $3
        WHERE NOT (i.code = ANY($1::text[])) AND i.retired_at IS NULL
          AND EXISTS (SELECT 1 FROM tolerance_claim c WHERE c.item_code = i.code)
        RETURNING code`,
      [codes, now, userId],
    );
    const removed: { code: string }[] = await withMeanings(
      updateReturning(
        tx,
        `DELETE FROM tolerance_item i
          WHERE NOT (i.code = ANY($1::text[])) AND NOT EXISTS (SELECT 1 FROM tolerance_claim c WHERE c.item_code = i.code)
          RETURNING code`,
        [codes],
      ),
      // A claim citing the item committed while we looked: nothing was replaced, try again.
      { fk_tolerance_claim_item: () => new DomainError('STATE_CONFLICT') },
    );
    await tx.query(
      `INSERT INTO tolerance_item (code, text_zh, text_en, tolerable, position, retired_at, updated_by, updated_at)
       SELECT code, zh, en, tolerable, ord - 1, NULL, $5, $6
         FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[]) WITH ORDINALITY AS u(code, zh, en, tolerable, ord)
       ON CONFLICT (code) DO UPDATE SET text_zh = EXCLUDED.text_zh, text_en = EXCLUDED.text_en, tolerable = EXCLUDED.tolerable,
         position = EXCLUDED.position, retired_at = NULL, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [
        codes,
        items.map((i) => i.textZh),
        items.map((i) => i.textEn),
        items.map((i) => i.tolerable),
        userId,
        now,
      ],
    );
    return { retired: retired.map((r) => r.code).sort(), removed: removed.map((r) => r.code).sort() };
  }

  /** The seed's list, written only into an empty table: a supervisor's edits are never undone by seeding again. */
  async seedItems(tx: Tx, items: NewToleranceItem[]): Promise<number> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO tolerance_item (code, text_zh, text_en, tolerable, position, updated_at)
       SELECT code, zh, en, tolerable, ord - 1, $5
         FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[]) WITH ORDINALITY AS u(code, zh, en, tolerable, ord)
        WHERE NOT EXISTS (SELECT 1 FROM tolerance_item)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [
        items.map((i) => i.code),
        items.map((i) => i.textZh),
        items.map((i) => i.textEn),
        items.map((i) => i.tolerable),
        this.clock.now(),
      ],
    );
    return rows.length;
  }

  /** A target by kind and id, whoever owns it (the service checks the owner against the caller). */
  async target(tx: Tx, kind: ToleranceTargetKind, id: string): Promise<TargetFacts | null> {
    const rows = await tx.query(
      `SELECT ${TARGET_COLUMNS('g')}, g.parties, g.claimable
         FROM (${TARGETS('$3::timestamptz')}) g
         LEFT JOIN assignment a ON a.id = g.assignment_id LEFT JOIN task t ON t.id = a.task_id
        WHERE g.kind = $1 AND g.id = $2`,
      [kind, id, this.clock.now()],
    );
    return rows[0] ?? null;
  }

  /**
   * What an organisation may claim: its overdue deadlines, supervision items and lost disputes that
   * arose after `since`, newest first, each with the claim it already has. The window itself is
   * the caller's to apply (it needs the working-day calendar).
   */
  claimable(
    tx: Tx,
    orgCode: string,
    since: Date,
    limit: number,
  ): Promise<(TargetFacts & { claim: ClaimRef | null })[]> {
    return tx.query(
      `SELECT ${TARGET_COLUMNS('g')}, g.parties, g.claimable,
              (SELECT jsonb_build_object('id', c.id, 'state', c.state, 'itemCode', c.item_code)
                 FROM tolerance_claim c WHERE c.target_kind = g.kind AND c.target_id = g.id) AS claim
         FROM (${TARGETS('$2::timestamptz')}) g
         LEFT JOIN assignment a ON a.id = g.assignment_id LEFT JOIN task t ON t.id = a.task_id
        WHERE g.org_code = $1 AND g.claimable AND g.arose_at > $3 AND g.arose_at <= $2
        ORDER BY g.arose_at DESC, g.id DESC LIMIT ${Number(limit)}`,
      [orgCode, this.clock.now(), since],
    );
  }

  /** Locks an assignment row, so that events appended to its chain are ordered. */
  async lockAssignment(tx: Tx, id: string): Promise<void> {
    await tx.query(`SELECT id FROM assignment WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** Files a claim; a second claim on the same target (even one racing this) is 409 CLAIM_EXISTS. */
  async insertClaim(tx: Tx, c: NewClaim): Promise<string> {
    const rows: { id: string }[] = await withMeanings(
      tx.query(
        `INSERT INTO tolerance_claim (target_kind, target_id, org_code, assignment_id, item_code, item_text_zh, item_text_en,
           explanation, evidence, state, arose_at, window_ends_at, filed_at, filed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $12, $13) RETURNING id`,
        [
          c.targetKind,
          c.targetId,
          c.orgCode,
          c.assignmentId,
          c.item.code,
          c.item.textZh,
          c.item.textEn,
          c.explanation,
          c.evidence,
          c.aroseAt,
          c.windowEndsAt,
          this.clock.now(),
          c.filedBy,
        ],
      ),
      {
        uq_tolerance_claim_target: () => new DomainError('CLAIM_EXISTS'),
        fk_tolerance_claim_item: () =>
          validationError([{ field: 'itemCode', reason: 'unknown_tolerance_item' }]),
      },
    );
    return rows[0].id;
  }

  async claim(tx: Tx, id: string, scope: Scope): Promise<ToleranceClaim | null> {
    const params: Params = [id];
    const rows = await tx.query(
      `SELECT ${CLAIM_COLUMNS} FROM ${CLAIM_FROM} WHERE c.id = $1 AND ${scopeCondition(scope, params, CLAIM_SCOPE)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** The claim's assignment and state, without scope (the supervisor decides on any). */
  async claimHead(tx: Tx, id: string): Promise<{ assignmentId: string | null; state: string } | null> {
    const rows = await tx.query(
      `SELECT assignment_id AS "assignmentId", state FROM tolerance_claim WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Decides a pending claim once; null when it was decided already (by this or a concurrent request). */
  async decide(
    tx: Tx,
    id: string,
    decision: 'granted' | 'refused',
    note: string,
    userId: string,
  ): Promise<{ id: string; orgCode: string; itemCode: string; targetKind: string; targetId: string } | null> {
    const rows = await updateReturning<{
      id: string;
      orgCode: string;
      itemCode: string;
      targetKind: string;
      targetId: string;
    }>(
      tx,
      `UPDATE tolerance_claim SET state = $2, note = $3, decided_by = $4, decided_at = $5
        WHERE id = $1 AND state = 'pending'
        RETURNING id, org_code AS "orgCode", item_code AS "itemCode", target_kind AS "targetKind", target_id AS "targetId"`,
      [id, decision, note, userId, this.clock.now()],
    );
    return rows[0] ?? null;
  }

  claims(
    tx: Tx,
    scope: Scope,
    f: { state?: string; orgCode?: string; cursor?: Cursor; limit: number },
  ): Promise<ToleranceClaim[]> {
    const params: Params = [];
    const conds = [scopeCondition(scope, params, CLAIM_SCOPE)];
    if (f.state) conds.push(`c.state = ${bind(params, f.state)}`);
    if (f.orgCode) conds.push(`c.org_code = ${bind(params, f.orgCode)}`);
    const page = keysetPage({ time: 'c.filed_at', id: 'c.id' }, f, params);
    return tx.query(
      `SELECT ${CLAIM_COLUMNS} FROM ${CLAIM_FROM} WHERE ${[...conds, page.after].join(' AND ')} ${page.orderLimit}`,
      params,
    );
  }
}
