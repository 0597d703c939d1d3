import { systemClock, type Clock } from '@app/domain';

/**
 * Injection token of the one clock every service, repository and the outbox relay read "now"
 * from. It lives here, the lowest layer that needs it, so repositories can take it without
 * depending on the workflow; the interface itself is the domain's. Tests override this token.
 */
export const CLOCK = Symbol('CLOCK');

/** The clock of a running process: the wall clock. */
export const defaultClock: Clock = systemClock;

export type { Clock };
