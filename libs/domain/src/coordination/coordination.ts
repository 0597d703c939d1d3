import { DomainError } from '../errors/domain-error';

/**
 * Coordination (DESIGN.md "Coordination"): the rules of summons (吹哨报到) and joint actions
 * (联合执法). Services lock rows and write; what may happen in which state is decided here.
 */

export const SUMMONS_STATES = ['open', 'closed'] as const;
export type SummonsState = (typeof SUMMONS_STATES)[number];

export const SUMMONS_RESPONSE_STATES = ['pending', 'reported', 'declined'] as const;
export type SummonsResponseState = (typeof SUMMONS_RESPONSE_STATES)[number];

/** What a summoned department may answer: it came (报到), or it declines with a reason. */
export const SUMMONS_ANSWERS = ['reported', 'declined'] as const;
export type SummonsAnswer = (typeof SUMMONS_ANSWERS)[number];

/** Which summons a list shows: those the street sent, or those addressed to the department. */
export const SUMMONS_LIST_ROLES = ['sent', 'received'] as const;
export type SummonsListRole = (typeof SUMMONS_LIST_ROLES)[number];

/**
 * How many departments one summons may call: a whistle brings the few bodies a problem needs;
 * the county has about twenty departments.
 */
export const MAX_SUMMONED_DEPARTMENTS = 20;

export const JOINT_ACTION_STATES = ['scheduled', 'confirmed', 'reschedule_requested', 'completed'] as const;
export type JointActionState = (typeof JOINT_ACTION_STATES)[number];

/** Measures a joint action may record (the enforcement-case measures of API.md). */
export const JOINT_MEASURES = ['persuasion', 'rectification_notice', 'penalty', 'transferred'] as const;
export type JointMeasure = (typeof JOINT_MEASURES)[number];

const conflict = (reason: string) => new DomainError('STATE_CONFLICT', [{ reason }]);

/** A department answers once, and only while the summons is open. */
export function checkRespond(summonsState: SummonsState, responseState: SummonsResponseState): void {
  if (summonsState !== 'open') throw conflict('summons_closed');
  if (responseState !== 'pending') throw conflict('already_responded');
}

/** The street rates a department once it answered (reported or declined); once only (the key decides races). */
export function checkRate(responseState: SummonsResponseState, alreadyRated: boolean): void {
  if (responseState === 'pending') throw conflict('not_responded');
  if (alreadyRated) throw conflict('already_rated');
}

export function checkClose(summonsState: SummonsState): void {
  if (summonsState !== 'open') throw conflict('summons_closed');
}

/** A joint action is scheduled only on an assignment decided `joint`, still being worked on. */
export function checkSchedule(role: string | null, assignmentState: string): void {
  if (role !== 'joint') throw conflict('not_joint');
  if (!['awaiting_signoff', 'in_progress'].includes(assignmentState)) throw conflict('assignment_not_active');
}

/** The street answers a scheduled action once: it attends, or asks to reschedule. */
export function checkConfirm(state: JointActionState): void {
  if (state !== 'scheduled') throw conflict('already_confirmed');
}

/** The outcome is recorded once, after the scheduled time, of an action the street did not ask to move. */
export function checkOutcome(state: JointActionState, scheduledAt: Date, now: Date): void {
  if (state === 'completed') throw conflict('outcome_recorded');
  if (state === 'reschedule_requested') throw conflict('reschedule_requested');
  if (now.getTime() < scheduledAt.getTime()) throw conflict('before_scheduled_time');
}
