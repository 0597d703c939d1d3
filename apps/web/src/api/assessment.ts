import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  Assessment,
  AssessmentAccepted,
  AssessmentTrend,
  DispatchedUnitRating,
  DispatchedUnitRatingBody,
  Scorecard,
} from '@app/contract';
import type { ScorecardKind } from '@app/domain/assessment/metrics';
import { request, requestFile } from './client';

export type { Assessment, AssessmentTrend, DispatchedUnitRating, Scorecard, ScorecardKind };
export { DEPARTMENT_METRICS, METRIC_FORMS, STREET_METRICS } from '@app/domain/assessment/metrics';
export type { MetricName } from '@app/domain/assessment/metrics';

/**
 * The assessment screens' server state in one module (calls, keys, reads, writes), kept apart from
 * the shared api files: the same patterns as api/index.ts, queryKeys.ts, queries.ts and mutations.ts.
 */
const enc = encodeURIComponent;

export const assessmentApi = {
  list: () => request<Assessment[]>('GET', '/api/assessments'),
  get: (period: string) => request<Assessment>('GET', `/api/assessments/${enc(period)}`),
  request: (period: string) => request<AssessmentAccepted>('POST', '/api/assessments', { body: { period } }),
  publish: (period: string) => request<Assessment>('POST', `/api/assessments/${enc(period)}/publish`),
  scorecards: (period: string, kind?: ScorecardKind) =>
    request<Scorecard[]>('GET', `/api/assessments/${enc(period)}/scorecards`, { query: { kind } }),
  trend: (q: { metric: string; orgCode?: string; kind?: ScorecardKind; periodKind?: 'month' | 'quarter' }) =>
    request<AssessmentTrend>('GET', '/api/assessments/trend', { query: { ...q } }),
  export: (period: string, format: 'xlsx' | 'csv', kind?: ScorecardKind) =>
    requestFile(`/api/assessments/${enc(period)}/export`, { format, kind }),
  rate: (body: DispatchedUnitRatingBody) =>
    request<DispatchedUnitRating>('POST', '/api/ratings/dispatched-units', { body }),
  ratings: () => request<DispatchedUnitRating[]>('GET', '/api/ratings/dispatched-units'),
};

const ASSESSMENTS = ['assessments'] as const;
const RATINGS = ['dispatchedUnitRatings'] as const;

export const assessmentKeys = {
  all: ASSESSMENTS,
  list: () => [...ASSESSMENTS, 'list'] as const,
  detail: (period: string) => [...ASSESSMENTS, 'detail', period] as const,
  scorecards: (period: string, kind?: ScorecardKind) =>
    [...ASSESSMENTS, 'scorecards', period, kind ?? 'any'] as const,
  trend: (q: object) => [...ASSESSMENTS, 'trend', q] as const,
  ratings: RATINGS,
};

/** While the worker computes, the period is asked again this often (a month takes about a second). */
const COMPUTING_POLL_MS = 1000;

export const assessmentQueries = {
  list: () => queryOptions({ queryKey: assessmentKeys.list(), queryFn: assessmentApi.list }),
  /** A period's assessment; null when it was never computed (404). Polled while computing. */
  detail: (period: string) =>
    queryOptions({
      queryKey: assessmentKeys.detail(period),
      queryFn: async () => {
        try {
          return await assessmentApi.get(period);
        } catch (e) {
          if ((e as { status?: number }).status === 404) return null;
          throw e;
        }
      },
      refetchInterval: (q) => (q.state.data?.state === 'computing' ? COMPUTING_POLL_MS : false),
    }),
  scorecards: (period: string, kind?: ScorecardKind, enabled = true) =>
    queryOptions({
      queryKey: assessmentKeys.scorecards(period, kind),
      queryFn: () => assessmentApi.scorecards(period, kind),
      enabled,
    }),
  trend: (q: { metric: string; orgCode?: string; kind?: ScorecardKind; periodKind?: 'month' | 'quarter' }) =>
    queryOptions({ queryKey: assessmentKeys.trend(q), queryFn: () => assessmentApi.trend(q) }),
  ratings: () => queryOptions({ queryKey: assessmentKeys.ratings, queryFn: assessmentApi.ratings }),
};

/** Computing or publishing changes the period, its scorecards, the list and the trends: all refetched. */
export function useAssessmentMutations() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: assessmentKeys.all });
  return {
    compute: useMutation({ mutationFn: assessmentApi.request, onSuccess: refresh }),
    publish: useMutation({ mutationFn: assessmentApi.publish, onSuccess: refresh }),
    rate: useMutation({
      mutationFn: assessmentApi.rate,
      onSuccess: () => qc.invalidateQueries({ queryKey: assessmentKeys.ratings }),
    }),
  };
}

/** Saves a downloaded export under the server's file name. */
export function saveFile({ blob, filename }: { blob: Blob; filename: string }): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
