import { systemClock, type Clock } from '@app/domain';

/** Injection token of the clock; tests and benches may supply their own. */
export const CLOCK = Symbol('CLOCK');
export const defaultClock: Clock = systemClock;
