import { request } from './client';
import type {
  AssignmentDetail,
  AssignmentListParams,
  AssignmentPage,
  CalendarOverride,
  Dispute,
  DisputeBody,
  DisputeListParams,
  DisputePage,
  DisputeParty,
  Extension,
  ImportedList,
  Inbox,
  InboxParams,
  ListVersion,
  LoginResult,
  MatterList,
  NewUserAccount,
  NewWebhook,
  Organisation,
  OrgKind,
  OverdueBoard,
  OverdueParams,
  PublishedList,
  ReadAllResult,
  ReadResult,
  ResubmitTask,
  ReviewDecision,
  ReviewListParams,
  ReviewPage,
  RoutingRule,
  RuleTable,
  SubmitResult,
  SubmitTask,
  TaskDetail,
  TaskListParams,
  TaskPage,
  UserAccount,
  UserAccountChange,
  UserListParams,
  UserPage,
  Webhook,
  WebhookActivity,
  WebhookDelivery,
} from './types';

export { ApiError, configureClient, newIdempotencyKey } from './client';
export * from './types';

const enc = encodeURIComponent;

/** Every endpoint the web app calls, typed; one line each over `request`. */
export const api = {
  login: (username: string, password: string) =>
    request<LoginResult>('POST', '/api/auth/login', { body: { username, password } }),

  orgs: (kind?: OrgKind) => request<Organisation[]>('GET', '/api/orgs', { query: { kind } }),
  matters: (q?: string) => request<MatterList>('GET', '/api/lists/current/matters', { query: { q } }),

  submitTask: (body: SubmitTask, idempotencyKey: string) =>
    request<SubmitResult>('POST', '/api/tasks', { body, headers: { 'idempotency-key': idempotencyKey } }),
  tasks: (q: TaskListParams) => request<TaskPage>('GET', '/api/tasks', { query: { ...q } }),
  task: (id: string) => request<TaskDetail>('GET', `/api/tasks/${enc(id)}`),
  withdrawTask: (id: string, reason: string) =>
    request<TaskDetail>('POST', `/api/tasks/${enc(id)}/withdraw`, { body: { reason } }),
  resubmitTask: (id: string, body: ResubmitTask) =>
    request<TaskDetail>('POST', `/api/tasks/${enc(id)}/resubmit`, { body }),

  assignments: (q: AssignmentListParams) =>
    request<AssignmentPage>('GET', '/api/assignments', { query: { ...q } }),
  assignment: (id: string) => request<AssignmentDetail>('GET', `/api/assignments/${enc(id)}`),
  sign: (id: string, version: number) =>
    request<AssignmentDetail>('POST', `/api/assignments/${enc(id)}/sign`, { body: { version } }),
  dispute: (id: string, body: DisputeBody) =>
    request<AssignmentDetail>('POST', `/api/assignments/${enc(id)}/dispute`, { body }),
  progress: (id: string, note: string) =>
    request<AssignmentDetail>('POST', `/api/assignments/${enc(id)}/progress`, { body: { note } }),
  complete: (id: string, version: number, result: string) =>
    request<AssignmentDetail>('POST', `/api/assignments/${enc(id)}/complete`, { body: { version, result } }),
  confirm: (id: string, version: number, rating: number, comment?: string) =>
    request<AssignmentDetail>('POST', `/api/assignments/${enc(id)}/confirm`, {
      body: { version, rating, comment: comment || undefined },
    }),
  reopen: (id: string, version: number, reason: string) =>
    request<AssignmentDetail>('POST', `/api/assignments/${enc(id)}/reopen`, { body: { version, reason } }),
  withdrawAssignment: (id: string, version: number, reason: string) =>
    request<AssignmentDetail>('POST', `/api/assignments/${enc(id)}/withdraw`, { body: { version, reason } }),
  requestExtension: (id: string, workingDays: number, reason: string) =>
    request<AssignmentDetail>('POST', `/api/assignments/${enc(id)}/extension`, {
      body: { workingDays, reason },
    }),
  decideExtension: (id: string, approve: boolean) =>
    request<Extension>('POST', `/api/extensions/${enc(id)}/decide`, { body: { approve } }),

  reviews: (q: ReviewListParams) => request<ReviewPage>('GET', '/api/reviews', { query: { ...q } }),
  decideReview: (assignmentId: string, body: ReviewDecision) =>
    request<AssignmentDetail>('POST', `/api/reviews/${enc(assignmentId)}/decide`, { body }),
  disputes: (q: DisputeListParams) => request<DisputePage>('GET', '/api/disputes', { query: { ...q } }),
  arbitrate: (id: string, upheld: DisputeParty, note: string) =>
    request<Dispute>('POST', `/api/disputes/${enc(id)}/decide`, { body: { upheld, note } }),

  lists: () => request<ListVersion[]>('GET', '/api/lists'),
  importList: (file: File, version: string, effectiveFrom: string) => {
    const form = new FormData();
    form.set('file', file);
    form.set('version', version);
    form.set('effectiveFrom', effectiveFrom);
    return request<ImportedList>('POST', '/api/lists', { form });
  },
  publishList: (id: string) => request<PublishedList>('POST', `/api/lists/${enc(id)}/publish`),
  rules: (id: string) => request<RuleTable>('GET', `/api/lists/${enc(id)}/rules`),
  replaceRules: (id: string, rules: RoutingRule[]) =>
    request<RuleTable>('PUT', `/api/lists/${enc(id)}/rules`, { body: { rules } }),

  overdue: (q: OverdueParams) =>
    request<OverdueBoard>('GET', '/api/supervision/overdue', { query: { ...q } }),

  inbox: (q: InboxParams) => request<Inbox>('GET', '/api/notifications', { query: { ...q } }),
  markRead: (id: string) => request<ReadResult>('POST', `/api/notifications/${enc(id)}/read`),
  markAllRead: () => request<ReadAllResult>('POST', '/api/notifications/read-all'),

  calendarOverrides: () => request<CalendarOverride[]>('GET', '/api/calendar/overrides'),
  putCalendarOverrides: (overrides: CalendarOverride[], remove: string[] = []) =>
    request<CalendarOverride[]>('PUT', '/api/calendar/overrides', { body: { overrides, remove } }),

  webhooks: () => request<Webhook[]>('GET', '/api/webhooks'),
  createWebhook: (orgCode: string, url: string) =>
    request<NewWebhook>('POST', '/api/webhooks', { body: { orgCode, url } }),
  setWebhookActive: (id: string, active: boolean) =>
    request<WebhookActivity>('PATCH', `/api/webhooks/${enc(id)}`, { body: { active } }),
  deliveries: (id: string) => request<WebhookDelivery[]>('GET', `/api/webhooks/${enc(id)}/deliveries`),

  users: (q: UserListParams) => request<UserPage>('GET', '/api/users', { query: { ...q } }),
  createUser: (body: NewUserAccount) => request<UserAccount>('POST', '/api/users', { body }),
  changeUser: (id: string, body: UserAccountChange) =>
    request<UserAccount>('PATCH', `/api/users/${enc(id)}`, { body }),
};
