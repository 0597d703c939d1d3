import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';
import { api } from './index';
import { queryKeys } from './queryKeys';
import type {
  AssignmentDetail,
  CalendarOverride,
  DisputeReason,
  Extension,
  ResubmitTask,
  ReviewDecision,
  RoutingRule,
  SubmitTask,
  UserAccountChange,
  NewUserAccount,
  Webhook,
  DecideClaimBody,
  FileClaimBody,
  ToleranceItemBody,
} from './types';

/**
 * Every write of the web app, as useMutation hooks. After a success each one refreshes what it
 * changed, and nothing else: the record it answered with goes straight into the cache, the
 * lists and records that show the change are invalidated (refetched now when on screen, on
 * their next mount otherwise).
 */

/** Cached views that an assignment's change of state shows up in, besides the assignment itself. */
type View = 'assignmentLists' | 'taskLists' | 'taskDetails' | 'reviews' | 'disputes' | 'overdue';

/**
 * A change of an assignment's state: its row in every assignment list, the task's filter by
 * state (My tasks), the reviews list ("all" shows every reviewed assignment's current state) and
 * the overdue board (every state change closes or opens a deadline).
 *
 * Not the inbox: the API notifies the counterpart of a transition (the street, the submitting
 * department, the reviewer), never the organisation that acted, so the actor's unread count
 * cannot change; what others do reaches the badge by its poll (queries.unread).
 */
const STATE_CHANGE: readonly View[] = ['assignmentLists', 'taskLists', 'reviews', 'overdue'];

function invalidate(qc: QueryClient, views: readonly View[]): Promise<unknown> {
  const keys = {
    assignmentLists: queryKeys.assignments.lists(),
    taskLists: queryKeys.tasks.lists(),
    taskDetails: queryKeys.tasks.details(),
    reviews: queryKeys.reviews.all,
    disputes: queryKeys.disputes.all,
    overdue: queryKeys.overdue.all,
  } satisfies Record<View, readonly unknown[]>;
  return Promise.all(views.map((v) => qc.invalidateQueries({ queryKey: keys[v] })));
}

/** The assignment as the API answered it, in the cache; its task's page refetched. */
function storeAssignment(qc: QueryClient, a: AssignmentDetail): Promise<unknown> {
  qc.setQueryData(queryKeys.assignments.detail(a.id), a);
  return qc.invalidateQueries({ queryKey: queryKeys.tasks.detail(a.taskId) });
}

/** The transitions on one assignment (POST /api/assignments/:id/…), each with the version the page shows. */
export type AssignmentAction =
  | { kind: 'sign'; version: number }
  | {
      kind: 'dispute';
      version: number;
      reasonCode: DisputeReason;
      citedMatterCode?: string;
      reason: string;
    }
  | { kind: 'progress'; note: string }
  | { kind: 'complete'; version: number; result: string }
  | { kind: 'extension'; workingDays: number; reason: string }
  | { kind: 'confirm'; version: number; rating: number; comment?: string }
  | { kind: 'reopen'; version: number; reason: string }
  | { kind: 'withdraw'; version: number; reason: string };

/** What each transition changes besides the assignment and its task page. */
const ASSIGNMENT_ACTION_VIEWS: Record<AssignmentAction['kind'], readonly View[]> = {
  sign: STATE_CHANGE,
  // A dispute opens a row on the reviewer's disputes list.
  dispute: [...STATE_CHANGE, 'disputes'],
  // A note shows on the assignment's timeline only.
  progress: [],
  complete: STATE_CHANGE,
  // A request shows on the assignment (and the task page's pending requests, read from it).
  extension: [],
  confirm: STATE_CHANGE,
  reopen: STATE_CHANGE,
  // Withdrawing closes an open dispute.
  withdraw: [...STATE_CHANGE, 'disputes'],
};

