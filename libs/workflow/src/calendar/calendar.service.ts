import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import type { AuditEvent, Workdays } from '@app/contract';
import {
  dateProblem,
  DomainError,
  validationError,
  WorkCalendar,
  type DateWindow,
  type ErrorDetail,
} from '@app/domain';
import {
  AuditRepository,
  CalendarRepository,
  type CalendarOverrideRow,
  type NewAuditEvent,
} from '@app/persistence';
import { actorEvent, type Actor } from '../actor';

/** Longest range a workday listing covers: a year and a bit. */
const MAX_RANGE_DAYS = 400;

/**
 * The working-day calendar in force: the national schedule (chinese-days) with the local
 * overrides from PostgreSQL. Cached per process and re-read periodically, since another process
 * (the API) may change the overrides the worker counts with.
 */
@Injectable()
export class CalendarService {
  private cached: { calendar: WorkCalendar; at: number } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly overrides: CalendarRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditRepository,
  ) {}

  /** The days a date given to DutyGate may fall on (DATE_MIN..DATE_MAX). */
  get window(): DateWindow {
    return { min: this.config.DATE_MIN, max: this.config.DATE_MAX };
  }

  /** The detail for a YYYY-MM-DD date that does not exist or lies outside the window, else null. */
  dateDetail(field: string, value: unknown): ErrorDetail | null {
    const reason = dateProblem(value, this.window);
    if (!reason) return null;
    return { field, reason, params: reason === 'date_out_of_range' ? { ...this.window } : undefined };
  }

  /**
   * The calendar, re-read after CALENDAR_REFRESH_MS of process time (the monotonic timer: how old
   * this process's copy is has nothing to do with the domain clock's date).
   */
  async current(): Promise<WorkCalendar> {
    const now = performance.now();
    if (!this.cached || now - this.cached.at > this.config.CALENDAR_REFRESH_MS) {
      const rows = await this.overrides.all(this.dataSource.manager);
      this.cached = { calendar: new WorkCalendar(new Map(rows.map((r) => [r.date, r.workday]))), at: now };
    }
    return this.cached.calendar;
  }

  async workdays(from?: string, to?: string): Promise<Workdays> {
    const bad = [this.dateDetail('from', from), this.dateDetail('to', to)].filter((d) => d !== null);
    if (bad.length) throw validationError(bad);
    const span = (Date.parse(to!) - Date.parse(from!)) / 86_400_000;
    if (span < 0) throw validationError([{ field: 'to', reason: 'min', params: { min: 'from' } }]);
    if (span > MAX_RANGE_DAYS)
      throw validationError([{ field: 'to', reason: 'max', params: { max: `from + ${MAX_RANGE_DAYS}` } }]);
    const calendar = await this.current();
    const overrides = new Set((await this.overrides.all(this.dataSource.manager)).map((r) => r.date));
    const days = [];
    for (let t = Date.parse(from!); t <= Date.parse(to!); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      days.push({ date, workday: calendar.isWorkday(date), override: overrides.has(date) });
    }
    return { from: from!, to: to!, days };
  }

  listOverrides(): Promise<CalendarOverrideRow[]> {
    return this.overrides.all(this.dataSource.manager);
  }

  /** Sets (or, with `remove`, deletes) overrides; the new calendar applies to deadlines computed from now on. */
  async putOverrides(
    actor: Actor,
    set: CalendarOverrideRow[],
    remove: string[],
  ): Promise<CalendarOverrideRow[]> {
    const bad = [
      ...set.map((o, i) => this.dateDetail(`overrides[${i}].date`, o.date)),
      ...remove.map((d, i) => this.dateDetail(`remove[${i}]`, d)),
    ].filter((d) => d !== null);
    // One request says one thing per day: a day set twice, or both set and removed, is ambiguous
    // (and PostgreSQL's upsert cannot touch a row twice in one statement).
    const first = new Map<string, string>();
    const mention = (field: string, date: string) => {
      const other = first.get(date);
      if (other) bad.push({ field, reason: 'duplicate_date', params: { other } });
      else first.set(date, field);
    };
    set.forEach((o, i) => mention(`overrides[${i}].date`, o.date));
    remove.forEach((d, i) => mention(`remove[${i}]`, d));
    if (bad.length) throw validationError(bad);
    if (!actor.roles.includes('admin')) throw new DomainError('FORBIDDEN');
    await this.dataSource.transaction(async (tx) => {
      // Calendar edits are rare: one at a time, so each day's audit chain continues the last edit's.
      const before = new Map((await this.overrides.lockAll(tx)).map((r) => [r.date, r]));
      const events: NewAuditEvent[] = [];
      for (const o of set) {
        const was = before.get(o.date);
        if (was && was.workday === o.workday && was.note === o.note) continue;
        events.push(
          actorEvent(
            actor,
            'calendar',
            o.date,
            'calendar_override_set',
            was ? dayState(was.workday) : null,
            dayState(o.workday),
            {
              workday: o.workday,
              note: o.note,
              ...(was ? { previous: { workday: was.workday, note: was.note } } : {}),
            },
          ),
        );
      }
      for (const date of remove) {
        const was = before.get(date);
        if (was)
          events.push(
            actorEvent(actor, 'calendar', date, 'calendar_override_removed', dayState(was.workday), null, {
              workday: was.workday,
              note: was.note,
            }),
          );
      }
      await this.overrides.upsert(tx, set, actor.userId);
      await this.overrides.remove(tx, remove);
      await this.audit.append(tx, events);
    });
    this.cached = null;
    return this.listOverrides();
  }

  /**
   * Who set or removed an override of one day, and when, oldest first (the day's audit chain).
   * Any signed-in user may read it: the calendar moves everyone's deadlines. A malformed date or
   * one outside the window is 404, like an unknown id; a day never overridden has an empty history.
   */
  async history(date: string): Promise<AuditEvent[]> {
    if (this.dateDetail('date', date)) throw new DomainError('NOT_FOUND');
    return this.audit.list(this.dataSource.manager, 'calendar', date);
  }
}

/** An override's state in the audit trail. */
const dayState = (workday: boolean) => (workday ? 'workday' : 'day_off');
