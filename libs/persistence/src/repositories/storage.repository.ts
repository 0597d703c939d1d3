import type { Clock } from '@app/domain';
import type { Tx } from '../tx';

/** Months created ahead of the clock (besides the current one) for every monthly table. */
export const PARTITION_MONTHS_AHEAD = 3;
/** Unfired escalation steps of a deadline closed longer ago than this never fire: deleted. */
export const STEP_RETENTION_DAYS = 30;
/** Delivered or finally failed webhook deliveries are kept this long for the admin's log. */
export const DELIVERY_RETENTION_DAYS = 90;
/** Rows deleted per statement, so a retention run never holds long locks. */
const PRUNE_BATCH = 10_000;

export interface MonthPartition {
  table: string;
  partition: string;
  bounds: string;
}

/**
 * Storage that grows with time (issue 12): the monthly partitions of audit_event and notification
 * (created ahead by the worker, see migration ScalePartitions), and retention of what has no
 * history worth keeping (unfired steps of closed deadlines, old finished webhook deliveries; the
 * dispatched outbox is pruned by the relay's sweep).
 */
export class StorageRepository {
  constructor(private readonly clock: Clock) {}

  /** Creates the current month's partition and the next ones where missing; returns how many were created. */
  async ensurePartitions(tx: Tx, monthsAhead = PARTITION_MONTHS_AHEAD): Promise<number> {
    const rows = await tx.query(`SELECT dutygate_ensure_partitions($1, $2) AS n`, [
      this.clock.now(),
      monthsAhead,
    ]);
    return rows[0].n;
  }

  /** Deletes what retention allows, in batches; returns the rows deleted per kind. */
  async prune(tx: Tx): Promise<{ escalationSteps: number; webhookDeliveries: number }> {
    const now = this.clock.now().getTime();
    const day = 86_400_000;
    const steps = await this.deleteInBatches(
      tx,
      // The parked steps' index in `parked_at` order (migration StepDeadlineOpen), each one's deadline
      // checked as it comes: the planner takes the three conditions of that index as independent
      // and, as a join, expected a third of all steps and merged with every deadline (1.3 s at 1M).
      `DELETE FROM escalation_step WHERE ctid = ANY (ARRAY(
         SELECT s.ctid FROM escalation_step s
          WHERE s.fired_at IS NULL AND NOT s.deadline_open AND s.parked_at < $1
            AND EXISTS (SELECT FROM deadline d WHERE d.id = s.deadline_id AND d.state IN ('met', 'cancelled') AND d.updated_at < $1)
          ORDER BY s.parked_at LIMIT ${PRUNE_BATCH}))`,
      [new Date(now - STEP_RETENTION_DAYS * day)],
    );
    const deliveries = await this.deleteInBatches(
      tx,
      `DELETE FROM webhook_delivery WHERE ctid = ANY (ARRAY(
         SELECT ctid FROM webhook_delivery WHERE state <> 'pending' AND created_at < $1 LIMIT ${PRUNE_BATCH}))`,
      [new Date(now - DELIVERY_RETENTION_DAYS * day)],
    );
    return { escalationSteps: steps, webhookDeliveries: deliveries };
  }

  /**
   * Folds the unread tally's per-backend partial counts into one row per organisation (migration
   * UnreadTally); returns how many rows were folded.
   */
  async foldUnread(tx: Tx): Promise<number> {
    return Number((await tx.query(`SELECT notification_unread_fold() AS n`))[0].n);
  }

  /** The monthly partitions that exist, oldest first (the default partitions left out). */
  partitions(tx: Tx): Promise<MonthPartition[]> {
    return tx.query(
      `SELECT p.relname AS table, c.relname AS partition, pg_get_expr(c.relpartbound, c.oid) AS bounds
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relkind = 'p' AND NOT c.relpartbound IS NULL AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
        ORDER BY p.relname, c.relname`,
    );
  }

  private async deleteInBatches(tx: Tx, sql: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await tx.query(sql, params);
      // TypeORM answers a DELETE with [rows, count].
      const n = Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
      total += n;
      if (n < PRUNE_BATCH) return total;
    }
  }
}
