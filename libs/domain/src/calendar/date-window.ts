import { endOfShanghaiDay, isIsoDate } from './work-calendar';

/**
 * The calendar days (YYYY-MM-DD, inclusive, read in Asia/Shanghai) a date or time given to the API
 * may fall on. Configured by DATE_MIN/DATE_MAX; everything the API accepts is checked against it
 * before any working-day arithmetic sees it.
 */
export interface DateWindow {
  min: string;
  max: string;
}

/**
 * 2000..2100: nothing DutyGate handles lies before the first list (2025) or beyond a few years
 * ahead, and a century of headroom keeps every deadline computed from an accepted date (at most
 * 750 working days, ~3 years, further) far inside what the calendar can count (CALENDAR_LIMITS).
 */
export const DEFAULT_DATE_WINDOW: DateWindow = { min: '2000-01-01', max: '2100-12-31' };

/** Why a date is refused, as a detail reason (detail-messages.ts); null when it is fine. */
export type DateProblem = 'bad_date' | 'bad_date_time' | 'date_out_of_range';

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/**
 * An ISO-8601 time with its offset (API.md: times carry one, or they would be read in the
 * server's zone): `2026-12-31T18:00:00+08:00`, `…Z`, seconds and fractions optional. The date must
 * exist (no 02-30), hours 00–23, minutes and seconds 00–59, offsets up to ±23:59. Null otherwise.
 */
export function parseIsoDateTime(s: unknown): Date | null {
  if (typeof s !== 'string' || s.length > 40) return null;
  const m = DATE_TIME.exec(s);
  if (!m) return null;
  const [, date, hh, mi, ss = '0', frac = '', zulu, sign, oh = '0', om = '0'] = m;
  if (!isIsoDate(date) || +hh > 23 || +mi > 59 || +ss > 59 || +oh > 23 || +om > 59) return null;
  const offsetMs = zulu ? 0 : (sign === '-' ? -1 : 1) * (+oh * 60 + +om) * 60_000;
  // Date.parse of the date alone is exact for every four-digit year (no two-digit-year quirks).
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  return new Date(Date.parse(`${date}T00:00:00Z`) + ((+hh * 60 + +mi) * 60 + +ss) * 1000 + ms - offsetMs);
}

/** Whether a YYYY-MM-DD date lies within the window (inclusive). */
export const dateInWindow = (date: string, w: DateWindow): boolean => date >= w.min && date <= w.max;

/** Whether an instant falls on a Shanghai calendar day within the window. */
export function instantInWindow(at: Date, w: DateWindow): boolean {
  const t = at.getTime();
  return (
    Number.isFinite(t) && t >= Date.parse(`${w.min}T00:00:00+08:00`) && t <= endOfShanghaiDay(w.max).getTime()
  );
}

/** The one check of a YYYY-MM-DD date given to the API: a real date, within the window. */
export function dateProblem(value: unknown, w: DateWindow): DateProblem | null {
  if (!isIsoDate(value)) return 'bad_date';
  return dateInWindow(value, w) ? null : 'date_out_of_range';
}

/**
 * The one check of a date-time given to the API: well-formed with an offset, and falling (once the
 * offset is applied) on a Shanghai day within the window, so `2100-12-31T23:30:00-05:00` is past a
 * window ending 2100-12-31.
 */
export function dateTimeProblem(value: unknown, w: DateWindow): DateProblem | null {
  const at = parseIsoDateTime(value);
  if (!at) return 'bad_date_time';
  return instantInWindow(at, w) ? null : 'date_out_of_range';
}
