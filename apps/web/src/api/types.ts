/**
 * The HTTP contract as the web app sees it: every request and response shape comes from
 * libs/contract (the same types the server returns and its OpenAPI document is generated from),
 * under the names the screens use. The vocabularies (action types, states, outcomes, …) come from
 * the domain lib, file by file: its index also brings the work calendar, whose holiday data (the
 * chinese-days package) has no place in the browser bundle.
 */
export type {
  AssignmentDetail,
  AssignmentListParams,
  AssignmentPage,
  AuditEvent,
  CalendarOverride,
  Decision,
  DeadlineView,
  Dispute,
  DisputeBody,
  DisputeListParams,
  DisputePage,
  DisputeParty,
  ErrorBody,
  ErrorBodyDetail as ErrorDetail,
  ExtensionView as Extension,
  ImportedList,
  Inbox,
  InboxParams,
  ListDiff,
  ListVersion,
  ChangedItem,
  FieldChange,
  LoginResult,
  MatterList,
  MatterSuggestion,
  NewUserBody as NewUserAccount,
  NewWebhook,
  Notification,
  Organisation,
  OrgKind,
  OverdueBoard,
  OverdueItem,
  OverdueParams,
  Page,
  PublishedList,
  ReadAllResult,
  ReadResult,
  ResubmitTaskBody as ResubmitTask,
  ReviewDecisionBody as ReviewDecision,
  ReviewItem,
  ReviewListParams,
  ReviewPage,
  RuleTable,
  SessionUser,
  StepView,
  SubmitResult,
  SubmitTaskBody as SubmitTask,
  TaskDetail,
  TaskListParams,
  TaskPage,
  TaskSummary,
  UserAccount,
  UserChangeBody as UserAccountChange,
  UserListParams,
  UserPage,
  VersionMatterList,
  AssignmentView as Assignment,
  AssignmentSort,
  BatchResult,
  OpenDeadline,
  Workbench,
  WorkbenchTileKey,
  Workdays,
  WebhookTest,
  Webhook,
  WebhookActivity,
  WebhookDelivery,
  ClaimableItem,
  ClaimableList,
  DecideClaimBody,
  FileClaimBody,
  StaffingParams,
  StaffingReport,
  StaffingStreet,
  ToleranceClaim,
  ToleranceClaimDetail,
  ToleranceClaimListParams,
  ToleranceClaimPage,
  ToleranceItem,
  ToleranceItemBody,
  ToleranceListReplaced,
  ToleranceTarget,
} from '@app/contract';

export { DISPUTE_REASONS } from '@app/domain/assignment/dispute';
export type { DisputeReason } from '@app/domain/assignment/dispute';
export { ASSIGNMENT_STATES } from '@app/domain/assignment/states';
export type { AssignmentState } from '@app/domain/assignment/states';
export { OPEN_STATES } from '@app/domain/assignment/transitions';
export { DEADLINE_KINDS } from '@app/domain/deadline/ladder';
export type { DeadlineKind, EscalationStep } from '@app/domain/deadline/ladder';
export { ENFORCEMENT_POWERS, ENFORCEMENT_SUBJECTS, RESPONSIBILITY_MODES } from '@app/domain/list/matter';
export type { EnforcementSubject, Matter, ResponsibilityMode } from '@app/domain/list/matter';
export { ROLES } from '@app/domain/routing/outcome';
export type { AssignmentRole, DecisionOutcome, Outcome } from '@app/domain/routing/outcome';
export { ARBITRATION_RULE_ID, OUTCOMES, REVIEW_RULE_ID } from '@app/domain/routing/outcome';
export { FACTS } from '@app/domain/routing/rule-table';
export type { Condition, FactName, FactTest, RoutingRule } from '@app/domain/routing/rule-table';
export { ACTION_TYPES, PROHIBITED_DEMANDS } from '@app/domain/routing/task-input';
export type { ActionType, ProhibitedDemand, TaskResources } from '@app/domain/routing/task-input';
export { PASSWORD_MIN_LENGTH, ROLES_FOR_ORG_KIND, USER_ROLES } from '@app/domain/users/user-policy';
export type { UserRole } from '@app/domain/users/user-policy';

// Coordination (吹哨报到, 联合执法)
export type {
  JointActionBody,
  JointActionListParams,
  JointActionPage,
  JointActionView as JointAction,
  JointConfirmBody,
  JointOutcomeBody,
  OverdueKind,
  SummonsBody,
  SummonsDetail,
  SummonsListParams,
  SummonsPage,
  SummonsRateBody,
  SummonsRespondBody,
  SummonsResponseView,
  SummonsView,
} from '@app/contract';
export {
  JOINT_ACTION_STATES,
  JOINT_MEASURES,
  MAX_SUMMONED_DEPARTMENTS,
} from '@app/domain/coordination/coordination';
export type {
  JointActionState,
  JointMeasure,
  SummonsResponseState,
  SummonsState,
} from '@app/domain/coordination/coordination';
export { TOLERANCE_CLAIM_STATES } from '@app/domain/tolerance/tolerance';
export type { ToleranceClaimState, ToleranceTargetKind } from '@app/domain/tolerance/tolerance';
export { STAFFING_FLAGS } from '@app/domain/staffing/allocate';
export type { StaffingFlag } from '@app/domain/staffing/allocate';
