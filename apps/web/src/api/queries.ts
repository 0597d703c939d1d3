import { infiniteQueryOptions, queryOptions, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { api } from './index';
import { queryKeys } from './queryKeys';
import type { AssignmentListParams, OverdueKind, Page, TaskListParams, ToleranceClaimState } from './types';

/** The unread badge asks again this often: new notifications arrive from other organisations' actions. */
export const UNREAD_POLL_MS = 30_000;
/** While routing is under way a task page asks again this often (routing takes well under a second). */
const ROUTING_POLL_MS = 1500;
/** Matters change only when a list version is published (which invalidates them): five minutes is safe. */
const MATTERS_STALE_MS = 5 * 60_000;

/**
 * A keyset-paginated read: the first page without a cursor, each next page after the previous
 * page's `nextCursor`, no next page once it is null.
 */
export function keyset<P extends Page<unknown>, K extends QueryKey>(
  queryKey: K,
  fetchPage: (cursor: string | undefined) => Promise<P>,
) {
  return infiniteQueryOptions<P, Error, InfiniteData<P, string | undefined>, K, string | undefined>({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: P) => last.nextCursor ?? undefined,
  });
}

/** Every server read of the web app, as options for useQuery / useInfiniteQuery (keys from queryKeys). */
export const queries = {
  /** Organisation names for codes: they change with a deployment, not during a session. */
  orgs: () =>
    queryOptions({ queryKey: queryKeys.orgs.list(), queryFn: () => api.orgs(), staleTime: Infinity }),

  matters: (q: string) =>
    queryOptions({
      queryKey: queryKeys.matters.search(q),
      queryFn: () => api.matters(q || undefined),
      staleTime: MATTERS_STALE_MS,
    }),

  tasks: (f: Pick<TaskListParams, 'state'>) =>
    keyset(queryKeys.tasks.list(f), (cursor) => api.tasks({ ...f, cursor, limit: 20 })),

  /** A task; asked again every ROUTING_POLL_MS while one of its assignments is still being routed. */
  task: (id: string) =>
    queryOptions({
      queryKey: queryKeys.tasks.detail(id),
      queryFn: () => api.task(id),
      refetchInterval: (q) =>
        q.state.data?.assignments.some((a) => a.state === 'pending_routing') ? ROUTING_POLL_MS : false,
    }),

  assignments: (f: Pick<AssignmentListParams, 'state' | 'overdue'>) =>
    keyset(queryKeys.assignments.list(f), (cursor) => api.assignments({ ...f, cursor, limit: 20 })),

  assignment: (id: string) =>
    queryOptions({ queryKey: queryKeys.assignments.detail(id), queryFn: () => api.assignment(id) }),

  reviews: (f: { state: 'open' | 'all' }) =>
    keyset(queryKeys.reviews.list(f), (cursor) => api.reviews({ ...f, cursor })),

  disputes: (f: { state: 'open' | 'decided' }) =>
    keyset(queryKeys.disputes.list(f), (cursor) => api.disputes({ ...f, cursor })),

  overdue: (f: { kind?: OverdueKind; orgCode?: string }) =>
    keyset(queryKeys.overdue.list(f), (cursor) => api.overdue({ ...f, cursor })),

  inbox: (f: { unreadOnly: boolean; kind?: string }) =>
    keyset(queryKeys.inbox.list(f), (cursor) =>
      api.inbox({ unread: f.unreadOnly || undefined, kind: f.kind, cursor, limit: 30 }),
    ),

  /** The header badge: one notification asked for, the count is what matters. */
  unread: () =>
    queryOptions({
      queryKey: queryKeys.inbox.unread(),
      queryFn: async () => (await api.inbox({ unread: true, limit: 1 })).unread,
      refetchInterval: UNREAD_POLL_MS,
    }),

  listVersions: () => queryOptions({ queryKey: queryKeys.listVersions.list(), queryFn: () => api.lists() }),

  rules: (id: string) =>
    queryOptions({ queryKey: queryKeys.listVersions.rules(id), queryFn: () => api.rules(id) }),

  /** A version's matters, searched; a published version never changes (a draft only by a new import). */
  versionMatters: (id: string, f: { q?: string; category?: string }) =>
    queryOptions({
      queryKey: queryKeys.listVersions.matters(id, f),
      queryFn: () => api.versionMatters(id, f.q || undefined, f.category || undefined),
      staleTime: MATTERS_STALE_MS,
    }),

  listDiff: (id: string, from: string) =>
    queryOptions({
      queryKey: queryKeys.listVersions.diff(id, from),
      queryFn: () => api.listDiff(id, from),
      staleTime: MATTERS_STALE_MS,
    }),

  calendarOverrides: () =>
    queryOptions({ queryKey: queryKeys.calendar.overrides(), queryFn: () => api.calendarOverrides() }),

  calendarOverrideHistory: (date: string) =>
    queryOptions({
      queryKey: queryKeys.calendar.history(date),
      queryFn: () => api.calendarOverrideHistory(date),
    }),

  users: (f: { orgCode?: string }) =>
    keyset(queryKeys.users.list(f), (cursor) => api.users({ ...f, cursor })),

  webhooks: () => queryOptions({ queryKey: queryKeys.webhooks.list(), queryFn: () => api.webhooks() }),

  deliveries: (id: string) =>
    queryOptions({ queryKey: queryKeys.webhooks.deliveries(id), queryFn: () => api.deliveries(id) }),

  webhookHistory: (id: string) =>
    queryOptions({ queryKey: queryKeys.webhooks.history(id), queryFn: () => api.webhookHistory(id) }),

  toleranceItems: (includeRetired = false) =>
    queryOptions({
      queryKey: queryKeys.tolerance.items(includeRetired),
      queryFn: () => api.toleranceItems(includeRetired || undefined),
    }),

  claimable: () =>
    queryOptions({ queryKey: queryKeys.tolerance.claimable(), queryFn: () => api.claimable() }),

  claims: (f: { state?: ToleranceClaimState }) =>
    keyset(queryKeys.tolerance.claims(f), (cursor) => api.claims({ ...f, cursor, limit: 30 })),

  claim: (id: string) =>
    queryOptions({ queryKey: queryKeys.tolerance.claim(id), queryFn: () => api.claim(id) }),

  staffing: (f: { districtCode?: string; period?: string; floor?: number }) =>
    queryOptions({ queryKey: queryKeys.staffing.report(f), queryFn: () => api.staffing(f) }),
};
