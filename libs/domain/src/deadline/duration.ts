import type { WorkCalendar } from '../calendar/work-calendar';

/**
 * A deadline length: working days of the PRC calendar (`3wd`), or clock time (`2h`, `30m`,
 * `45s`, `500ms`). Clock time serves urgent limits and short test configurations.
 */
export type Duration = { kind: 'working_days'; days: number } | { kind: 'clock'; ms: number };

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const SPEC = /^(\d+)(wd|ms|s|m|h)$/;

export function parseDuration(spec: string): Duration {
  const m = SPEC.exec(spec.trim());
  if (!m || Number(m[1]) <= 0) throw new RangeError(`not a duration: "${spec}" (e.g. 1wd, 2h, 30m, 45s)`);
  const n = Number(m[1]);
  return m[2] === 'wd'
    ? { kind: 'working_days', days: n }
    : { kind: 'clock', ms: n * UNIT_MS[m[2] as keyof typeof UNIT_MS] };
}

export const isDurationSpec = (spec: string): boolean =>
  SPEC.test(spec.trim()) && Number(SPEC.exec(spec.trim())![1]) > 0;

export function addDuration(calendar: WorkCalendar, from: Date, d: Duration): Date {
  return d.kind === 'working_days' ? calendar.addWorkingDays(from, d.days) : new Date(from.getTime() + d.ms);
}
