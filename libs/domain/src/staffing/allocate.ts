import { DomainError } from '../errors/domain-error';

/**
 * The staffing proposal (DESIGN.md "Staffing", 编制动态调整): the authorised posts of the selected
 * streets, redistributed so that the total stays exactly what it is. Every street keeps a floor;
 * the rest follows 0.5 × population share + 0.4 × workload share + 0.1 × area share (weights
 * configurable), rounded by largest remainder with ties to the larger population.
 */

export interface StaffingWeights {
  population: number;
  workload: number;
  area: number;
}

export const DEFAULT_STAFFING_WEIGHTS: StaffingWeights = { population: 0.5, workload: 0.4, area: 0.1 };
/** DESIGN.md's floor: no street below 40 posts, whatever its size (a street office's minimum bodies). */
export const DEFAULT_STAFFING_FLOOR = 40;
/** A proposal that moves a street's posts by more than this share of what it has is flagged. */
export const BIG_CHANGE_SHARE = 0.2;

export interface StaffingStreetInput {
  streetCode: string;
  /** Residents in 万 (10,000), as the seed's `population_wan`. */
  populationWan: number;
  areaKm2: number;
  authorisedPosts: number;
  actualStaff: number | null;
  /** Weighted active assignments over the period (the assessment's `workloadPerPost` numerator). */
  workload: number;
}

export const STAFFING_FLAGS = ['over_establishment', 'understaffed', 'overstaffed', 'big_change'] as const;
export type StaffingFlag = (typeof STAFFING_FLAGS)[number];

export interface StaffingStreetRow extends StaffingStreetInput {
  /** Authorised posts per 10,000 residents; null without residents. */
  postsPer10k: number | null;
  proposedPosts: number;
  flags: StaffingFlag[];
}

export interface StaffingTotals {
  streets: number;
  populationWan: number;
  areaKm2: number;
  authorisedPosts: number;
  actualStaff: number;
  workload: number;
  proposedPosts: number;
  /** The median of the selection's posts per 10,000 residents, which the staffing flags compare with. */
  medianPostsPer10k: number | null;
}

export interface StaffingProposal {
  streets: StaffingStreetRow[];
  totals: StaffingTotals;
}

/**
 * Each street's share of what is left above the floors: the weighted mean of its population,
 * workload and area shares. A measure nobody in the selection has (no workload at all in the
 * period) has no shares, and its weight goes to the others; with no measure at all, equal shares.
 */
export function allocationShares(
  streets: readonly StaffingStreetInput[],
  weights: StaffingWeights,
): number[] {
  const measures: [number, (s: StaffingStreetInput) => number][] = [
    [weights.population, (s) => s.populationWan],
    [weights.workload, (s) => s.workload],
    [weights.area, (s) => s.areaKm2],
  ];
  const used = measures
    .map(([w, of]) => ({ w, of, total: streets.reduce((sum, s) => sum + of(s), 0) }))
    .filter((m) => m.w > 0 && m.total > 0);
  const weightSum = used.reduce((sum, m) => sum + m.w, 0);
  if (used.length === 0) return streets.map(() => 1 / streets.length);
  return streets.map((s) => used.reduce((sum, m) => sum + (m.w / weightSum) * (m.of(s) / m.total), 0));
}

/**
 * Posts per street: `floor` each, and `total − floor × n` shared by largest remainder over
 * `allocationShares`. The result sums to `total` exactly. A floor the total cannot give every
 * street (floor × n > total) is refused with STAFFING_FLOOR_TOO_HIGH: no proposal can keep both.
 */
export function allocatePosts(
  streets: readonly StaffingStreetInput[],
  total: number,
  floor: number,
  weights: StaffingWeights,
): number[] {
  if (streets.length === 0) return [];
  if (floor * streets.length > total)
    throw new DomainError('STAFFING_FLOOR_TOO_HIGH', [
      {
        field: 'floor',
        reason: 'floor_exceeds_total',
        params: { floor, streets: streets.length, total, max: Math.floor(total / streets.length) },
      },
    ]);
  const rest = total - floor * streets.length;
  const quotas = allocationShares(streets, weights).map((share) => rest * share);
  const whole = quotas.map((q) => Math.floor(q));
  let left = rest - whole.reduce((a, b) => a + b, 0);
  // Fractions compared with a tolerance: equal shares computed along different paths differ in the last bits.
  const order = quotas
    .map((q, i) => ({ i, frac: q - whole[i] }))
    .sort(
      (a, b) =>
        (Math.abs(b.frac - a.frac) > 1e-9 ? b.frac - a.frac : 0) ||
        streets[b.i].populationWan - streets[a.i].populationWan ||
        streets[a.i].streetCode.localeCompare(streets[b.i].streetCode),
    );
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) whole[order[k].i]++;
  return whole.map((w) => floor + w);
}

