import type { DataSource } from 'typeorm';
import type { OutboxRepository, OutboxRow } from './outbox.repository';

/**
 * One relay batch, in one transaction: claim up to `limit` undispatched rows (SKIP LOCKED, so
 * several relays share the work), hand them to `send` (the queue), mark them dispatched. Should
 * `send` fail, the transaction rolls back and the rows wait for the next drain; should the
 * commit fail after `send`, the rows are sent again under the same job ids, which the queue
 * ignores. Returns how many rows moved.
 */
export function dispatchOutboxBatch(
  dataSource: DataSource,
  outbox: OutboxRepository,
  limit: number,
  send: (rows: OutboxRow[]) => Promise<void>,
): Promise<number> {
  return dataSource.transaction(async (tx) => {
    const rows = await outbox.claim(tx, limit);
    if (rows.length === 0) return 0;
    await send(rows);
    await outbox.markDispatched(
      tx,
      rows.map((r) => r.id),
    );
    return rows.length;
  });
}
