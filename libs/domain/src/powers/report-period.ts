/**
 * The period of the delegated-powers report: a month (`2026-11`) or a quarter (`2026-Q4`) as
 * Beijing calendar days [from, to). A private parser of this report: the assessment's period
 * module (libs/domain/src/period, another branch) was not there when this was written; the report
 * should move to it once both are merged.
 */
export interface ReportPeriod {
  period: string;
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Day after the last, YYYY-MM-DD. */
  to: string;
}

const PERIOD = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;

const day = (year: number, month: number) =>
  // month is 1-based and may be 13 (January of the next year).
  `${year + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-01`;

/** The period named, or null when the text is not a month or quarter of a year 2000–2100. */
export function parseReportPeriod(text: unknown): ReportPeriod | null {
  if (typeof text !== 'string') return null;
  const m = PERIOD.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  const first = m[2] ? Number(m[2]) : (Number(m[3]) - 1) * 3 + 1;
  const months = m[2] ? 1 : 3;
  return { period: text, from: day(year, first), to: day(year, first + months) };
}

/** A period starts in the future when its first day is after today (Asia/Shanghai). */
export const periodInFuture = (p: ReportPeriod, today: string): boolean => p.from > today;
