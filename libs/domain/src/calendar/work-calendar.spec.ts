import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { endOfShanghaiDay, shanghaiDate, WorkCalendar } from './work-calendar';

/** The State Council's 2026 schedule, as shipped with the seed data. */
const schedule: { holidays: string[]; makeUpWorkdays: string[] } = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'config/seed/holidays-2026.json'), 'utf8'),
);

const DAY_MS = 86_400_000;
const datesOf2026 = (): string[] => {
  const out: string[] = [];
  for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += DAY_MS)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};
/** An instant given as Shanghai wall-clock time. */
const sh = (local: string): Date => new Date(`${local}+08:00`);
/** The last millisecond of a Shanghai calendar day, as the deadline a user is shown. */
const endOf = (date: string): string => new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();

describe('WorkCalendar: the PRC 2026 schedule', () => {
  const calendar = new WorkCalendar();

  it('treats every listed public holiday as a day off, even on a weekday', () => {
    const working = schedule.holidays.filter((d) => calendar.isWorkday(d));
    expect(working).toEqual([]);
    // the schedule does list weekday holidays (the point of the check above)
    expect(schedule.holidays).toEqual(expect.arrayContaining(['2026-02-16', '2026-10-01', '2026-10-07']));
  });

  it('treats every make-up day as a working day, although each falls on a weekend', () => {
    const weekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    // the schedule lists make-up days (else `every` and the empty filter below prove nothing)
    expect(schedule.makeUpWorkdays.length).toBeGreaterThan(0);
    expect(schedule.makeUpWorkdays.filter((d) => !weekend(d))).toEqual([]);
    expect(schedule.makeUpWorkdays.filter((d) => !calendar.isWorkday(d))).toEqual([]);
  });

  it('agrees with the schedule on every day of 2026 (weekdays work unless a holiday; make-up days work)', () => {
    const holidays = new Set(schedule.holidays);
    const makeUp = new Set(schedule.makeUpWorkdays);
    const disagreements = datesOf2026().filter((d) => {
      const weekday = ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
      const expected = makeUp.has(d) || (weekday && !holidays.has(d));
      return calendar.isWorkday(d) !== expected;
    });
    expect(disagreements).toEqual([]);
  });

  describe('addWorkingDays across the Spring Festival (holidays 02-15..02-23, make-up 02-14 Sat and 02-28 Sat)', () => {
    it.each([
      ['Fri 02-13 morning + 1', '2026-02-13T09:00:00', 1, '2026-02-14'],
      ['Fri 02-13 morning + 2', '2026-02-13T09:00:00', 2, '2026-02-24'],
      ['Sat 02-14 (make-up) evening + 1', '2026-02-14T20:00:00', 1, '2026-02-24'],
      ['in the holiday + 1', '2026-02-17T10:00:00', 1, '2026-02-24'],
      ['Thu 02-12 + 5', '2026-02-12T10:00:00', 5, '2026-02-26'],
      ['Tue 02-24 + 4 (Sat 02-28 works)', '2026-02-24T10:00:00', 4, '2026-02-28'],
      ['Tue 02-24 + 5 (Sun 03-01 does not)', '2026-02-24T10:00:00', 5, '2026-03-02'],
    ])('%s', (_what, from, n, endDate) => {
      expect(calendar.addWorkingDays(sh(from), n).toISOString()).toBe(endOf(endDate));
    });
  });

  describe('addWorkingDays across the Mid-Autumn and National Day (09-25..09-27, 10-01..10-07; make-up 09-20 Sun, 10-10 Sat)', () => {
    it.each([
      ['Fri 09-18 + 1 (Sun 09-20 works)', '2026-09-18T10:00:00', 1, '2026-09-20'],
      ['Sat 09-19 + 1', '2026-09-19T10:00:00', 1, '2026-09-20'],
      ['Thu 09-24 + 1', '2026-09-24T10:00:00', 1, '2026-09-28'],
      ['Wed 09-30 + 1', '2026-09-30T10:00:00', 1, '2026-10-08'],
      ['Wed 09-30 + 3 (Sat 10-10 works)', '2026-09-30T10:00:00', 3, '2026-10-10'],
      ['Wed 09-30 + 4', '2026-09-30T10:00:00', 4, '2026-10-12'],
      ['Thu 09-24 + 4', '2026-09-24T10:00:00', 4, '2026-10-08'],
      ['Thu 09-24 + 5', '2026-09-24T10:00:00', 5, '2026-10-09'],
    ])('%s', (_what, from, n, endDate) => {
      expect(calendar.addWorkingDays(sh(from), n).toISOString()).toBe(endOf(endDate));
    });
  });

  it('counts from the Shanghai calendar day, not the UTC one', () => {
    // 2026-02-13 23:30 UTC is already Sat 02-14 07:30 in Shanghai (the make-up day): the next
    // working day after it is Tue 02-24, not the make-up Saturday itself.
    expect(calendar.addWorkingDays(new Date('2026-02-13T23:30:00Z'), 1).toISOString()).toBe(
      endOf('2026-02-24'),
    );
    // 2026-09-30 16:00 UTC is Thu 10-01 00:00 in Shanghai, in the holiday.
    expect(calendar.addWorkingDays(new Date('2026-09-30T16:00:00Z'), 1).toISOString()).toBe(
      endOf('2026-10-08'),
    );
    expect(calendar.addWorkingDays(new Date('2026-09-30T15:59:59.999Z'), 1).toISOString()).toBe(
      endOf('2026-10-08'),
    );
  });

  it('ends a deadline at the last millisecond of the day in Asia/Shanghai', () => {
    const due = calendar.addWorkingDays(sh('2026-02-13T09:00:00'), 1);
    expect(due.toISOString()).toBe('2026-02-14T15:59:59.999Z');
    expect(shanghaiDate(due)).toBe('2026-02-14');
    expect(shanghaiDate(new Date(due.getTime() + 1))).toBe('2026-02-15');
    expect(endOfShanghaiDay('2026-10-10').toISOString()).toBe('2026-10-10T15:59:59.999Z');
  });

  it('refuses a count that is not a positive whole number of days', () => {
    expect(() => calendar.addWorkingDays(sh('2026-03-02T09:00:00'), 0)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(sh('2026-03-02T09:00:00'), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(sh('2026-03-02T09:00:00'), 1.5)).toThrow(RangeError);
  });
});

describe('WorkCalendar: local overrides', () => {
  it('an override takes precedence over the national schedule, both ways', () => {
    const calendar = new WorkCalendar(
      new Map([
        ['2026-02-24', false], // a local day off right after the festival
        ['2026-02-14', false], // the make-up Saturday cancelled locally
        ['2026-03-07', true], // an ordinary Saturday made a working day
        ['2026-10-05', true], // a holiday worked locally
      ]),
    );
    expect(calendar.isWorkday('2026-02-24')).toBe(false);
    expect(calendar.isWorkday('2026-02-14')).toBe(false);
    expect(calendar.isWorkday('2026-03-07')).toBe(true);
    expect(calendar.isWorkday('2026-10-05')).toBe(true);
    // days without an override keep the national schedule
    expect(calendar.isWorkday('2026-02-25')).toBe(true);
    expect(calendar.isWorkday('2026-02-28')).toBe(true);
    expect(calendar.isWorkday('2026-10-04')).toBe(false);

    expect(calendar.addWorkingDays(sh('2026-02-13T09:00:00'), 1).toISOString()).toBe(endOf('2026-02-25'));
    expect(calendar.addWorkingDays(sh('2026-03-06T09:00:00'), 1).toISOString()).toBe(endOf('2026-03-07'));
    expect(calendar.addWorkingDays(sh('2026-09-30T09:00:00'), 1).toISOString()).toBe(endOf('2026-10-05'));
    expect(calendar.addWorkingDays(sh('2026-09-30T09:00:00'), 2).toISOString()).toBe(endOf('2026-10-08'));
  });

  it('without overrides, the same dates follow the national schedule', () => {
    const calendar = new WorkCalendar();
    expect(calendar.addWorkingDays(sh('2026-02-13T09:00:00'), 1).toISOString()).toBe(endOf('2026-02-14'));
    expect(calendar.addWorkingDays(sh('2026-03-06T09:00:00'), 1).toISOString()).toBe(endOf('2026-03-09'));
  });
});
