import { DomainError } from '../errors/domain-error';
import {
  dateProblem,
  dateTimeProblem,
  DEFAULT_DATE_WINDOW,
  instantInWindow,
  parseIsoDateTime,
} from './date-window';
import { CALENDAR_LIMITS, MAX_WORKING_DAYS, WorkCalendar } from './work-calendar';

const w = DEFAULT_DATE_WINDOW;

describe('parseIsoDateTime', () => {
  it.each([
    ['2026-12-31T18:00:00+08:00', '2026-12-31T10:00:00.000Z'],
    ['2026-12-31T18:00+08:00', '2026-12-31T10:00:00.000Z'],
    ['2026-12-31T18:00:00.123456Z', '2026-12-31T18:00:00.123Z'],
    ['2026-12-31T18:00:00z', '2026-12-31T18:00:00.000Z'],
    ['2026-12-31T18:00:00-0530', '2026-12-31T23:30:00.000Z'],
    ['2026-12-31T18:00:00+08', '2026-12-31T10:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
  ])('reads %s', (s, iso) => expect(parseIsoDateTime(s)?.toISOString()).toBe(iso));

  it.each([
    '2026-02-30T10:00:00+08:00',
    '2025-02-29T10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-00-10T10:00:00Z',
    '2026-12-31T24:00:00Z',
    '2026-12-31T23:60:00Z',
    '2026-12-31T23:59:60Z',
    '2026-12-31T18:00:00+24:00',
    '2026-12-31T18:00:00',
    '2026-12-31',
    '+010000-01-01T00:00:00Z',
    '10000-01-01T00:00:00Z',
    ' 2026-12-31T18:00:00Z',
    '2026-12-31T18:00:00Z\n',
    'next Friday',
    '',
    12,
    null,
  ])('refuses %p', (s) => expect(parseIsoDateTime(s)).toBeNull());
});

describe('the date window (default 2000-01-01..2100-12-31, Shanghai days)', () => {
  it.each([
    ['2000-01-01', null],
    ['2100-12-31', null],
    ['1999-12-31', 'date_out_of_range'],
    ['2101-01-01', 'date_out_of_range'],
    ['0000-01-01', 'date_out_of_range'],
    ['9999-12-31', 'date_out_of_range'],
    ['10000-01-01', 'bad_date'],
    ['2026-02-30', 'bad_date'],
    [undefined, 'bad_date'],
  ])('date %p → %p', (value, problem) => expect(dateProblem(value, w)).toBe(problem));

  it.each([
    ['2100-12-31T23:59:59.999+08:00', null],
    ['2100-12-31T15:59:59Z', null],
    ['2000-01-01T00:00:00+08:00', null],
    // the offset pushes these over the year boundary in Beijing time
    ['2100-12-31T23:30:00-05:00', 'date_out_of_range'],
    ['2100-12-31T16:00:00Z', 'date_out_of_range'],
    ['2000-01-01T00:59:59+09:00', 'date_out_of_range'],
    ['1999-12-31T23:59:59+08:00', 'date_out_of_range'],
    ['0000-01-01T00:00:00Z', 'date_out_of_range'],
    ['9999-12-31T23:00:00+08:00', 'date_out_of_range'],
    ['2026-02-30T10:00:00+08:00', 'bad_date_time'],
    ['2026-06-01T10:00:00', 'bad_date_time'],
  ])('time %p → %p', (value, problem) => expect(dateTimeProblem(value, w)).toBe(problem));

  it('refuses an invalid Date instant', () => expect(instantInWindow(new Date(NaN), w)).toBe(false));
});

describe('WorkCalendar arithmetic is bounded', () => {
  const calendar = new WorkCalendar();
  const outOfRange = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e instanceof DomainError ? e.code : String(e);
    }
    return 'no error';
  };

  it('counts from the far edge of the default window in well under a second', () => {
    const t0 = Date.now();
    const due = calendar.addWorkingDays(new Date('2100-12-31T23:59:59+08:00'), 750);
    expect(due.getUTCFullYear()).toBe(2103);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('throws DATE_OUT_OF_RANGE instead of walking past the year 9999 (it used to spin forever)', () => {
    expect(outOfRange(() => calendar.addWorkingDays(new Date('9999-12-30T00:00:00Z'), 5))).toBe(
      'DATE_OUT_OF_RANGE',
    );
    expect(outOfRange(() => calendar.addWorkingDays(new Date('+012000-01-01T00:00:00Z'), 1))).toBe(
      'DATE_OUT_OF_RANGE',
    );
    expect(outOfRange(() => calendar.addWorkingDays(new Date('1800-01-01T00:00:00Z'), 1))).toBe(
      'DATE_OUT_OF_RANGE',
    );
    expect(outOfRange(() => calendar.addWorkingDays(new Date(NaN), 1))).toBe('DATE_OUT_OF_RANGE');
    expect(CALENDAR_LIMITS.max).toBe('9999-12-31');
  });

  it('refuses more working days than it may count in one addition', () => {
    expect(
      outOfRange(() => calendar.addWorkingDays(new Date('2026-01-05T00:00:00Z'), MAX_WORKING_DAYS + 1)),
    ).toBe('DATE_OUT_OF_RANGE');
    expect(calendar.addWorkingDays(new Date('2026-01-05T00:00:00Z'), MAX_WORKING_DAYS).getUTCFullYear()).toBe(
      2035,
    );
  });

  it('gives up with DATE_OUT_OF_RANGE when overrides leave no working day within reach', () => {
    const off = new Map<string, boolean>();
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += 86_400_000)
      off.set(new Date(t).toISOString().slice(0, 10), false);
    const idle = new WorkCalendar(off);
    let error: unknown;
    try {
      idle.addWorkingDays(new Date('2026-01-05T00:00:00Z'), 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details).toEqual([{ reason: 'no_workday_found', params: { days: 369 } }]);
  });
});
