import {
  allowedIn,
  appliesIn,
  mayAct,
  planTransition,
  type Planned,
  type TableActor,
  type TransitionTable,
} from '../machine/transition-table';
import { enforcementSubjectProblem } from '../routing/enforcement-subject';
import {
  ARBITRATION_EFFECTS,
  arbitrationProblems,
  REVIEW_TARGETS,
  reviewEffect,
  reviewProblems,
  type ArbitrationCommand,
  type ReviewCommand,
} from './decisions';
import { DISPUTE_REASONS, type DisputeReason } from './dispute';
import {
  booleanProblem,
  EXTENSION_MAX_WORKING_DAYS,
  intProblem,
  oneOfProblem,
  RATING_MAX,
  RATING_MIN,
  textProblem,
  versionProblem,
} from './requirements';
import type { AssignmentState } from './states';

/** Who performs an action on an assignment. */
export type ActorRole = 'street' | 'department' | 'reviewer';

/** An assignment as its transition table sees it. */
export interface AssignmentSubject {
  state: AssignmentState;
  version: number;
  streetCode: string;
  /** The department (or authority) that submitted the task. */
  submitterCode: string;
}

/** The input each action takes (what the HTTP bodies carry, in the domain's words). */
export interface AssignmentCommands {
  sign: { version: number };
  dispute: { version: number; reasonCode: DisputeReason; citedMatterCode?: string | null; reason: string };
  progress: { note: string };
  complete: { version: number; result: string };
  request_extension: { workingDays: number; reason: string };
  confirm: { version: number; rating: number; comment?: string | null };
  reopen: { version: number; reason: string };
  /** Withdrawing a whole task passes each open assignment's current version. */
  withdraw: { version: number; reason: string };
  /** The department's comment goes into the timeline and the street's notification. */
  decide_extension: { approve: boolean; comment?: string };
  /** The task as it will be after the edits (the rule is on the edited task, not on the edit). */
  resubmit: { actionType: string; enforcementSubject?: string | null };
  review: ReviewCommand;
  arbitrate: ArbitrationCommand;
}
export type AssignmentAction = keyof AssignmentCommands;

/** States in which a department may still withdraw its task (DESIGN.md: "any open state"). */
export const OPEN_STATES: readonly AssignmentState[] = [
  'pending_routing',
  'awaiting_signoff',
  'in_review',
  'returned',
  'in_progress',
  'disputed',
];

/**
 * The assignment state machine of DESIGN.md ("Assignment states"). Every action after routing is
 * here: where it may start, where it leads, who takes it and what its input must carry. Routing
 * itself (pending_routing → awaiting_signoff | in_review | rejected) is the rule table's, see
 * `stateAfterRouting`.
 */
export const ASSIGNMENT_TRANSITIONS: TransitionTable<
  AssignmentState,
  ActorRole,
  AssignmentCommands,
  AssignmentSubject
