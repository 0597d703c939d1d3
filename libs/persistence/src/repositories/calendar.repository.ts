import type { Clock } from '@app/domain';
import type { CalendarOverride } from '@app/contract';
import type { Tx } from '../tx';

export type CalendarOverrideRow = CalendarOverride;

/** Local calendar overrides (e.g. a municipal holiday): they take precedence over the national schedule. */
export class CalendarRepository {
  constructor(private readonly clock: Clock) {}

  all(tx: Tx): Promise<CalendarOverrideRow[]> {
    return tx.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, workday, note FROM calendar_override ORDER BY date`,
    );
  }

  /**
   * Every override, with the table locked against other edits (not reads) until the transaction
   * ends: edits of the calendar then run one after another.
   */
  async lockAll(tx: Tx): Promise<CalendarOverrideRow[]> {
    await tx.query(`LOCK TABLE calendar_override IN SHARE ROW EXCLUSIVE MODE`);
    return this.all(tx);
  }

  async upsert(tx: Tx, rows: CalendarOverrideRow[], userId: string): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO calendar_override (date, workday, note, updated_by, updated_at)
       SELECT d, w, n, $4, $5 FROM unnest($1::date[], $2::boolean[], $3::text[]) AS x(d, w, n)
       ON CONFLICT (date) DO UPDATE SET workday = EXCLUDED.workday, note = EXCLUDED.note, updated_by = EXCLUDED.updated_by,
         updated_at = EXCLUDED.updated_at`,
      [
        rows.map((r) => r.date),
        rows.map((r) => r.workday),
        rows.map((r) => r.note),
        userId,
        this.clock.now(),
      ],
    );
  }

  async remove(tx: Tx, dates: string[]): Promise<void> {
    if (dates.length) await tx.query(`DELETE FROM calendar_override WHERE date = ANY($1::date[])`, [dates]);
  }
}
