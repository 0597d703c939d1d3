import { createHash } from 'node:crypto';
import type { Clock } from '@app/domain';
import { isoTime } from '../sql';
import { canonicalJson, type Tx } from '../tx';
import type { AuditAggregateType, AuditEvent, AuditVerification } from '@app/contract';

export interface NewAuditEvent {
  aggregateType: AuditAggregateType;
  aggregateId: string;
  action: string;
  actorId: string | null;
  actorOrg: string | null;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
}

/** An event as stored and as the API returns it (libs/contract). */
export type AuditEventRow = AuditEvent;

function hashEvent(e: Omit<AuditEventRow, 'hash'>): string {
  const body = canonicalJson({ ...e, prevHash: undefined });
  return createHash('sha256')
    .update(e.prevHash ?? '')
    .update('\n')
    .update(body)
    .digest('hex');
}

/** An audit event as the API shows it (libs/contract AuditEvent); `p`: the table's alias with its dot. */
export const auditColumns = (
  p = '',
) => `${p}aggregate_type AS "aggregateType", ${p}aggregate_id AS "aggregateId", ${p}seq, ${p}action,
  ${p}actor_id AS "actorId", ${p}actor_org AS "actorOrg", ${p}from_state AS "fromState", ${p}to_state AS "toState",
  ${p}payload, ${p}prev_hash AS "prevHash", ${p}hash, ${isoTime(`${p}created_at`)} AS "createdAt"`;
const AUDIT_COLUMNS = auditColumns();

/**
 * Append-only audit log, hash-chained per aggregate. Callers hold the aggregate's row lock (or
 * created it in the same transaction), which orders its events; the unique (aggregate, seq) key
 * turns any race into an error rather than a fork of the chain.
 */
export class AuditRepository {
  constructor(private readonly clock: Clock) {}

  /**
   * Appends events to their aggregates' chains. `newAggregates`: the caller knows every aggregate
   * is new (created in this transaction, or written once only), so no chain head is looked up;
   * should one exist after all, the unique (aggregate, seq) key fails the transaction.
   */
  async append(tx: Tx, events: NewAuditEvent[], opts: { newAggregates?: boolean } = {}): Promise<void> {
    if (events.length === 0) return;
    const keys = [...new Set(events.map((e) => `${e.aggregateType}\u0000${e.aggregateId}`))];
    const heads = new Map<string, { seq: number; hash: string }>();
    const rows: { type: string; id: string; seq: number; hash: string }[] = opts.newAggregates
      ? []
      : // audit_head: the last seq and hash of each aggregate (a trigger on audit_event keeps it and
        // refuses an event that does not continue it), one primary-key probe instead of every month.
        await tx.query(
          `SELECT aggregate_type AS type, aggregate_id AS id, seq, hash FROM audit_head
        WHERE (aggregate_type, aggregate_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
          [keys.map((k) => k.split('\u0000')[0]), keys.map((k) => k.split('\u0000')[1])],
        );
    for (const r of rows) heads.set(`${r.type}\u0000${r.id}`, { seq: r.seq, hash: r.hash });

    // Microsecond precision survives the timestamptz round trip, so verify() recomputes the same hash.
    const createdAt = this.clock.now().toISOString().replace('Z', '000Z');
    const out: AuditEventRow[] = events.map((e) => {
      const key = `${e.aggregateType}\u0000${e.aggregateId}`;
      const head = heads.get(key);
      const base = { ...e, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? null, createdAt };
      const row = { ...base, hash: hashEvent(base) };
      heads.set(key, { seq: row.seq, hash: row.hash });
      return row;
    });
    await tx.query(
      `INSERT INTO audit_event (aggregate_type, aggregate_id, seq, action, actor_id, actor_org, from_state, to_state, payload, prev_hash, hash, created_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[], $12::timestamptz[])`,
      [
        out.map((e) => e.aggregateType),
        out.map((e) => e.aggregateId),
        out.map((e) => e.seq),
        out.map((e) => e.action),
        out.map((e) => e.actorId),
        out.map((e) => e.actorOrg),
        out.map((e) => e.fromState),
        out.map((e) => e.toState),
        out.map((e) => JSON.stringify(e.payload)),
        out.map((e) => e.prevHash),
        out.map((e) => e.hash),
        out.map((e) => e.createdAt),
      ],
    );
  }

  async list(tx: Tx, aggregateType: string, aggregateId: string): Promise<AuditEventRow[]> {
    return tx.query(
      `SELECT ${AUDIT_COLUMNS} FROM audit_event WHERE aggregate_type = $1 AND aggregate_id = $2 ORDER BY seq`,
      [aggregateType, aggregateId],
    );
  }

  /** Recomputes every chain in pages; reports the first broken link. */
  async verify(tx: Tx): Promise<AuditVerification> {
    const PAGE = 5000;
    let events = 0;
    let after: [string, string, number] = ['', '', 0];
    let prev: { key: string; hash: string; seq: number } | null = null;
    for (;;) {
      const page: AuditEventRow[] = await tx.query(
        `SELECT ${AUDIT_COLUMNS} FROM audit_event
          WHERE (aggregate_type, aggregate_id, seq) > ($1, $2, $3)
          ORDER BY aggregate_type, aggregate_id, seq LIMIT ${PAGE}`,
        after,
      );
      for (const e of page) {
        const key = `${e.aggregateType}\u0000${e.aggregateId}`;
        const expectedPrev = prev && prev.key === key ? prev : null;
        const chainOk =
          e.seq === (expectedPrev ? expectedPrev.seq + 1 : 1) &&
          e.prevHash === (expectedPrev ? expectedPrev.hash : null);
        const { hash, ...rest } = e;
        if (!chainOk || hashEvent(rest) !== hash)
          return {
            ok: false,
            events,
            brokenAt: { aggregateType: e.aggregateType, aggregateId: e.aggregateId, seq: e.seq },
          };
        prev = { key, hash, seq: e.seq };
        events++;
      }
      if (page.length < PAGE) return { ok: true, events };
      const last = page[page.length - 1];
      after = [last.aggregateType, last.aggregateId, last.seq];
    }
  }
}
