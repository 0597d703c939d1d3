import { DomainError } from '../errors/domain-error';
import type { AssignmentState } from './states';

/** Who performs an action on an assignment. */
export type ActorRole = 'street' | 'department' | 'reviewer';

interface TransitionRule {
  from: readonly AssignmentState[];
  by: ActorRole;
}

/** States in which a department may still withdraw its task (DESIGN.md: "any open state"). */
export const OPEN_STATES: readonly AssignmentState[] = [
  'pending_routing',
  'awaiting_signoff',
  'in_review',
  'returned',
  'in_progress',
  'disputed',
];

/** The assignment state machine of DESIGN.md: where each action may start and who takes it. */
export const TRANSITIONS = {
  sign: { from: ['awaiting_signoff'], by: 'street' },
  dispute: { from: ['awaiting_signoff'], by: 'street' },
  progress: { from: ['in_progress'], by: 'street' },
  complete: { from: ['in_progress'], by: 'street' },
  request_extension: { from: ['in_progress'], by: 'street' },
  confirm: { from: ['completed'], by: 'department' },
  reopen: { from: ['completed'], by: 'department' },
  withdraw: { from: OPEN_STATES, by: 'department' },
  decide_extension: { from: ['in_progress'], by: 'department' },
  resubmit: { from: ['returned'], by: 'department' },
  review: { from: ['in_review'], by: 'reviewer' },
  arbitrate: { from: ['disputed'], by: 'reviewer' },
} as const satisfies Record<string, TransitionRule>;
export type AssignmentAction = keyof typeof TRANSITIONS;

/** Whether an action applies to an assignment in this state. */
export function canTransition(action: AssignmentAction, state: AssignmentState): boolean {
  return (TRANSITIONS[action].from as readonly AssignmentState[]).includes(state);
}

/** Throws STATE_CONFLICT unless the action applies to the state, STALE_VERSION on a stale version. */
export function assertTransition(
  action: AssignmentAction,
  current: { state: AssignmentState; version: number },
  expectedVersion?: number,
): void {
  if (expectedVersion !== undefined && expectedVersion !== current.version)
    throw new DomainError('STALE_VERSION');
  if (!(TRANSITIONS[action].from as readonly AssignmentState[]).includes(current.state))
    throw new DomainError('STATE_CONFLICT');
}
