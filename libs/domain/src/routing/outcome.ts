export const OUTCOMES = [
  'admit',
  'support_only',
  'joint_enforcement',
  'needs_admission_review',
  'reject_negative_list',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

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
