/** The reasons a street may give when it disputes an assignment, citing the list (API.md). */
export const DISPUTE_REASONS = [
  'not_on_list',
  'principal_is_department',
  'no_enforcement_power',
  'exceeds_supporting_duties',
  'no_resources',
  'other',
] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
