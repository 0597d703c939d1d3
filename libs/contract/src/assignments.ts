import type { DisputeReason } from '@app/domain/assignment/dispute';
import type { AssignmentState } from '@app/domain/assignment/states';
import type { DeadlineKind, EscalationStep } from '@app/domain/deadline/ladder';
import type { Matter } from '@app/domain/list/matter';
import type { AssignmentRole, DecisionOutcome } from '@app/domain/routing/outcome';
import type { ProhibitedDemand } from '@app/domain/routing/task-input';
import type { AuditEvent } from './audit';
import type { PageParams } from './common';
import type { TaskSummary } from './tasks';

/**
 * The assignment's current decision: routing's, or the organisation office's later word on it
 * (an admission review, a dispute ruling); earlier ones are in the timeline.
 */
export class Decision {
  outcome!: DecisionOutcome;
  /**
   * The rule that decided (`R5`), `REVIEW` for the organisation office's admission review, or
   * `ARBITRATION` for its ruling on a dispute.
   */
  ruleId!: string;
  listVersion!: string;
  reason!: string;
  reasonEn!: string;
  /** Demands of the task the decision struck out (责任状, 排名通报 …). */
  strippedDemands!: ProhibitedDemand[];
  /** The facts the rules were evaluated on. */
  inputs!: Record<string, unknown>;
  decidedAt!: string;
}

/** One street's share of a task, as every list and transition returns it. */
export class AssignmentView {
  id!: string;
  taskId!: string;
  /** The task's title, submitter and urgency, so that a list reads without a request per task. */
  taskTitle!: string;
  submitterCode!: string;
  urgent!: boolean;
  streetCode!: string;
  state!: AssignmentState;
  role!: AssignmentRole | null;
  /** Send it back with a transition: a stale version gets 409. */
  version!: number;
  routingRound!: number;
  /**
   * The matter the assignment is routed on: the one the organisation office picked in review, else
   * the task's; null while off-list.
   */
  matterCode!: string | null;
  /** The matter's name in the list, so a list reads without a request per matter. */
  matterName!: string | null;
  decision!: Decision | null;
  signDueAt!: string | null;
  dueAt!: string;
  /** Some deadline of the assignment is open and past due. */
  overdue!: boolean;
  /**
   * The open deadline due first (sign-for, completion, review or arbitration), with the start of
   * its window, so a list can count down and colour the time left; null when no clock runs.
   */
  openDeadline!: OpenDeadline | null;
  createdAt!: string;
  updatedAt!: string;
}

/** The clock an open item runs against: its window from `startsAt` to `dueAt`. */
export class OpenDeadline {
  kind!: DeadlineKind;
  /** The organisation that must act. */
  ownerOrg!: string;
  startsAt!: string;
  dueAt!: string;
}

export type DeadlineState = 'open' | 'paused' | 'met' | 'cancelled';

/** One rung of a deadline's escalation ladder (提醒 → 催办 → 督办 → 通报). */
export class StepView {
  step!: EscalationStep;
  fireAt!: string;
  firedAt!: string | null;
}

export class DeadlineView {
  kind!: DeadlineKind;
  /** The organisation that must act. */
  ownerOrg!: string;
  state!: DeadlineState;
  startsAt!: string;
  dueAt!: string;
  /** What was left when a dispute paused the clock. */
  remainingMs!: number | null;
  metAt!: string | null;
  overdueAt!: string | null;
  steps!: StepView[];
}

export type ExtensionState = 'pending' | 'approved' | 'rejected';

/** A street's request for more working days, and the department's answer. */
export class ExtensionView {
  id!: string;
  assignmentId!: string;
  workingDays!: number;
  reason!: string;
  state!: ExtensionState;
  createdAt!: string;
  decidedAt!: string | null;
}

/** `GET /api/assignments/{id}` and every transition's answer. */
export class AssignmentDetail extends AssignmentView {
  task!: TaskSummary;
  /** The list's text of `matterCode` in the task's list version: duties, the street's part, legal basis. */
  matter!: Matter | null;
  deadlines!: DeadlineView[];
  extensions!: ExtensionView[];
  /** The assignment's audit events, oldest first. */
  timeline!: AuditEvent[];
}

export class AssignmentPage {
  items!: AssignmentView[];
  nextCursor!: string | null;
}

export interface AssignmentListParams extends PageParams {
  state?: AssignmentState;
  role?: AssignmentRole;
  taskId?: string;
  /** true: only assignments with an open deadline past due; false: only those without. */
  overdue?: boolean;
  /** true: only assignments with an open deadline not yet due but in the last quarter of its window. */
  dueSoon?: boolean;
  /** true: only assignments with an extension request the department has not decided. */
  extensionPending?: boolean;
  /** Words of the task's title or its matter code (case-insensitive substring). */
  q?: string;
  matterCode?: string;
  streetCode?: string;
  /** The submitting department. */
  submitterCode?: string;
  /** Streets of this district. */
  districtCode?: string;
  /** The completion due date from / to (YYYY-MM-DD, China time, both inclusive). */
  dueFrom?: string;
  dueTo?: string;
  /** Sort: `dueAt` (deadline first), `-dueAt`, `createdAt`, `-createdAt` (newest first, the default). */
  sort?: AssignmentSort;
}

/** The sorts of the assignment list; each pages by its own keyset. */
export const ASSIGNMENT_SORTS = ['dueAt', '-dueAt', 'createdAt', '-createdAt'] as const;
export type AssignmentSort = (typeof ASSIGNMENT_SORTS)[number];

/** The version the client last saw: a transition on a stale version gets 409. */
export interface VersionBody {
  version: number;
}

export interface DisputeBody extends VersionBody {
  reasonCode: DisputeReason;
  /** The matter the street says the task belongs to (`ZJ-01`). */
  citedMatterCode?: string;
  reason: string;
}

export interface ProgressBody {
  note: string;
}

export interface CompleteBody extends VersionBody {
  result: string;
}

export interface ConfirmBody extends VersionBody {
  /** 1–5 */
  rating: number;
  comment?: string;
}

export interface ReasonedVersionBody extends VersionBody {
  reason: string;
}

export interface ReasonBody {
  reason: string;
}

export interface ExtensionRequestBody {
  /** 1–60 working days. */
  workingDays: number;
  reason: string;
}

export interface ExtensionDecisionBody {
  approve: boolean;
  /** The department's reasons, shown in the timeline and the street's notification (the web asks for it). */
  comment?: string;
}
