import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { DomainError, isIsoDate, validationError, WorkCalendar, type ErrorDetail } from '@app/domain';
import { CalendarRepository, type CalendarOverrideRow } from '@app/persistence';
import type { Actor } from '../actor';

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
  ) {}

  async current(): Promise<WorkCalendar> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.config.CALENDAR_REFRESH_MS) {
      const rows = await this.overrides.all(this.dataSource.manager);
      this.cached = { calendar: new WorkCalendar(new Map(rows.map((r) => [r.date, r.workday]))), at: now };
    }
    return this.cached.calendar;
  }

  async workdays(
    from?: string,
    to?: string,
  ): Promise<{ from: string; to: string; days: { date: string; workday: boolean; override: boolean }[] }> {
    const bad: ErrorDetail[] = [];
    if (!isIsoDate(from)) bad.push({ field: 'from', reason: 'bad_date' });
    if (!isIsoDate(to)) bad.push({ field: 'to', reason: 'bad_date' });
    if (bad.length) throw validationError(bad);
    const span = (Date.parse(to!) - Date.parse(from!)) / 86_400_000;
    if (span < 0 || span > MAX_RANGE_DAYS)
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
    const bad: ErrorDetail[] = [];
    set.forEach((o, i) => {
      if (!isIsoDate(o.date)) bad.push({ field: `overrides[${i}].date`, reason: 'bad_date' });
    });
    remove.forEach((d, i) => {
      if (!isIsoDate(d)) bad.push({ field: `remove[${i}]`, reason: 'bad_date' });
    });
    if (bad.length) throw validationError(bad);
    if (!actor.roles.includes('admin')) throw new DomainError('FORBIDDEN');
    await this.dataSource.transaction(async (tx) => {
      await this.overrides.upsert(tx, set, actor.userId);
      await this.overrides.remove(tx, remove);
    });
    this.cached = null;
    return this.listOverrides();
  }
}
