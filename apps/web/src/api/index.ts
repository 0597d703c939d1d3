import { request } from './client';
import type * as C from './types';

export { ApiError, configureClient, downloadFile, newIdempotencyKey } from './client';
export * from './types';

const enc = encodeURIComponent;

/** Every endpoint the web app calls, typed; one line each over `request`. */
export const api = {
  orgs: (kind?: C.OrgKind) => request<C.Organisation[]>('GET', '/api/orgs', { query: { kind } }),
  matters: (q?: string) => request<C.MatterList>('GET', '/api/lists/current/matters', { query: { q } }),

  submitTask: (body: C.SubmitTask, idempotencyKey: string) =>
    request<C.SubmitResult>('POST', '/api/tasks', { body, headers: { 'idempotency-key': idempotencyKey } }),
  tasks: (q: C.TaskListParams) => request<C.TaskPage>('GET', '/api/tasks', { query: { ...q } }),
  task: (id: string) => request<C.TaskDetail>('GET', `/api/tasks/${enc(id)}`),
  withdrawTask: (id: string, reason: string) =>
    request<C.TaskDetail>('POST', `/api/tasks/${enc(id)}/withdraw`, { body: { reason } }),
  resubmitTask: (id: string, body: C.ResubmitTask) =>
    request<C.TaskDetail>('POST', `/api/tasks/${enc(id)}/resubmit`, { body }),

  assignments: (q: C.AssignmentListParams) =>
    request<C.AssignmentPage>('GET', '/api/assignments', { query: { ...q } }),
  assignment: (id: string) => request<C.AssignmentDetail>('GET', `/api/assignments/${enc(id)}`),
  sign: (id: string, version: number) =>
    request<C.AssignmentDetail>('POST', `/api/assignments/${enc(id)}/sign`, { body: { version } }),
  dispute: (id: string, body: C.DisputeBody) =>
    request<C.AssignmentDetail>('POST', `/api/assignments/${enc(id)}/dispute`, { body }),
  progress: (id: string, note: string) =>
    request<C.AssignmentDetail>('POST', `/api/assignments/${enc(id)}/progress`, { body: { note } }),
  complete: (id: string, version: number, result: string) =>
    request<C.AssignmentDetail>('POST', `/api/assignments/${enc(id)}/complete`, {
      body: { version, result },
    }),
  confirm: (id: string, version: number, rating: number, comment?: string) =>
    request<C.AssignmentDetail>('POST', `/api/assignments/${enc(id)}/confirm`, {
      body: { version, rating, comment: comment || undefined },
    }),
  reopen: (id: string, version: number, reason: string) =>
    request<C.AssignmentDetail>('POST', `/api/assignments/${enc(id)}/reopen`, { body: { version, reason } }),
  withdrawAssignment: (id: string, version: number, reason: string) =>
    request<C.AssignmentDetail>('POST', `/api/assignments/${enc(id)}/withdraw`, {
      body: { version, reason },
    }),
  requestExtension: (id: string, workingDays: number, reason: string) =>
    request<C.AssignmentDetail>('POST', `/api/assignments/${enc(id)}/extension`, {
      body: { workingDays, reason },
    }),
  decideExtension: (id: string, approve: boolean, comment?: string) =>
    request<C.Extension>('POST', `/api/extensions/${enc(id)}/decide`, { body: { approve, comment } }),

  reviews: (q: C.ReviewListParams) => request<C.ReviewPage>('GET', '/api/reviews', { query: { ...q } }),
  decideReview: (assignmentId: string, body: C.ReviewDecision) =>
    request<C.AssignmentDetail>('POST', `/api/reviews/${enc(assignmentId)}/decide`, { body }),
  disputes: (q: C.DisputeListParams) => request<C.DisputePage>('GET', '/api/disputes', { query: { ...q } }),
  arbitrate: (id: string, upheld: C.DisputeParty, note: string) =>
    request<C.Dispute>('POST', `/api/disputes/${enc(id)}/decide`, { body: { upheld, note } }),

  lists: () => request<C.ListVersion[]>('GET', '/api/lists'),
  importList: (file: File, version: string, effectiveFrom: string) => {
    const form = new FormData();
    form.set('file', file);
    form.set('version', version);
    form.set('effectiveFrom', effectiveFrom);
    return request<C.ImportedList>('POST', '/api/lists', { form });
  },
  publishList: (id: string) => request<C.PublishedList>('POST', `/api/lists/${enc(id)}/publish`),
  rules: (id: string) => request<C.RuleTable>('GET', `/api/lists/${enc(id)}/rules`),
  versionMatters: (id: string, q?: string, category?: string) =>
    request<C.VersionMatterList>('GET', `/api/lists/${enc(id)}/matters`, { query: { q, category } }),
  listDiff: (id: string, from: string) =>
    request<C.ListDiff>('GET', `/api/lists/${enc(id)}/diff`, { query: { from } }),
  replaceRules: (id: string, rules: C.RoutingRule[]) =>
    request<C.RuleTable>('PUT', `/api/lists/${enc(id)}/rules`, { body: { rules } }),

  overdue: (q: C.OverdueParams) =>
    request<C.OverdueBoard>('GET', '/api/supervision/overdue', { query: { ...q } }),

  inbox: (q: C.InboxParams) => request<C.Inbox>('GET', '/api/notifications', { query: { ...q } }),
  markRead: (id: string) => request<C.ReadResult>('POST', `/api/notifications/${enc(id)}/read`),
  markAllRead: () => request<C.ReadAllResult>('POST', '/api/notifications/read-all'),

  calendarOverrides: () => request<C.CalendarOverride[]>('GET', '/api/calendar/overrides'),
  calendarOverrideHistory: (date: string) =>
    request<C.AuditEvent[]>('GET', `/api/calendar/overrides/${enc(date)}/history`),
  putCalendarOverrides: (overrides: C.CalendarOverride[], remove: string[] = []) =>
    request<C.CalendarOverride[]>('PUT', '/api/calendar/overrides', { body: { overrides, remove } }),

  webhooks: () => request<C.Webhook[]>('GET', '/api/webhooks'),
  createWebhook: (orgCode: string, url: string) =>
    request<C.NewWebhook>('POST', '/api/webhooks', { body: { orgCode, url } }),
  setWebhookActive: (id: string, active: boolean) =>
    request<C.WebhookActivity>('PATCH', `/api/webhooks/${enc(id)}`, { body: { active } }),
  deliveries: (id: string) => request<C.WebhookDelivery[]>('GET', `/api/webhooks/${enc(id)}/deliveries`),
  webhookHistory: (id: string) => request<C.AuditEvent[]>('GET', `/api/audit/webhook/${enc(id)}`),

  users: (q: C.UserListParams) => request<C.UserPage>('GET', '/api/users', { query: { ...q } }),
  createUser: (body: C.NewUserAccount) => request<C.UserAccount>('POST', '/api/users', { body }),
  changeUser: (id: string, body: C.UserAccountChange) =>
    request<C.UserAccount>('PATCH', `/api/users/${enc(id)}`, { body }),

  toleranceItems: (includeRetired?: boolean) =>
    request<C.ToleranceItem[]>('GET', '/api/tolerance-items', { query: { includeRetired } }),
  replaceToleranceItems: (items: C.ToleranceItemBody[]) =>
    request<C.ToleranceListReplaced>('PUT', '/api/tolerance-items', { body: items }),
  claimable: () => request<C.ClaimableList>('GET', '/api/tolerance-claims/claimable'),
  claims: (q: C.ToleranceClaimListParams) =>
    request<C.ToleranceClaimPage>('GET', '/api/tolerance-claims', { query: { ...q } }),
  claim: (id: string) => request<C.ToleranceClaimDetail>('GET', `/api/tolerance-claims/${enc(id)}`),
  fileClaim: (body: C.FileClaimBody) => request<C.ToleranceClaim>('POST', '/api/tolerance-claims', { body }),
  decideClaim: (id: string, body: C.DecideClaimBody) =>
    request<C.ToleranceClaim>('POST', `/api/tolerance-claims/${enc(id)}/decide`, { body }),
  staffing: (q: Omit<C.StaffingParams, 'format'>) =>
    request<C.StaffingReport>('GET', '/api/reports/staffing', { query: { ...q } }),
};
