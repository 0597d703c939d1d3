import type { StaffingFlag } from '@app/domain/staffing/allocate';

/** One street of the staffing report (编制动态调整). */
export class StaffingStreet {
  streetCode!: string;
  streetName!: string;
  districtCode!: string;
  districtName!: string;
  /** Residents (the seed's 万 × 10,000). */
  population!: number;
  populationWan!: number;
  areaKm2!: number;
  authorisedPosts!: number;
  actualStaff!: number | null;
  /** Weighted active assignments over the period (lead 1.0, joint 0.6, support 0.3). */
  workload!: number;
  /** workload / authorised posts; null without posts. */
  workloadPerPost!: number | null;
  /** Authorised posts per 10,000 residents; null without residents. */
  postsPer10k!: number | null;
  proposedPosts!: number;
  /** proposedPosts − authorisedPosts. */
  change!: number;
  flags!: StaffingFlag[];
}

export class StaffingWeightsView {
  population!: number;
  workload!: number;
  area!: number;
}

export class StaffingTotalsView {
  streets!: number;
  population!: number;
  populationWan!: number;
  areaKm2!: number;
  authorisedPosts!: number;
  actualStaff!: number;
  workload!: number;
  proposedPosts!: number;
  /** The selection's median of posts per 10,000 residents (the under-/overstaffed flags compare with half and twice it). */
  medianPostsPer10k!: number | null;
}

/** `GET /api/reports/staffing`. */
export class StaffingReport {
  districtCode!: string | null;
  /** The period asked for (`2026-11`, `2026-Q4`), or null for the last 12 months. */
  period!: string | null;
  /** The workload window [from, to). */
  from!: string;
  to!: string;
  floor!: number;
  weights!: StaffingWeightsView;
  streets!: StaffingStreet[];
  totals!: StaffingTotalsView;
}

export interface StaffingParams {
  districtCode?: string;
  /** A month `2026-11` or quarter `2026-Q4`; default: the 12 months up to now. */
  period?: string;
  /** Posts every street keeps; default from config (40). */
  floor?: number;
  format?: 'json' | 'xlsx' | 'csv';
}