function sendAssignmentAction(id: string, a: AssignmentAction): Promise<AssignmentDetail> {
  switch (a.kind) {
    case 'sign':
      return api.sign(id, a.version);
    case 'dispute': {
      const { version, reasonCode, citedMatterCode, reason } = a;
      return api.dispute(id, { version, reasonCode, citedMatterCode, reason });
    }
    case 'progress':
      return api.progress(id, a.note);
    case 'complete':
      return api.complete(id, a.version, a.result);
    case 'extension':
      return api.requestExtension(id, a.workingDays, a.reason);
    case 'confirm':
      return api.confirm(id, a.version, a.rating, a.comment);
    case 'reopen':
      return api.reopen(id, a.version, a.reason);
    case 'withdraw':
      return api.withdrawAssignment(id, a.version, a.reason);
  }
}

/** A transition on an assignment; the API's answer replaces the cached assignment. */
export function useAssignmentAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: AssignmentAction }) =>
      sendAssignmentAction(id, action),
    onSuccess: (a, { action }) =>
      Promise.all([storeAssignment(qc, a), invalidate(qc, ASSIGNMENT_ACTION_VIEWS[action.kind])]),
  });
}

/**
 * A department approves or rejects a street's extension request: the due date moves. A 409 (the
 * request was decided meanwhile) refreshes the pages showing it too.
 */
export function useDecideExtension() {
  const qc = useQueryClient();
  const refresh = (assignmentId: string, views: readonly View[]) =>
    Promise.all([
      qc.invalidateQueries({ queryKey: queryKeys.assignments.detail(assignmentId) }),
      // The extension does not name its task: every cached task page (one, usually) is refetched.
      invalidate(qc, views),
    ]);
  return useMutation({
    mutationFn: ({
      extension,
      approve,
      comment,
    }: {
      extension: Extension;
      approve: boolean;
      comment?: string;
    }) => api.decideExtension(extension.id, approve, comment),
    onSuccess: (e) => refresh(e.assignmentId, ['taskDetails', 'assignmentLists', 'overdue']),
    onError: (e, { extension }) => {
      if (e instanceof ApiError && e.status === 409) void refresh(extension.assignmentId, ['taskDetails']);
    },
  });
}

/** The reviewer admits, refuses or returns an off-list assignment. */
export function useDecideReview() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: ReviewDecision }) =>
      api.decideReview(id, decision),
    onSuccess: (a) => Promise.all([storeAssignment(qc, a), invalidate(qc, STATE_CHANGE)]),
  });
}

/** The reviewer arbitrates a dispute: the street or the department is upheld. */
export function useArbitrate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; upheld: 'street' | 'department'; note: string }) =>
      api.arbitrate(v.id, v.upheld, v.note),
    onSuccess: (d) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.assignments.detail(d.assignmentId) }),
        invalidate(qc, [...STATE_CHANGE, 'disputes', 'taskDetails']),
      ]),
  });
}

/** A department submits a task; routing then happens in the worker (the task page polls for it). */
export function useSubmitTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: SubmitTask; idempotencyKey: string }) =>
      api.submitTask(body, idempotencyKey),
    onSuccess: () => invalidate(qc, ['taskLists']),
  });
}

/** A department withdraws a whole task or resubmits a returned one: every assignment of it changes. */
export function useTaskAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (
      v:
        | { id: string; kind: 'withdraw'; reason: string }
        | { id: string; kind: 'resubmit'; body: ResubmitTask },
    ) => (v.kind === 'withdraw' ? api.withdrawTask(v.id, v.reason) : api.resubmitTask(v.id, v.body)),
    onSuccess: (task, v) => {
      qc.setQueryData(queryKeys.tasks.detail(task.id), task);
      return Promise.all([
        // A resubmit that split the task answers with the new task: the original lost assignments.
        ...(task.id !== v.id ? [qc.invalidateQueries({ queryKey: queryKeys.tasks.detail(v.id) })] : []),
        // Each assignment of the task, where cached (the answer lists them).
        ...task.assignments.map((a) =>
          qc.invalidateQueries({ queryKey: queryKeys.assignments.detail(a.id) }),
        ),
        invalidate(qc, [...STATE_CHANGE, 'disputes']),
      ]);
    },
  });
}

