import type { Clock } from '@app/domain';
import type { Tx } from '../tx';

/** An organisation's idempotency keys: the request each one was first used for, and its task. */
export class IdempotencyRepository {
  constructor(private readonly clock: Clock) {}

  /**
   * Claims an idempotency key for a new task, or returns the row another request wrote. A
   * concurrent replay blocks on the primary key until the first transaction ends, then sees it.
   */
  async claim(
    tx: Tx,
    orgCode: string,
    key: string,
    requestHash: string,
    taskId: string,
  ): Promise<{ claimed: true } | { claimed: false; requestHash: string; taskId: string }> {
    const inserted = await tx.query(
      `INSERT INTO idempotency_key (org_code, key, request_hash, task_id, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING task_id`,
      [orgCode, key, requestHash, taskId, this.clock.now()],
    );
    if (inserted.length) return { claimed: true };
    return { claimed: false, ...(await this.find(tx, orgCode, key))! };
  }

  /** The request an organisation already made under a key, if any. */
  async find(tx: Tx, orgCode: string, key: string): Promise<{ requestHash: string; taskId: string } | null> {
    const rows = await tx.query(
      `SELECT request_hash AS "requestHash", task_id AS "taskId" FROM idempotency_key WHERE org_code = $1 AND key = $2`,
      [orgCode, key],
    );
    return rows[0] ?? null;
  }
}