> = {
  partyOf: (role, a) => (role === 'street' ? a.streetCode : role === 'department' ? a.submitterCode : null),
  rules: {
    // The street's desk.
    sign: {
      from: ['awaiting_signoff'],
      to: 'in_progress',
      by: 'street',
      versioned: true,
      bumpsVersion: true,
      requires: ['version'],
      check: versionProblem,
    },
    dispute: {
      from: ['awaiting_signoff'],
      to: 'disputed',
      by: 'street',
      versioned: true,
      bumpsVersion: true,
      // The cited matter is optional for every reason; when given it must be a matter of the
      // assignment's list version, which only the database can say (the street desk checks it).
      requires: ['version', 'reasonCode', 'reason', 'citedMatterCode in the list version (optional)'],
      check: (d) => [
        ...versionProblem(d),
        ...oneOfProblem('reasonCode', d.reasonCode, DISPUTE_REASONS),
        ...textProblem('reason', d.reason),
      ],
    },
    progress: {
      from: ['in_progress'],
      to: 'unchanged',
      by: 'street',
      versioned: false,
      bumpsVersion: false,
      requires: ['note'],
      check: (d) => textProblem('note', d.note),
    },
    complete: {
      from: ['in_progress'],
      to: 'completed',
      by: 'street',
      versioned: true,
      bumpsVersion: true,
      requires: ['version', 'result'],
      check: (d) => [...versionProblem(d), ...textProblem('result', d.result)],
    },
    request_extension: {
      from: ['in_progress'],
      to: 'unchanged',
      by: 'street',
      versioned: false,
      bumpsVersion: false,
      requires: [
        `workingDays 1–${EXTENSION_MAX_WORKING_DAYS}`,
        'reason',
        'no other pending request',
        'the extended due date within the calendar window',
      ],
      check: (d) => [
        ...intProblem('workingDays', d.workingDays, 1, EXTENSION_MAX_WORKING_DAYS),
        ...textProblem('reason', d.reason),
      ],
    },
    // The department's desk.
    confirm: {
      from: ['completed'],
      to: 'closed',
      by: 'department',
      versioned: true,
      bumpsVersion: true,
      requires: ['version', `rating ${RATING_MIN}–${RATING_MAX}`, 'comment (optional)'],
      check: (d) => [...versionProblem(d), ...intProblem('rating', d.rating, RATING_MIN, RATING_MAX)],
    },
    reopen: {
      from: ['completed'],
      to: 'in_progress',
      by: 'department',
      versioned: true,
      bumpsVersion: true,
      requires: ['version', 'reason'],
      check: (d) => [...versionProblem(d), ...textProblem('reason', d.reason)],
    },
    withdraw: {
      from: OPEN_STATES,
      to: 'withdrawn',
      by: 'department',
      versioned: true,
      bumpsVersion: true,
      requires: ['version', 'reason'],
      check: (d) => [...versionProblem(d), ...textProblem('reason', d.reason)],
    },
    decide_extension: {
      from: ['in_progress'],
      to: 'unchanged',
      by: 'department',
      versioned: false,
      // Deciding moves the due date (approved) or at least ends the request: the version moves.
      bumpsVersion: true,
      requires: ['approve', 'a pending request', 'the extended due date within the calendar window'],
      check: (d) => booleanProblem('approve', d.approve),
    },
    resubmit: {
      from: ['returned'],
      to: 'pending_routing',
      by: 'department',
      versioned: false,
      bumpsVersion: true,
      requires: [
        'enforcementSubject exactly when actionType is enforcement',
        'matterCode in the list version',
      ],
      check: (t) => {
        const p = enforcementSubjectProblem(t.actionType, t.enforcementSubject);
        return p ? [p] : [];
      },
    },
    // The reviewer's desk.
    review: {
      from: ['in_review'],
      to: { among: REVIEW_TARGETS, pick: (d) => reviewEffect(d).to },
      by: 'reviewer',
      versioned: false,
      bumpsVersion: true,
      requires: ['decision', 'note', 'to admit: a matterCode in the list version, or a role'],
      check: reviewProblems,
    },
    arbitrate: {
      from: ['disputed'],
      to: {
        among: [ARBITRATION_EFFECTS.street.to, ARBITRATION_EFFECTS.department.to],
        pick: (d) => ARBITRATION_EFFECTS[d.upheld].to,
      },
      by: 'reviewer',
      versioned: false,
      bumpsVersion: true,
      requires: ['upheld', 'note', 'the dispute still open'],
      check: arbitrationProblems,
    },
  },
};

/** Every action, in table order. */
export const ASSIGNMENT_ACTIONS = Object.keys(ASSIGNMENT_TRANSITIONS.rules) as AssignmentAction[];

/** Whether an action applies to an assignment in this state (whoever asks). */
export function canTransition(action: AssignmentAction, state: AssignmentState): boolean {
  return appliesIn(ASSIGNMENT_TRANSITIONS, action, state);
}

/**
 * Whether this actor takes this action on this assignment, whatever its state: the action's role,
 * and for the street and the department, being the assignment's street or submitter. Without an
 * assignment, the role alone (e.g. whether to show the reviewer's decide buttons on a list).
 */
export function mayTake(
  action: AssignmentAction,
  actor: TableActor,
  assignment?: AssignmentSubject,
): boolean {
  return mayAct(ASSIGNMENT_TRANSITIONS, action, actor, assignment);
}

/** The actions this actor may take on this assignment now — what the web app shows as buttons. */
export function allowedActions(assignment: AssignmentSubject, actor: TableActor): AssignmentAction[] {
  return allowedIn(ASSIGNMENT_TRANSITIONS, assignment, actor);
}

/**
 * The table's verdict on one attempt: FORBIDDEN (not this actor's action on this assignment),
 * STALE_VERSION, STATE_CONFLICT, VALIDATION_FAILED (the input lacks a requirement), in that order.
 * Answers the state the assignment moves to and whether its version moves.
 */
export function planAssignmentTransition<A extends AssignmentAction>(
  action: A,
  assignment: AssignmentSubject,
  actor: TableActor,
  input: AssignmentCommands[A],
): Planned<AssignmentState> {
  return planTransition(ASSIGNMENT_TRANSITIONS, action, assignment, actor, input);
}
