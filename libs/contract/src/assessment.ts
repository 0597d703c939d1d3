import type { ScorecardKind } from '@app/domain/assessment/metrics';

/** Where an assessment stands: computing (the worker is on it), ready, or published (frozen). */
export type AssessmentState = 'computing' | 'ready' | 'published';

/** `POST /api/assessments`: the period to compute, `2026-11` (a month) or `2026-Q4` (a quarter), Asia/Shanghai. */
export interface AssessmentRequestBody {
  period: string;
}

/** The answer to `POST /api/assessments`: accepted, the worker computes it. */
export class AssessmentAccepted {
  period!: string;
  state!: 'computing';
}

/** Weights per kind and metric (only their ratios matter); a metric with weight 0 is reported only. */
export class AssessmentWeightsView {
  street!: Record<string, number>;
  department!: Record<string, number>;
}

/** Caps of the count metrics: the count at which a metric contributes nothing (1 − min(1, n / cap)). */
export class AssessmentCapsView {
  street!: Record<string, number>;
  department!: Record<string, number>;
}

/** An assessment of a period, with the weights and caps it was (or is being) computed with. */
export class Assessment {
  period!: string;
  /** `month` or `quarter`. */
  periodKind!: 'month' | 'quarter';
  /** The period's first instant (Shanghai midnight), inclusive. */
  start!: string;
  /** The instant after its last, exclusive. */
  end!: string;
  state!: AssessmentState;
  weights!: AssessmentWeightsView;
  caps!: AssessmentCapsView;
  requestedAt!: string;
  /** When the facts were read ("as of"); null while computing. */
  computedAt!: string | null;
  publishedAt!: string | null;
}

/**
 * One metric of a scorecard and how it was computed: `value` = `numerator` / `denominator` for
 * rates, mean ratings (sum of scores / number of ratings) and workload per post; the count itself
 * for counts (`denominator` null). `value` null: no facts, the metric's weight is spread over the
 * others. `normalised`: its 0..1 contribution to the score.
 */
export class MetricValueView {
  value!: number | null;
  numerator!: number | null;
  denominator!: number | null;
  normalised!: number | null;
}

/** One organisation's scorecard for a period. */
export class Scorecard {
  period!: string;
  kind!: ScorecardKind;
  orgCode!: string;
  orgName!: string;
  orgNameEn!: string | null;
  /** A street's district; null for departments. */
  districtCode!: string | null;
  /** Every metric of its kind (DESIGN.md "Assessment"; docs/assessment.md gives the formulas). */
  metrics!: Record<string, MetricValueView>;
  /** 100 × Σ wᵢ·mᵢ / Σ wᵢ over the non-null metrics, unrounded; null when no weighted metric has facts. */
  score!: number | null;
  /** Competition rank within the kind (1, 2, 2, 4); null without a score. */
  rank!: number | null;
  /** The weights and caps this scorecard was computed with (the assessment's own). */
  weights!: AssessmentWeightsView;
  caps!: AssessmentCapsView;
}

export interface ScorecardParams {
  kind?: ScorecardKind;
}

export interface AssessmentExportParams {
  format: 'xlsx' | 'csv';
  kind?: ScorecardKind;
}

/** One period of a trend. */
export class TrendPoint {
  period!: string;
  state!: AssessmentState;
  value!: number | null;
}

export class TrendSeries {
  orgCode!: string;
  points!: TrendPoint[];
}

/** `GET /api/assessments/trend`: a metric (or `score`) across the computed periods, per organisation. */
export class AssessmentTrend {
  metric!: string;
  kind!: ScorecardKind;
  series!: TrendSeries[];
}

export interface TrendParams {
  metric: string;
  orgCode?: string;
  /** Required when `orgCode` is absent and the metric is `score` (both kinds have one). */
  kind?: ScorecardKind;
  /** Only months or only quarters. */
  periodKind?: 'month' | 'quarter';
}

/** `POST /api/ratings/dispatched-units`: a street's rating of a department's dispatched units for a period. */
export interface DispatchedUnitRatingBody {
  period: string;
  departmentCode: string;
  /** 1 (poor) … 5 (excellent). */
  score: number;
  comment?: string;
}

export class DispatchedUnitRating {
  streetCode!: string;
  departmentCode!: string;
  period!: string;
  score!: number;
  comment!: string | null;
  createdAt!: string;
  updatedAt!: string;
}

export interface RatingListParams {
  period?: string;
}
