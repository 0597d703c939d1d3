/**
 * The assessment's metrics and how a score is made of them (DESIGN.md "Assessment"; the formulas
 * for users are in docs/assessment.md). The facts are counted by SQL (libs/persistence
 * assessment-facts.ts); turning the counts into metrics, normalising, weighting and ranking is here.
 */
export const SCORECARD_KINDS = ['street', 'department'] as const;
export type ScorecardKind = (typeof SCORECARD_KINDS)[number];

export const STREET_METRICS = [
  'signOnTimeRate',
  'completionOnTimeRate',
  'overdueCount',
  'supervisedCount',
  'satisfaction',
  'workloadPerPost',
] as const;
export const DEPARTMENT_METRICS = [
  'pushedDown',
  'violationRate',
  'summonsOnTimeRate',
  'streetRating',
  'disputesLost',
] as const;
export type StreetMetric = (typeof STREET_METRICS)[number];
export type DepartmentMetric = (typeof DEPARTMENT_METRICS)[number];
export type MetricName = StreetMetric | DepartmentMetric;
export const METRICS_OF: { street: readonly StreetMetric[]; department: readonly DepartmentMetric[] } = {
  street: STREET_METRICS,
  department: DEPARTMENT_METRICS,
};
export const ALL_METRICS: readonly MetricName[] = [...STREET_METRICS, ...DEPARTMENT_METRICS];

/**
 * How a metric's value becomes a 0..1 share of its weight:
 * - `rate`: a share where more is better, counted as it is;
 * - `badRate`: a share where more is worse (the violation index, 属地泛化指数), counted as 1 − rate,
 *   so that, like every other metric, a higher contribution is better;
 * - `rating`: a mean of 1..5 ratings, counted as (r − 1) / 4;
 * - `count`: a number where more is worse, counted as 1 − min(1, n / cap).
 */
export type MetricForm = 'rate' | 'badRate' | 'rating' | 'count';
export const METRIC_FORMS: Record<MetricName, MetricForm> = {
  signOnTimeRate: 'rate',
  completionOnTimeRate: 'rate',
  overdueCount: 'count',
  supervisedCount: 'count',
  satisfaction: 'rating',
  workloadPerPost: 'count',
  pushedDown: 'count',
  violationRate: 'badRate',
  summonsOnTimeRate: 'rate',
  streetRating: 'rating',
  disputesLost: 'count',
};

/**
 * One metric of one scorecard, with how it was computed: `value` = numerator / denominator for
 * rates, means (sum of scores / number of ratings) and workload per post; the count itself for
 * counts (denominator null). `value` is null when there were no facts (a rate or mean over
 * nothing, a workload with no authorised posts); `normalised` is its 0..1 contribution, null
 * when the value is.
 */
export interface MetricValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  normalised: number | null;
}

/** Weights per kind and metric (any non-negative numbers; only their ratios matter). */
export type AssessmentWeights = {
  street: Record<StreetMetric, number>;
  department: Record<DepartmentMetric, number>;
};
/** Caps of the count metrics: the count at which the metric contributes nothing. */
export type AssessmentCaps = {
  street: Record<'overdueCount' | 'supervisedCount' | 'workloadPerPost', number>;
  department: Record<'pushedDown' | 'disputesLost', number>;
};
export interface AssessmentSettings {
  weights: AssessmentWeights;
  caps: AssessmentCaps;
}

/** A value's 0..1 contribution by its metric's form; null stays null. */
export function normalise(metric: MetricName, value: number | null, cap?: number): number | null {
  if (value === null) return null;
  switch (METRIC_FORMS[metric]) {
    case 'rate':
      return value;
    case 'badRate':
      return 1 - value;
    case 'rating':
      return (value - 1) / 4;
    case 'count':
      return 1 - Math.min(1, value / (cap as number));
  }
}

const capOf = (settings: AssessmentSettings, kind: ScorecardKind, metric: MetricName): number | undefined =>
  (settings.caps[kind] as Record<string, number>)[metric];

