import type { Outcome } from '../routing/outcome';

export const ASSIGNMENT_STATES = [
  'pending_routing',
  'awaiting_signoff',
  'in_review',
  'returned',
  'rejected',
  'in_progress',
  'disputed',
  'completed',
  'closed',
  'withdrawn',
] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

/** Where routing puts an assignment for each outcome. */
export function stateAfterRouting(outcome: Outcome): AssignmentState {
  switch (outcome) {
    case 'admit':
    case 'support_only':
    case 'joint_enforcement':
      return 'awaiting_signoff';
    case 'needs_admission_review':
      return 'in_review';
    case 'reject_negative_list':
      return 'rejected';
  }
}
