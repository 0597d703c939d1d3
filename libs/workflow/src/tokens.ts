import { systemClock, WorkCalendar, type Clock } from '@app/domain';

/** Injection token of the clock; tests and benches may supply their own. */
export const CLOCK = Symbol('CLOCK');
export const defaultClock: Clock = systemClock;

/** Injection token of the working-day calendar. */
export const CALENDAR = Symbol('CALENDAR');
export const defaultCalendar = () => new WorkCalendar();
