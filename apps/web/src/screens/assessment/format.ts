import { METRIC_FORMS, type MetricName } from '../../api/assessment';

/** A score as shown: one decimal (kept unrounded by the API). */
export const formatScore = (s: number | null | undefined, none = '—'): string =>
  s === null || s === undefined ? none : s.toFixed(1);

/** A metric's value as shown: rates as percentages, ratings with two decimals, counts as they are. */
export function formatMetric(metric: MetricName, value: number | null): string {
  if (value === null) return '—';
  if (metric === 'workloadPerPost') return value.toFixed(3);
  switch (METRIC_FORMS[metric]) {
    case 'rate':
    case 'badRate':
      return `${(value * 100).toFixed(1)}%`;
    case 'rating':
      return value.toFixed(2);
    case 'count':
      return String(value);
  }
}
