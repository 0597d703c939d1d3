import { WorkCalendar } from '../calendar/work-calendar';
import { addDuration, isDurationSpec, parseDuration } from './duration';
import { ESCALATION_STEPS, planLadder, type LadderConfig } from './ladder';

const sh = (local: string): Date => new Date(`${local}+08:00`);
const endOf = (date: string): string => new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();

describe('parseDuration', () => {
  it.each([
    ['1wd', { kind: 'working_days', days: 1 }],
    ['5wd', { kind: 'working_days', days: 5 }],
    ['2h', { kind: 'clock', ms: 7_200_000 }],
    ['30m', { kind: 'clock', ms: 1_800_000 }],
    ['45s', { kind: 'clock', ms: 45_000 }],
    ['500ms', { kind: 'clock', ms: 500 }],
    ['10m', { kind: 'clock', ms: 600_000 }],
    [' 4s ', { kind: 'clock', ms: 4000 }],
  ])('reads %j', (spec, expected) => {
    expect(parseDuration(spec)).toEqual(expected);
    expect(isDurationSpec(spec)).toBe(true);
  });

  it.each(['', '0s', '0wd', '1d', '1.5h', '-2h', 'h', '2 h', '2H', '1wd2h', '3'])('refuses %j', (spec) => {
    expect(() => parseDuration(spec)).toThrow(RangeError);
    expect(isDurationSpec(spec)).toBe(false);
  });

  it('adds clock time exactly and working days by the calendar', () => {
    const calendar = new WorkCalendar();
    const from = sh('2026-02-13T09:00:00');
    expect(addDuration(calendar, from, parseDuration('90m')).toISOString()).toBe(
      new Date(from.getTime() + 90 * 60_000).toISOString(),
    );
    // clock time ignores the holiday
    expect(addDuration(calendar, from, parseDuration('48h')).toISOString()).toBe(
      sh('2026-02-15T09:00:00').toISOString(),
    );
    expect(addDuration(calendar, from, parseDuration('2wd')).toISOString()).toBe(endOf('2026-02-24'));
  });
});

describe('planLadder', () => {
  const calendar = new WorkCalendar();
  const design: LadderConfig = {
    remindAt: 0.75,
    superviseAfter: parseDuration('1wd'),
    noticeAfter: parseDuration('5wd'),
  };

  it('plans the four steps in order: reminder at 75% of the window, urge at due, then supervision and notice', () => {
    const starts = sh('2026-03-02T10:00:00');
    const due = sh('2026-03-02T18:00:00');
    const plan = planLadder(starts, due, design, calendar);
    expect(plan.map((p) => p.step)).toEqual([...ESCALATION_STEPS]);
    expect(plan.map((p) => p.fireAt.toISOString())).toEqual([
      sh('2026-03-02T16:00:00').toISOString(),
      due.toISOString(),
      endOf('2026-03-03'),
      endOf('2026-03-09'),
    ]);
  });

  it('counts supervision and notice in working days past due, across the Spring Festival', () => {
    // sign-for due at the end of Fri 02-13; 1 working day past is the make-up Saturday 02-14,
    // 5 working days past skip the nine-day holiday.
    const due = new Date(endOf('2026-02-13'));
    const plan = planLadder(sh('2026-02-12T17:00:00'), due, design, calendar);
    const at = Object.fromEntries(plan.map((p) => [p.step, p.fireAt.toISOString()]));
    expect(at.urge).toBe(endOf('2026-02-13'));
    expect(at.supervise).toBe(endOf('2026-02-14'));
    expect(at.notice).toBe(endOf('2026-02-27'));
  });

  it('uses clock offsets when configured so (short test ladders, urgent limits)', () => {
    const starts = new Date('2026-11-27T02:00:00.000Z');
    const due = new Date('2026-11-27T02:00:04.000Z');
    const plan = planLadder(
      starts,
      due,
      { remindAt: 0.75, superviseAfter: parseDuration('2s'), noticeAfter: parseDuration('4s') },
      calendar,
    );
    expect(plan.map((p) => [p.step, p.fireAt.toISOString()])).toEqual([
      ['remind', '2026-11-27T02:00:03.000Z'],
      ['urge', '2026-11-27T02:00:04.000Z'],
      ['supervise', '2026-11-27T02:00:06.000Z'],
      ['notice', '2026-11-27T02:00:08.000Z'],
    ]);
  });

  it('honours another reminder share', () => {
    const starts = new Date('2026-11-27T00:00:00.000Z');
    const due = new Date('2026-11-27T10:00:00.000Z');
    const [remind] = planLadder(starts, due, { ...design, remindAt: 0.5 }, calendar);
    expect(remind.fireAt.toISOString()).toBe('2026-11-27T05:00:00.000Z');
  });

  it('fires every step no earlier than the one before it', () => {
    for (const [s, d] of [
      ['2026-02-13T09:00:00', '2026-02-13T09:00:01'],
      ['2026-09-30T23:59:00', '2026-10-08T23:59:59.999'],
      ['2026-12-31T08:00:00', '2027-01-04T18:00:00'],
    ]) {
      const times = planLadder(sh(s), sh(d), design, calendar).map((p) => p.fireAt.getTime());
      // all four steps planned: an empty plan is trivially in order
      expect(times).toHaveLength(4);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBeGreaterThanOrEqual(sh(s).getTime());
    }
  });
});
