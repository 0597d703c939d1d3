import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import { downloadFile, request } from './client';
import { queryKeys } from './queryKeys';
import type * as C from './types';

/**
 * The everyday features' reads and writes (workbench, the searchable worklist, batch work), in
 * the shape of api/index, queries and mutations, kept in a file of their own.
 */

/** The worklist's filters and sort, as the URL holds them. */
export type WorklistFilter = Omit<C.AssignmentListParams, 'cursor' | 'limit'>;

/** A page of the worklist: a screenful that still fits a batch (BATCH_MAX_ITEMS). */
const WORKLIST_PAGE = 50;
/** The countdown's calendar rarely changes (an override by the admin): an hour is fresh enough. */
const WORKDAYS_STALE_MS = 60 * 60_000;

export const everydayApi = {
  workbench: () => request<C.Workbench>('GET', '/api/workbench'),
  worklist: (f: WorklistFilter, cursor?: string) =>
    request<C.AssignmentPage>('GET', '/api/assignments', { query: { ...f, cursor, limit: WORKLIST_PAGE } }),
  workdays: (from: string, to: string) =>
    request<C.Workdays>('GET', '/api/calendar/workdays', { query: { from, to } }),
  /** The worklist as a file, with the filters and sort on screen. */
  exportAssignments: (f: WorklistFilter, format: 'xlsx' | 'csv' = 'xlsx') =>
    downloadFile('/api/exports/assignments', { ...f, format }),
  exportTasks: (format: 'xlsx' | 'csv' = 'xlsx', state?: C.AssignmentState) =>
    downloadFile('/api/exports/tasks', { format, state }),
  exportOverdue: (f: { kind?: string; orgCode?: string }, format: 'xlsx' | 'csv' = 'xlsx') =>
    downloadFile('/api/exports/overdue', { ...f, format }),
  exportList: (id: string, format: 'xlsx' | 'csv' = 'xlsx') =>
    downloadFile(`/api/exports/lists/${encodeURIComponent(id)}`, { format }),
  listTemplate: (format: 'xlsx' | 'csv') => downloadFile('/api/exports/list-template', { format }),
  editWebhook: (id: string, url: string) =>
    request<C.Webhook>('PUT', `/api/webhooks/${encodeURIComponent(id)}`, { body: { url } }),
  deleteWebhook: (id: string) => request<null>('DELETE', `/api/webhooks/${encodeURIComponent(id)}`),
  testWebhook: (id: string) => request<C.WebhookTest>('POST', `/api/webhooks/${encodeURIComponent(id)}/test`),
  batchSign: (items: { id: string; version: number }[]) =>
    request<C.BatchResult>('POST', '/api/assignments/batch-sign', { body: { items } }),
  batchReview: (assignmentIds: string[], decision: C.ReviewDecision) =>
    request<C.BatchResult>('POST', '/api/reviews/batch-decide', { body: { ...decision, assignmentIds } }),
};

export const everydayQueries = {
  workbench: () => queryOptions({ queryKey: queryKeys.workbench.all, queryFn: everydayApi.workbench }),
  worklist: (f: WorklistFilter) =>
    infiniteQueryOptions<
      C.AssignmentPage,
      Error,
      InfiniteData<C.AssignmentPage, string | undefined>,
      ReturnType<typeof queryKeys.assignments.search>,
      string | undefined
    >({
      queryKey: queryKeys.assignments.search(f),
      queryFn: ({ pageParam }) => everydayApi.worklist(f, pageParam),
      initialPageParam: undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  /** The newest notifications of the organisation (under the inbox's key: marking read refreshes them). */
  latestNotifications: (limit: number) =>
    queryOptions({
      queryKey: [...queryKeys.inbox.all, 'latest', limit] as const,
      queryFn: () => request<C.Inbox>('GET', '/api/notifications', { query: { limit } }),
    }),
  workdays: (from: string, to: string) =>
    queryOptions({
      queryKey: queryKeys.workdays(from, to),
      queryFn: () => everydayApi.workdays(from, to),
      staleTime: WORKDAYS_STALE_MS,
    }),
};

/** After a batch: every assignment list, the reviews and the overdue board show the new states. */
function useRefreshAfterBatch() {
  const qc = useQueryClient();
  return () =>
    Promise.all(
      [
        queryKeys.assignments.all,
        queryKeys.tasks.all,
        queryKeys.reviews.all,
        queryKeys.overdue.all,
        queryKeys.workbench.all,
      ].map((queryKey) => qc.invalidateQueries({ queryKey })),
    );
}

export function useBatchSign() {
  const refresh = useRefreshAfterBatch();
  return useMutation({ mutationFn: everydayApi.batchSign, onSettled: refresh });
}

export function useBatchReview() {
  const refresh = useRefreshAfterBatch();
  return useMutation({
    mutationFn: (v: { ids: string[]; decision: C.ReviewDecision }) =>
      everydayApi.batchReview(v.ids, v.decision),
    onSettled: refresh,
  });
}
