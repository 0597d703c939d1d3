import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import type {
  DelegatedPowerReport,
  EnforcementCasePage,
  EnforcementCaseParams,
  EnforcementCaseView,
  PowerView,
  RecordCaseBody,
} from '@app/contract';
import { downloadFile, request } from './client';

/**
 * Delegated powers (赋权事项) in the web app: the endpoints, their query keys, read options and the
 * one write, in one module beside the shared ones (same conventions: keys nest from a root, the
 * write invalidates exactly what it changes).
 */
export type { DelegatedPowerReport, EnforcementCaseView, PowerView, RecordCaseBody };

export const powersApi = {
  catalogue: () => request<PowerView[]>('GET', '/api/powers'),
  cases: (q: EnforcementCaseParams) =>
    request<EnforcementCasePage>('GET', '/api/enforcement-cases', { query: { ...q } }),
  record: (body: RecordCaseBody) => request<EnforcementCaseView>('POST', '/api/enforcement-cases', { body }),
  report: (q: { period: string; districtCode?: string }) =>
    request<DelegatedPowerReport>('GET', '/api/reports/delegated-powers', { query: { ...q } }),
};

const POWERS = ['powers'] as const;
const CASES = ['enforcementCases'] as const;
const REPORT = ['delegatedPowersReport'] as const;

export const powerKeys = {
  catalogue: () => [...POWERS, 'inForce'] as const,
  cases: { all: CASES, list: (f: EnforcementCaseParams) => [...CASES, 'list', f] as const },
  report: { all: REPORT, of: (f: { period: string; districtCode?: string }) => [...REPORT, f] as const },
};

/** The catalogue changes only when a list version is published: ten minutes is safe. */
const CATALOGUE_STALE_MS = 10 * 60_000;

export const powerQueries = {
  catalogue: () =>
    queryOptions({
      queryKey: powerKeys.catalogue(),
      queryFn: () => powersApi.catalogue(),
      staleTime: CATALOGUE_STALE_MS,
    }),
  cases: (f: EnforcementCaseParams) =>
    infiniteQueryOptions<
      EnforcementCasePage,
      Error,
      InfiniteData<EnforcementCasePage, string | undefined>,
      ReturnType<typeof powerKeys.cases.list>,
      string | undefined
    >({
      queryKey: powerKeys.cases.list(f),
      queryFn: ({ pageParam }) => powersApi.cases({ ...f, cursor: pageParam, limit: 20 }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last: EnforcementCasePage) => last.nextCursor ?? undefined,
    }),
  report: (f: { period: string; districtCode?: string }) =>
    queryOptions({ queryKey: powerKeys.report.of(f), queryFn: () => powersApi.report(f) }),
};

/** Records a case; the street's case lists and its statistics show it. */
export function useRecordCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordCaseBody) => powersApi.record(body),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: powerKeys.cases.all }),
        qc.invalidateQueries({ queryKey: powerKeys.report.all }),
      ]),
  });
}

/** Downloads the report as CSV or XLSX (the API's export: every text cell neutralised there). */
export function downloadReport(f: { period: string; districtCode?: string }, format: 'csv' | 'xlsx') {
  return downloadFile(
    '/api/reports/delegated-powers',
    { ...f, format },
    `delegated-powers-${f.period}.${format}`,
  );
}
