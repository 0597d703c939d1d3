import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import { keyset } from './queries';
import { queryKeys } from './queryKeys';
import type * as C from './types';

/**
 * Coordination (吹哨报到, 联合执法): the endpoints, reads and writes of its screens, kept beside
 * the rest of api/ in the same shape (keys in queryKeys, reads as query options, writes as
 * mutation hooks that put the answer in the cache and refresh the lists it shows on).
 */
const enc = encodeURIComponent;

export const coordinationApi = {
  summonsList: (q: C.SummonsListParams) => request<C.SummonsPage>('GET', '/api/summons', { query: { ...q } }),
  summons: (id: string) => request<C.SummonsDetail>('GET', `/api/summons/${enc(id)}`),
  createSummons: (body: C.SummonsBody) => request<C.SummonsView>('POST', '/api/summons', { body }),
  respond: (id: string, body: C.SummonsRespondBody) =>
    request<C.SummonsDetail>('POST', `/api/summons/${enc(id)}/respond`, { body }),
  close: (id: string, result: string) =>
    request<C.SummonsDetail>('POST', `/api/summons/${enc(id)}/close`, { body: { result } }),
  rate: (id: string, body: C.SummonsRateBody) =>
    request<C.SummonsDetail>('POST', `/api/summons/${enc(id)}/rate`, { body }),

  jointActions: (q: C.JointActionListParams) =>
    request<C.JointActionPage>('GET', '/api/joint-actions', { query: { ...q } }),
  schedule: (assignmentId: string, body: C.JointActionBody) =>
    request<C.JointAction>('POST', `/api/assignments/${enc(assignmentId)}/joint-actions`, { body }),
  confirmJoint: (id: string, body: C.JointConfirmBody) =>
    request<C.JointAction>('POST', `/api/joint-actions/${enc(id)}/confirm`, { body }),
  outcome: (id: string, body: C.JointOutcomeBody) =>
    request<C.JointAction>('POST', `/api/joint-actions/${enc(id)}/outcome`, { body }),
};

/** The report-by countdown ticks on screen; the list itself is asked again this often. */
const SUMMONS_POLL_MS = 30_000;

export const coordinationQueries = {
  summonsList: (f: Omit<C.SummonsListParams, 'cursor' | 'limit'>) =>
    keyset(queryKeys.summons.list(f), (cursor) => coordinationApi.summonsList({ ...f, cursor, limit: 20 })),
  summons: (id: string) =>
    queryOptions({
      queryKey: queryKeys.summons.detail(id),
      queryFn: () => coordinationApi.summons(id),
      refetchInterval: SUMMONS_POLL_MS,
    }),
  jointActions: (f: Omit<C.JointActionListParams, 'cursor' | 'limit'>) =>
    keyset(queryKeys.jointActions.list(f), (cursor) =>
      coordinationApi.jointActions({ ...f, cursor, limit: 20 }),
    ),
};

export type SummonsAction =
  | { kind: 'respond'; body: C.SummonsRespondBody }
  | { kind: 'close'; result: string }
  | { kind: 'rate'; body: C.SummonsRateBody };

/** A change of a summons: the answer replaces the cached summons; its lists and the board refresh. */
export function useSummonsAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: SummonsAction }) =>
      action.kind === 'respond'
        ? coordinationApi.respond(id, action.body)
        : action.kind === 'close'
          ? coordinationApi.close(id, action.result)
          : coordinationApi.rate(id, action.body),
    onSuccess: (s) => {
      qc.setQueryData(queryKeys.summons.detail(s.id), s);
      return Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.summons.lists() }),
        qc.invalidateQueries({ queryKey: queryKeys.overdue.all }),
      ]);
    },
  });
}

export function useCreateSummons() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: C.SummonsBody) => coordinationApi.createSummons(body),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.summons.lists() }),
  });
}

export type JointAction =
  | { kind: 'schedule'; assignmentId: string; body: C.JointActionBody }
  | { kind: 'confirm'; id: string; body: C.JointConfirmBody }
  | { kind: 'outcome'; id: string; body: C.JointOutcomeBody };

/** A change of a joint action: every joint-action list (an assignment's among them) and the board refresh. */
export function useJointAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: JointAction) =>
      a.kind === 'schedule'
        ? coordinationApi.schedule(a.assignmentId, a.body)
        : a.kind === 'confirm'
          ? coordinationApi.confirmJoint(a.id, a.body)
          : coordinationApi.outcome(a.id, a.body),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.jointActions.all }),
        qc.invalidateQueries({ queryKey: queryKeys.overdue.all }),
      ]),
  });
}