/** A share `numerator / denominator`, null over nothing. */
export const ratio = (numerator: number, denominator: number | null): MetricValue => ({
  value: denominator ? numerator / denominator : null,
  numerator,
  denominator,
  normalised: null,
});

/** A count: never null (no facts is a count of 0). */
export const count = (n: number): MetricValue => ({
  value: n,
  numerator: n,
  denominator: null,
  normalised: null,
});

/**
 * Fills in each metric's `normalised` and the score: 100 × Σ wᵢ·mᵢ / Σ wᵢ over the metrics whose
 * value is not null, so a metric without facts spreads its weight over the others. Null when no
 * weighted metric has a value.
 */
export function scoreCard<M extends MetricName>(
  kind: ScorecardKind,
  metrics: Record<M, MetricValue>,
  settings: AssessmentSettings,
): { metrics: Record<M, MetricValue>; score: number | null } {
  const weights = settings.weights[kind] as Record<string, number>;
  let weighted = 0;
  let total = 0;
  const out = {} as Record<M, MetricValue>;
  for (const name of Object.keys(metrics) as M[]) {
    const m = metrics[name];
    const normalised = normalise(name, m.value, capOf(settings, kind, name));
    out[name] = { ...m, normalised };
    const w = weights[name] ?? 0;
    if (normalised !== null && w > 0) {
      weighted += w * normalised;
      total += w;
    }
  }
  return { metrics: out, score: total > 0 ? (100 * weighted) / total : null };
}

/**
 * Competition ranking ("1224"): by score, highest first; equal scores share a rank and the next
 * rank skips as many places. Scores compare unrounded; a null score has no rank.
 */
export function competitionRanks(scores: readonly (number | null)[]): (number | null)[] {
  return scores.map((s) => (s === null ? null : 1 + scores.filter((o) => o !== null && o > s).length));
}

/** What is wrong with assessment settings read from config (empty when fine). */
export function assessmentSettingsProblems(s: unknown): string[] {
  const problems: string[] = [];
  const o = s as Partial<AssessmentSettings> | null;
  const check = (group: unknown, path: string, keys: readonly string[], positive: boolean) => {
    if (typeof group !== 'object' || group === null) return problems.push(`${path} must be an object`);
    const g = group as Record<string, unknown>;
    for (const k of keys) {
      const v = g[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (positive && v === 0) || v > 1e6)
        problems.push(`${path}.${k} must be a number ${positive ? '> 0' : '>= 0'} and at most 1e6`);
    }
    for (const k of Object.keys(g))
      if (!keys.includes(k)) problems.push(`${path}.${k} is not a metric of it`);
  };
  check(o?.weights?.street, 'weights.street', STREET_METRICS, false);
  check(o?.weights?.department, 'weights.department', DEPARTMENT_METRICS, false);
  check(o?.caps?.street, 'caps.street', ['overdueCount', 'supervisedCount', 'workloadPerPost'], true);
  check(o?.caps?.department, 'caps.department', ['pushedDown', 'disputesLost'], true);
  return problems;
}

/** Metric names for people (export headers; the web app has its own catalogue). */
export const METRIC_LABELS: Record<MetricName, { 'zh-CN': string; en: string }> = {
  signOnTimeRate: { 'zh-CN': '按时签收率', en: 'sign-for on time' },
  completionOnTimeRate: { 'zh-CN': '按时办结率', en: 'completion on time' },
  overdueCount: { 'zh-CN': '超期件数', en: 'overdue' },
  supervisedCount: { 'zh-CN': '督办件数', en: 'supervised' },
  satisfaction: { 'zh-CN': '部门满意度', en: 'satisfaction' },
  workloadPerPost: { 'zh-CN': '人均工作量', en: 'workload per post' },
  pushedDown: { 'zh-CN': '下派件数', en: 'pushed down' },
  violationRate: { 'zh-CN': '属地泛化指数', en: 'violation index' },
  summonsOnTimeRate: { 'zh-CN': '吹哨按时报到率', en: 'summons on time' },
  streetRating: { 'zh-CN': '街道评价', en: 'street rating' },
  disputesLost: { 'zh-CN': '争议败诉件数', en: 'disputes lost' },
};
