/**
 * The HTTP contract (shared/API.md and the OpenAPI document at /docs) as the web app sees it.
 * The vocabularies (action types, states, outcomes, …) come from the domain lib, which is plain
 * TypeScript, and so does `Matter`: `GET /api/lists/current/matters` answers the list's rows as
 * the domain reads them. The other shapes below are the API's views.
 */
import type { DisputeReason } from '@app/domain/assignment/dispute';
import type { AssignmentState } from '@app/domain/assignment/states';
import type { DeadlineKind, EscalationStep } from '@app/domain/deadline/ladder';
import type { EnforcementSubject, Matter } from '@app/domain/list/matter';
import type { AssignmentRole, Outcome } from '@app/domain/routing/outcome';
import type { ActionType, ProhibitedDemand, TaskResources } from '@app/domain/routing/task-input';

// File by file: the lib's index also brings the work calendar, whose holiday data
// (the chinese-days package) has no place in the browser bundle.
export { DISPUTE_REASONS } from '@app/domain/assignment/dispute';
export type { DisputeReason } from '@app/domain/assignment/dispute';
export { ASSIGNMENT_STATES } from '@app/domain/assignment/states';
export { OPEN_STATES } from '@app/domain/assignment/transitions';
export { DEADLINE_KINDS } from '@app/domain/deadline/ladder';
export { ENFORCEMENT_SUBJECTS } from '@app/domain/list/matter';
export { ROLES } from '@app/domain/routing/outcome';
export { ACTION_TYPES, PROHIBITED_DEMANDS } from '@app/domain/routing/task-input';
export { PASSWORD_MIN_LENGTH, ROLES_FOR_ORG_KIND, USER_ROLES } from '@app/domain/users/user-policy';

export type {
  ActionType,
  AssignmentRole,
  AssignmentState,
  DeadlineKind,
  EnforcementSubject,
  EscalationStep,
  Matter,
  Outcome,
  ProhibitedDemand,
  TaskResources,
};

export type UserRole = 'department' | 'street' | 'reviewer' | 'supervisor' | 'admin';
export type OrgKind = 'department' | 'street' | 'authority';

