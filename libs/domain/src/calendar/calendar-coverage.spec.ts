import { calendarCoverage, isIsoDate, WorkCalendar } from './work-calendar';

describe('calendar coverage (what /health reports)', () => {
  it('is fine in November with the current year known', () => {
    expect(calendarCoverage(new WorkCalendar(), '2026-11-27')).toEqual({ status: 'up', years: [2026] });
  });

  it('warns from 1 December when next year has no holiday data', () => {
    const c = calendarCoverage(new WorkCalendar(), '2026-12-01');
    expect(c.status).toBe('warn');
    expect(c.message).toContain('2027');
  });

  it('counts local overrides for next year as data', () => {
    const calendar = new WorkCalendar(new Map([['2027-01-01', false]]));
    expect(calendarCoverage(calendar, '2026-12-15')).toEqual({ status: 'up', years: [2026, 2027] });
  });

  it('warns for a year the package does not know at all', () => {
    expect(calendarCoverage(new WorkCalendar(), '2099-03-01').status).toBe('warn');
  });
});

describe('isIsoDate', () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-01', false],
    ['20260101', false],
    [20260101, false],
    [null, false],
  ])('%p → %p', (value, ok) => expect(isIsoDate(value)).toBe(ok));
});
