import { getHolidaysInRange, isWorkday as prcIsWorkday } from 'chinese-days';
import { DomainError } from '../errors/domain-error';

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

/**
 * The days the calendar can count with: four-digit years only, since dates are handled as
 * YYYY-MM-DD strings (year 10000 has no such spelling, and walking into it never ended). 1900
 * is well before any date DutyGate stores; the API accepts a far narrower window (DATE_MIN..DATE_MAX).
 */
export const CALENDAR_LIMITS = { min: '1900-01-01', max: '9999-12-31' } as const;

/**
 * The most working days one addition may count: ten years at ~250 a year. The API asks for at most
 * 750 (a task's deadline) or 60 (an extension); escalation offsets are a few days.
 */
export const MAX_WORKING_DAYS = 2500;

/**
 * However many days off the overrides declare, a walk gives up after this many calendar days
 * without finding the working days it needs: three calendar days per working day asked for (the
 * national schedule never has more than nine days off in a row) plus a whole year of slack.
 */
const walkLimit = (n: number): number => 3 * n + 366;

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
    if (n > MAX_WORKING_DAYS)
      throw new DomainError('DATE_OUT_OF_RANGE', [
        {
          reason: 'max',
          params: { max: MAX_WORKING_DAYS },
          text: `at most ${MAX_WORKING_DAYS} working days`,
        },
      ]);
    let date = Number.isFinite(from.getTime()) ? shanghaiDate(from) : '';
    if (!(isIsoDate(date) && date >= CALENDAR_LIMITS.min && date <= CALENDAR_LIMITS.max))
      throw beyondCalendar();
    let left = n;
    // Bounded twice over: by the walk limit, and by the end of the representable years.
    for (let walked = 0; left > 0; walked++) {
      if (walked >= walkLimit(n))
        throw new DomainError('DATE_OUT_OF_RANGE', [
          { reason: 'no_workday_found', params: { days: walked } },
        ]);
      if (date >= CALENDAR_LIMITS.max) throw beyondCalendar();
      date = nextDate(date);
      if (this.isWorkday(date)) left--;
    }
    return endOfShanghaiDay(date);
  }
}

const beyondCalendar = () =>
  new DomainError('DATE_OUT_OF_RANGE', [{ reason: 'date_out_of_range', params: { ...CALENDAR_LIMITS } }]);

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
