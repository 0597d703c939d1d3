export const OUTCOMES = [
  'admit',
  'support_only',
  'joint_enforcement',
  'needs_admission_review',
  'reject_negative_list',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * What an assignment's current decision can say: a routing outcome, or the organisation office's
 * later word on it, so no screen keeps showing a routing outcome the 编办 has overruled.
 * `refused`: refused in admission review, or a dispute decided for the street (nothing binds the
 * street). Rules never give it.
 */
export const DECISION_OUTCOMES = [...OUTCOMES, 'refused'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** The `ruleId` of decisions the organisation office wrote: an admission review, a dispute ruling. */
export const REVIEW_RULE_ID = 'REVIEW';
export const ARBITRATION_RULE_ID = 'ARBITRATION';

export const ROLES = ['lead', 'support', 'joint'] as const;
export type AssignmentRole = (typeof ROLES)[number];

/** The street's role an outcome gives; outcomes that do not put the street to work give none. */
export function roleForOutcome(outcome: Outcome): AssignmentRole | null {
  switch (outcome) {
    case 'admit':
      return 'lead';
    case 'support_only':
      return 'support';
    case 'joint_enforcement':
      return 'joint';
    case 'needs_admission_review':
    case 'reject_negative_list':
      return null;
  }
}