/** Marks one notification read, or all of them (id omitted): the inbox and the badge refresh. */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id?: string) => (id ? api.markRead(id).then(() => null) : api.markAllRead()),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.inbox.all }),
  });
}

/** Adds or removes working-day overrides; the API answers with all of them. */
export function usePutCalendarOverrides() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { overrides: CalendarOverride[]; remove?: string[] }) =>
      api.putCalendarOverrides(v.overrides, v.remove),
    onSuccess: (rows) => {
      qc.setQueryData(queryKeys.calendar.overrides(), rows);
      // Every edit adds to the edited days' histories.
      void qc.invalidateQueries({ queryKey: queryKeys.calendar.histories });
    },
  });
}

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { orgCode: string; url: string }) => api.createWebhook(v.orgCode, v.url),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.webhooks.list() }),
  });
}

export function useSetWebhookActive() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; active: boolean }) => api.setWebhookActive(v.id, v.active),
    onSuccess: (r) => {
      qc.setQueryData<Webhook[]>(queryKeys.webhooks.list(), (hs) =>
        hs?.map((h) => (h.id === r.id ? { ...h, active: r.active } : h)),
      );
      // Pausing and resuming are in the webhook's history.
      void qc.invalidateQueries({ queryKey: queryKeys.webhooks.history(r.id) });
    },
  });
}

/** Imports a CSV/XLSX as a draft version. */
export function useImportList() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { file: File; version: string; effectiveFrom: string }) =>
      api.importList(v.file, v.version, v.effectiveFrom),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.listVersions.list() }),
  });
}

/** Publishes a draft: it becomes the list in force, so the matter search changes too. */
export function usePublishList() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.publishList(id),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.listVersions.all }),
        qc.invalidateQueries({ queryKey: queryKeys.matters.all }),
      ]),
  });
}

/** Replaces a draft's routing table; the API answers with the table stored. */
export function useReplaceRules() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; rules: RoutingRule[] }) => api.replaceRules(v.id, v.rules),
    onSuccess: (table) => qc.setQueryData(queryKeys.listVersions.rules(table.listId), table),
  });
}

/** Creates a user account (admin); the user lists refresh. */
export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: NewUserAccount) => api.createUser(v),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.users.all }),
  });
}

/** Deactivates or reactivates a user, changes its role or resets its password; the user lists refresh. */
export function useChangeUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; change: UserAccountChange }) => api.changeUser(v.id, v.change),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.users.all }),
  });
}

/**
 * Fault tolerance: filing and deciding a claim change the claim lists, the claimable list and the
 * overdue board (which shows each row's claim); the assignment's timeline gains an event.
 */
function toleranceChanged(qc: QueryClient, assignmentId: string | null): Promise<unknown> {
  return Promise.all([
    qc.invalidateQueries({ queryKey: queryKeys.tolerance.all }),
    invalidate(qc, ['overdue']),
    assignmentId ? qc.invalidateQueries({ queryKey: queryKeys.assignments.detail(assignmentId) }) : null,
  ]);
}

export function useFileClaim() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FileClaimBody) => api.fileClaim(body),
    onSuccess: (c) => toleranceChanged(qc, c.assignmentId),
  });
}

export function useDecideClaim() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string } & DecideClaimBody) =>
      api.decideClaim(v.id, { decision: v.decision, note: v.note }),
    onSuccess: (c) => toleranceChanged(qc, c.assignmentId),
  });
}

/** The supervisor replaces the tolerance list; the answer holds the list as it now is. */
export function useReplaceToleranceItems() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: ToleranceItemBody[]) => api.replaceToleranceItems(items),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.tolerance.all }),
  });
}
