import type { AssignmentRole, AssignmentState } from '@app/domain';
import { updateReturning, type Tx } from '../tx';
import type { Scope } from './task.repository';

/** An assignment as a transition sees it, locked for the rest of the transaction. */
export interface LockedAssignment {
  id: string;
  taskId: string;
  streetCode: string;
  submitterCode: string;
  state: AssignmentState;
  role: AssignmentRole | null;
  version: number;
  routingRound: number;
  urgent: boolean;
  dueAt: Date;
  signDueAt: Date | null;
  listVersionId: string;
}

export interface AssignmentPatch {
  state?: AssignmentState;
  role?: AssignmentRole | null;
  routingRound?: number;
  signDueAt?: Date | null;
  dueAt?: Date;
  result?: string;
  rating?: number;
  ratingComment?: string | null;
  matterCodeOverride?: string | null;
}

const COLUMNS: Record<keyof AssignmentPatch, string> = {
  state: 'state',
  role: 'role',
  routingRound: 'routing_round',
  signDueAt: 'sign_due_at',
  dueAt: 'due_at',
  result: 'result',
  rating: 'rating',
  ratingComment: 'rating_comment',
  matterCodeOverride: 'matter_code_override',
};

const LOCK_SELECT = `SELECT a.id, a.task_id AS "taskId", a.street_code AS "streetCode", t.submitter_code AS "submitterCode", a.state,
  a.role, a.version, a.routing_round AS "routingRound", t.urgent, a.due_at AS "dueAt", a.sign_due_at AS "signDueAt",
  t.list_version_id AS "listVersionId"
  FROM assignment a JOIN task t ON t.id = a.task_id`;

/** Row-locked reads and versioned writes for assignment transitions. */
export class AssignmentRepository {
  /** Locks an assignment the actor may see; null when unknown or out of scope (the caller answers 404). */
  async lock(tx: Tx, id: string, scope: Scope): Promise<LockedAssignment | null> {
    const params: unknown[] = [id];
    const where =
      scope.kind === 'all'
        ? 'TRUE'
        : scope.kind === 'street'
          ? `a.street_code = $${params.push(scope.orgCode)}`
          : `t.submitter_code = $${params.push(scope.orgCode)}`;
    const rows = await tx.query(`${LOCK_SELECT} WHERE a.id = $1 AND ${where} FOR UPDATE OF a`, params);
    return rows[0] ?? null;
  }

  /** Locks every assignment of a task, in id order (the order every multi-row lock takes, to avoid deadlocks). */
  lockTask(tx: Tx, taskId: string): Promise<LockedAssignment[]> {
    return tx.query(`${LOCK_SELECT} WHERE a.task_id = $1 ORDER BY a.id FOR UPDATE OF a`, [taskId]);
  }

  /** Applies a patch and bumps the version; returns the new version. */
  async update(tx: Tx, id: string, patch: AssignmentPatch): Promise<number> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [k, v] of Object.entries(patch) as [keyof AssignmentPatch, unknown][]) {
      if (v === undefined) continue;
      sets.push(`${COLUMNS[k]} = $${params.push(v)}`);
    }
    const rows = await updateReturning<{ version: number }>(
      tx,
      `UPDATE assignment SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING version`,
      params,
    );
    return rows[0].version;
  }
}
