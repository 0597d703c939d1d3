import type { WorkCalendar } from '../calendar/work-calendar';
import { addDuration, type Duration } from './duration';

export const DEADLINE_KINDS = [
  'signoff',
  'review',
  'arbitration',
  'completion',
  // coordination: a summoned department's report-by, the street's confirmation of a joint action,
  // the lead department's outcome record
  'summons',
  'joint_confirm',
  'joint_outcome',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** The escalation ladder, in the order the steps fire (提醒, 催办, 督办, 通报). */
export const ESCALATION_STEPS = ['remind', 'urge', 'supervise', 'notice'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

export interface LadderConfig {
  /** Share of the window after which the owner is reminded (DESIGN.md: 0.75). */
  remindAt: number;
  /** How long past due the item goes to supervisors (1 working day). */
  superviseAfter: Duration;
  /** How long past due the item is listed in the notice (5 working days). */
  noticeAfter: Duration;
}

export interface PlannedStep {
  step: EscalationStep;
  fireAt: Date;
}

/**
 * When each step of a deadline fires. The reminder is a share of the window in clock time;
 * the later steps are counted from the due time in the configured units.
 */
export function planLadder(
  startsAt: Date,
  dueAt: Date,
  ladder: LadderConfig,
  calendar: WorkCalendar,
): PlannedStep[] {
  const window = Math.max(0, dueAt.getTime() - startsAt.getTime());
  return [
    { step: 'remind', fireAt: new Date(startsAt.getTime() + Math.floor(window * ladder.remindAt)) },
    { step: 'urge', fireAt: dueAt },
    { step: 'supervise', fireAt: addDuration(calendar, dueAt, ladder.superviseAfter) },
    { step: 'notice', fireAt: addDuration(calendar, dueAt, ladder.noticeAfter) },
  ];
}
