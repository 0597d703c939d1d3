import type { Clock } from '@app/domain';
import type { Tx } from '../tx';

export interface OutboxMessage {
  queue: string;
  jobName: string;
  jobId: string;
  payload: Record<string, unknown>;
  /** A delayed job: not to run before this time. */
  runAt?: Date;
}

export interface OutboxRow extends OutboxMessage {
  id: string;
}

/** PostgreSQL channel the relay LISTENs on; a NOTIFY is sent at commit of every outbox write. */
export const OUTBOX_CHANNEL = 'dutygate_outbox';

/**
 * Follow-up work written in the same transaction as the state change that caused it; the worker's
 * relay moves it into BullMQ. A crash between the two only repeats a job id BullMQ already knows.
 */
export class OutboxRepository {
  constructor(private readonly clock: Clock) {}

  async add(tx: Tx, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await tx.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, run_at, created_at)
       SELECT *, $6::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])`,
      [
        messages.map((m) => m.queue),
        messages.map((m) => m.jobName),
        messages.map((m) => m.jobId),
        messages.map((m) => JSON.stringify(m.payload)),
        messages.map((m) => m.runAt ?? null),
        this.clock.now(),
      ],
    );
    await tx.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }

  /** Claims undispatched rows; SKIP LOCKED lets several relays share the work. Call inside a transaction. */
  claim(tx: Tx, limit: number): Promise<OutboxRow[]> {
    return tx.query(
      `SELECT id, queue, job_name AS "jobName", job_id AS "jobId", payload, run_at AS "runAt" FROM outbox
        WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markDispatched(tx: Tx, ids: string[]): Promise<void> {
    await tx.query(`UPDATE outbox SET dispatched_at = $2 WHERE id = ANY($1::bigint[])`, [
      ids,
      this.clock.now(),
    ]);
  }

  /** Dispatched rows are history only; keep a day of them for diagnosis. */
  async prune(tx: Tx, olderThanSeconds: number): Promise<void> {
    await tx.query(`DELETE FROM outbox WHERE dispatched_at < $1`, [
      new Date(this.clock.now().getTime() - olderThanSeconds * 1000),
    ]);
  }
}