export interface ErrorDetail {
  field?: string;
  row?: number;
  column?: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: ErrorDetail[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SessionUser {
  id: string;
  username: string;
  roles: UserRole[];
  org: { code: string; name: string; kind: OrgKind };
}

export interface LoginResult {
  accessToken: string;
  user: SessionUser;
}

export interface Organisation {
  code: string;
  name: string;
  nameEn: string | null;
  kind: OrgKind;
  districtCode: string | null;
  districtName: string | null;
}

/** `POST /api/tasks`. */
export interface SubmitTask {
  title: string;
  description?: string;
  streetCodes?: string[];
  districtCodes?: string[];
  matterCode?: string | null;
  actionType: ActionType;
  enforcementSubject?: EnforcementSubject | null;
  resources?: TaskResources | null;
  temporary?: boolean;
  deadlineWorkingDays?: number;
  dueAt?: string;
  urgent?: boolean;
  demands?: ProhibitedDemand[];
  legalBasis?: string | null;
}

/** What a department may change when it resubmits a returned task. */
export type ResubmitTask = Partial<
  Omit<SubmitTask, 'streetCodes' | 'districtCodes' | 'deadlineWorkingDays' | 'dueAt' | 'urgent'>
>;

export interface SubmitResult {
  id: string;
  assignments: { id: string; streetCode: string; state: AssignmentState }[];
}

export interface Decision {
  outcome: Outcome;
  ruleId: string;
  listVersion: string;
  reason: string;
  reasonEn: string;
  strippedDemands: ProhibitedDemand[];
  decidedAt: string;
}

export interface Assignment {
  id: string;
  taskId: string;
  taskTitle: string;
  submitterCode: string;
  urgent: boolean;
  streetCode: string;
  state: AssignmentState;
  role: AssignmentRole | null;
  version: number;
  routingRound: number;
  decision: Decision | null;
  signDueAt: string | null;
  dueAt: string;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TaskSummary {
  id: string;
  title: string;
  description: string;
  submitter: { code: string };
  matterCode: string | null;
  actionType: ActionType;
  enforcementSubject: EnforcementSubject | null;
  resources: TaskResources | null;
  temporary: boolean;
  urgent: boolean;
  demands: ProhibitedDemand[];
  legalBasis: string | null;
  deadlineWorkingDays: number | null;
  dueAt: string;
  listVersion: string;
  createdAt: string;
  /** The task this one was split off at a resubmission. */
  originTaskId: string | null;
  /** Tasks split off this one (not shown to streets). */
  splitTaskIds?: string[];
}

export interface TaskDetail extends TaskSummary {
  assignments: Assignment[];
}

export interface StepView {
  step: EscalationStep;
  fireAt: string;
  firedAt: string | null;
}

export interface DeadlineView {
  kind: DeadlineKind;
  ownerOrg: string;
  state: 'open' | 'paused' | 'met' | 'cancelled';
  startsAt: string;
  dueAt: string;
  remainingMs: number | null;
  metAt: string | null;
  overdueAt: string | null;
  steps: StepView[];
}

export interface Extension {
  id: string;
  assignmentId: string;
  workingDays: number;
  reason: string;
  state: 'pending' | 'approved' | 'rejected';
  createdAt: string;
  decidedAt: string | null;
}

export interface AuditEvent {
  seq: number;
  action: string;
  actorOrg: string | null;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
  hash: string;
  createdAt: string;
}

export interface AssignmentDetail extends Assignment {
  task: TaskSummary;
  deadlines: DeadlineView[];
  extensions: Extension[];
  timeline: AuditEvent[];
}

export interface MatterSuggestion {
  matterCode: string;
  name: string;
  mode: Matter['mode'];
  principalDept: string;
  score: number;
}

export interface ReviewItem {
  id: string;
  taskId: string;
  streetCode: string;
  state: AssignmentState;
  version: number;
  title: string;
  description: string;
  submitterCode: string;
  actionType: ActionType;
  temporary: boolean;
  createdAt: string;
  reviewDueAt: string | null;
  suggestions: MatterSuggestion[];
}

export interface ReviewDecision {
  decision: 'admit' | 'refuse' | 'return';
  role?: AssignmentRole;
  matterCode?: string;
  note: string;
}

export interface Dispute {
  id: string;
  assignmentId: string;
  streetCode: string;
  departmentCode: string;
  reasonCode: DisputeReason;
  citedMatterCode: string | null;
  reason: string;
  state: 'open' | 'decided';
  upheld: 'street' | 'department' | null;
  note: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface ListVersion {
  id: string;
  version: string;
  status: 'draft' | 'published';
  effectiveFrom: string;
  createdAt: string;
  publishedAt: string | null;
  matters: number;
}

export interface RuleTable {
  listId: string;
  version: string;
  status: string;
  rules: unknown[];
}

export interface OverdueItem {
  deadlineId: string;
  kind: DeadlineKind;
  orgCode: string;
  assignmentId: string;
  taskId: string;
  title: string;
  streetCode: string;
  submitterCode: string;
  state: AssignmentState;
  dueAt: string;
  overdueSince: string | null;
  steps: StepView[];
}

export interface OverdueBoard extends Page<OverdueItem> {
  asOf: string;
  counts: { orgCode: string; kind: DeadlineKind; count: number }[];
}

export interface Notification {
  id: string;
  orgCode: string;
  kind: string;
  assignmentId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface Inbox extends Page<Notification> {
  unread: number;
}

export interface CalendarOverride {
  date: string;
  workday: boolean;
  note: string;
}

export interface Webhook {
  id: string;
  orgCode: string;
  url: string;
  active: boolean;
  createdAt: string;
  /** Returned once, when the webhook is created. */
  secret?: string;
}

export interface WebhookDelivery {
  id: string;
  notificationId: string;
  kind: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A user account as the administration sees it (GET/POST/PATCH /api/users): never a password. */
export interface UserAccount {
  id: string;
  username: string;
  orgCode: string;
  roles: UserRole[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewUserAccount {
  username: string;
  orgCode: string;
  role: UserRole;
  password: string;
}

export interface UserAccountChange {
  active?: boolean;
  role?: UserRole;
  password?: string;
}
