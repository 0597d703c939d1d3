import { getHolidaysInRange, isWorkday as prcIsWorkday } from 'chinese-days';

/** PRC civil time has had no daylight saving since 1991: a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** A real calendar date written YYYY-MM-DD (no 2026-02-30, no 2026-13-01). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar day ends (the next midnight, exclusive), as a Date. */
export function endOfShanghaiDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS + DAY_MS - 1);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * Working days of the PRC calendar (public holidays and make-up working days from
 * `chinese-days`), with local overrides (date → working or not) taking precedence.
 */
export class WorkCalendar {
  constructor(private readonly overrides: ReadonlyMap<string, boolean> = new Map()) {}

  isWorkday(date: string): boolean {
    return this.overrides.get(date) ?? prcIsWorkday(date);
  }

  /** Whether the calendar knows the holidays of a year: the national schedule or local overrides for it. */
  hasHolidayData(year: number): boolean {
    if ([...this.overrides.keys()].some((d) => d.startsWith(`${year}-`))) return true;
    try {
      return getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    } catch {
      return false;
    }
  }

  /**
   * "N working days from `from`": the end of the N-th working day after the day of `from`
   * (the starting day itself is not counted, however early it is).
   */
  addWorkingDays(from: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('working days must be a positive integer');
    let date = shanghaiDate(from);
    let left = n;
    while (left > 0) {
      date = nextDate(date);
      if (this.isWorkday(date)) left--;
    }
    return endOfShanghaiDay(date);
  }
}

export interface CalendarCoverage {
  status: 'up' | 'warn';
  years: number[];
  message?: string;
}

/**
 * The State Council publishes next year's holidays each November: from 1 December on, a calendar
 * without them would count next year's holidays as working days, so health warns.
 */
export function calendarCoverage(calendar: WorkCalendar, today: string): CalendarCoverage {
  const year = Number(today.slice(0, 4));
  const years = today.slice(5) >= '12-01' ? [year, year + 1] : [year];
  const missing = years.filter((y) => !calendar.hasHolidayData(y));
  return missing.length
    ? {
        status: 'warn',
        years,
        message: `no holiday data for ${missing.join(', ')}: add it as calendar overrides or update chinese-days`,
      }
    : { status: 'up', years };
}
