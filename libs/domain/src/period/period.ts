/**
 * Assessment periods (DESIGN.md "Assessment"): a month `2026-11` or a quarter `2026-Q4`, read in
 * Asia/Shanghai. A period is the half-open interval [start, end) of instants between two Shanghai
 * midnights, so a fact at 2026-11-30T23:59:59+08:00 belongs to November and one at
 * 2026-12-01T00:00:00+08:00 to December, whatever the server's own zone.
 */
export type PeriodKind = 'month' | 'quarter';

export interface Period {
  /** The canonical spelling, also the key it is stored under: `2026-11`, `2026-Q4`. */
  code: string;
  kind: PeriodKind;
  year: number;
  /** Month 1..12 or quarter 1..4. */
  index: number;
  /** First instant (inclusive): Shanghai midnight of its first day. */
  start: Date;
  /** First instant after it (exclusive): Shanghai midnight of the day after its last. */
  end: Date;
  /** Its months, `YYYY-MM`: one for a month, three for a quarter. */
  months: string[];
}

/**
 * The years a period may name: those of the API's date window (DEFAULT_DATE_WINDOW, 2000..2100).
 * Nothing DutyGate stores lies outside it, and four digits keep the spelling unambiguous.
 */
export const PERIOD_YEARS = { min: 2000, max: 2100 } as const;

/** At most this many characters are looked at: `2026-Q4` is 7, `2026-11` is 7. */
const PERIOD_PATTERN = /^(\d{4})-(?:(\d{2})|Q(\d))$/;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Shanghai midnight starting the first day of a month (month may be 13 = January of next year). */
function monthStart(year: number, month: number): Date {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  return new Date(`${y}-${pad2(m)}-01T00:00:00+08:00`);
}

/**
 * Parses a period. Accepts exactly `YYYY-MM` (01..12) and `YYYY-Qn` (1..4, capital Q) with a year
 * in PERIOD_YEARS; anything else (`2026-13`, `2026-Q5`, `2026-1`, `2026-q4`, ` 2026-11`) is null.
 */
export function parsePeriod(value: unknown): Period | null {
  if (typeof value !== 'string' || value.length > 7) return null;
  const m = PERIOD_PATTERN.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < PERIOD_YEARS.min || year > PERIOD_YEARS.max) return null;
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    return {
      code: value,
      kind: 'month',
      year,
      index: month,
      start: monthStart(year, month),
      end: monthStart(year, month + 1),
      months: [`${year}-${pad2(month)}`],
    };
  }
  const quarter = Number(m[3]);
  if (quarter < 1 || quarter > 4) return null;
  const first = (quarter - 1) * 3 + 1;
  return {
    code: value,
    kind: 'quarter',
    year,
    index: quarter,
    start: monthStart(year, first),
    end: monthStart(year, first + 3),
    months: monthsOfQuarter(year, quarter),
  };
}

/** Whether a string is a well-formed period (see parsePeriod). */
export const isPeriod = (value: unknown): value is string => parsePeriod(value) !== null;

/** The months (`YYYY-MM`) of quarter 1..4 of a year. */
export function monthsOfQuarter(year: number, quarter: number): string[] {
  const first = (quarter - 1) * 3 + 1;
  return [first, first + 1, first + 2].map((m) => `${year}-${pad2(m)}`);
}

/** A period that has not begun yet at `now` (its first instant lies after now): nothing to assess or rate. */
export const periodNotBegun = (p: Period, now: Date): boolean => p.start.getTime() > now.getTime();

/** A period that is over at `now`: every fact it can hold is in. */
export const periodEnded = (p: Period, now: Date): boolean => p.end.getTime() <= now.getTime();

/** The period (month or quarter) holding an instant, read in Shanghai. */
export function periodOf(at: Date, kind: PeriodKind): Period {
  const local = new Date(at.getTime() + 8 * 3600_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const code = kind === 'month' ? `${year}-${pad2(month)}` : `${year}-Q${Math.ceil(month / 3)}`;
  return parsePeriod(code) as Period;
}

/** Sort key putting periods in time order; a quarter sorts after its last month's start. */
export const comparePeriods = (a: Period, b: Period): number =>
  a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime();