/** The median of a list of numbers (mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** The proposal for a selection of streets with every flag (DESIGN.md "Staffing"). */
export function staffingProposal(
  streets: readonly StaffingStreetInput[],
  opts: { floor: number; weights: StaffingWeights },
): StaffingProposal {
  const authorised = streets.reduce((a, s) => a + s.authorisedPosts, 0);
  const proposed = allocatePosts(streets, authorised, opts.floor, opts.weights);
  const density = streets.map((s) => (s.populationWan > 0 ? s.authorisedPosts / s.populationWan : null));
  const med = median(density.filter((d): d is number => d !== null));
  const rows = streets.map((s, i): StaffingStreetRow => {
    const flags: StaffingFlag[] = [];
    if (s.actualStaff !== null && s.actualStaff > s.authorisedPosts) flags.push('over_establishment');
    const d = density[i];
    if (d !== null && med !== null && d < med / 2) flags.push('understaffed');
    if (d !== null && med !== null && d > med * 2) flags.push('overstaffed');
    const change = proposed[i] - s.authorisedPosts;
    if (s.authorisedPosts > 0 ? Math.abs(change) / s.authorisedPosts > BIG_CHANGE_SHARE : change !== 0)
      flags.push('big_change');
    return { ...s, postsPer10k: d, proposedPosts: proposed[i], flags };
  });
  const sum = (f: (s: StaffingStreetInput) => number) => streets.reduce((a, s) => a + f(s), 0);
  return {
    streets: rows,
    totals: {
      streets: streets.length,
      populationWan: round2(sum((s) => s.populationWan)),
      areaKm2: round2(sum((s) => s.areaKm2)),
      authorisedPosts: authorised,
      actualStaff: sum((s) => s.actualStaff ?? 0),
      workload: round2(sum((s) => s.workload)),
      proposedPosts: proposed.reduce((a, b) => a + b, 0),
      medianPostsPer10k: med,
    },
  };
}

/** Sums of two-decimal seed values, kept to two decimals (float addition leaves 0.30000000000000004). */
const round2 = (x: number): number => Math.round(x * 100) / 100;

export interface StaffingSettings {
  floorPosts: number;
  weights: StaffingWeights;
}

/**
 * `config/staffing.json`, checked once when the service starts: a non-negative whole floor, three
 * non-negative weights with a positive sum. Anything else stops the process with the reason.
 */
export function parseStaffingSettings(raw: unknown): StaffingSettings {
  const o = (raw ?? {}) as { floorPosts?: unknown; weights?: Record<string, unknown> };
  const floor = o.floorPosts ?? DEFAULT_STAFFING_FLOOR;
  if (typeof floor !== 'number' || !Number.isInteger(floor) || floor < 0)
    throw new Error('config/staffing.json: floorPosts must be a whole number ≥ 0');
  const weights = { ...DEFAULT_STAFFING_WEIGHTS, ...(o.weights ?? {}) } as Record<string, unknown>;
  const keys = Object.keys(DEFAULT_STAFFING_WEIGHTS);
  const unknown = Object.keys(weights).filter((k) => !keys.includes(k));
  if (unknown.length) throw new Error(`config/staffing.json: unknown weights ${unknown.join(', ')}`);
  if (keys.some((k) => typeof weights[k] !== 'number' || !((weights[k] as number) >= 0)))
    throw new Error('config/staffing.json: weights must be numbers ≥ 0');
  const w = weights as unknown as StaffingWeights;
  if (w.population + w.workload + w.area <= 0)
    throw new Error('config/staffing.json: at least one weight must be positive');
  return { floorPosts: floor, weights: w };
}
