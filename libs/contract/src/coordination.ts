import type {
  JointActionState,
  JointMeasure,
  SummonsAnswer,
  SummonsListRole,
  SummonsResponseState,
  SummonsState,
} from '@app/domain/coordination/coordination';
import { DeadlineView } from './assignments';
import type { AuditEvent } from './audit';
import type { PageParams } from './common';

/** `POST /api/summons` (a street blows the whistle, 吹哨). */
export interface SummonsBody {
  subject: string;
  place: string;
  description: string;
  urgent: boolean;
  /** The departments summoned, each once. */
  departmentCodes: string[];
  /** One of the street's own assignments the summons is about. */
  assignmentId?: string;
}

/** `POST /api/summons/{id}/respond`: 报到 (who came, when, what it will do) or a decline with its reason. */
export interface SummonsRespondBody {
  state: SummonsAnswer;
  /** What the department will do, or why it declines. */
  note: string;
  /** Who came (required when reporting). */
  reporter?: string;
  /** When they arrived; defaults to now. */
  arrivedAt?: string;
}

export interface SummonsCloseBody {
  result: string;
}

export interface SummonsRateBody {
  departmentCode: string;
  score: number;
  comment?: string;
}

/** One summoned department's answer and its report-by deadline. */
export class SummonsResponseView {
  departmentCode!: string;
  departmentName!: string;
  state!: SummonsResponseState;
  reportByAt!: string;
  respondedAt!: string | null;
  arrivedAt!: string | null;
  reporter!: string | null;
  note!: string | null;
  /** Open and past its report-by time. */
  overdue!: boolean;
}

/** The street's rating of one department's response. */
export class SummonsRatingView {
  departmentCode!: string;
  score!: number;
  comment!: string | null;
  ratedAt!: string;
}

/** A summons as lists and `POST /api/summons` return it. */
export class SummonsView {
  id!: string;
  streetCode!: string;
  streetName!: string;
  assignmentId!: string | null;
  subject!: string;
  place!: string;
  description!: string;
  urgent!: boolean;
  state!: SummonsState;
  result!: string | null;
  /** The latest report-by time of the responses. */
  reportByAt!: string;
  createdAt!: string;
  closedAt!: string | null;
  /** A department sees its own response only; the street and supervisors see all. */
  responses!: SummonsResponseView[];
  ratings!: SummonsRatingView[];
}

/** A summoned department's report-by deadline, with its ladder. */
export class SummonsDeadlineView extends DeadlineView {
  departmentCode!: string;
}

/** `GET /api/summons/{id}`: with each response's deadline and the timeline. */
export class SummonsDetail extends SummonsView {
  deadlines!: SummonsDeadlineView[];
  timeline!: AuditEvent[];
}

export class SummonsPage {
  items!: SummonsView[];
  nextCursor!: string | null;
}

export interface SummonsListParams extends PageParams {
  state?: SummonsState;
  /** `sent` (a street's own) or `received` (addressed to the department); the caller's side by default. */
  role?: SummonsListRole;
  /** Only summons with at least one decline (supervisors watch them). */
  declined?: boolean;
}

/** `POST /api/assignments/{id}/joint-actions` (the lead department of a `joint` assignment). */
export interface JointActionBody {
  scheduledAt: string;
  place: string;
  plan: string;
}

/** `POST /api/joint-actions/{id}/confirm`: attend, or ask to reschedule with a reason. */
export interface JointConfirmBody {
  attending: boolean;
  reason?: string;
}

/** `POST /api/joint-actions/{id}/outcome` (the lead, after the scheduled time). */
export interface JointOutcomeBody {
  casesOpened: number;
  measures: JointMeasure[];
  note: string;
}

/** A joint action (联合执法): both sides see the same record. */
export class JointActionView {
  id!: string;
  assignmentId!: string;
  taskId!: string;
  taskTitle!: string;
  leadDepartmentCode!: string;
  streetCode!: string;
  scheduledAt!: string;
  place!: string;
  plan!: string;
  state!: JointActionState;
  attending!: boolean | null;
  confirmReason!: string | null;
  confirmedAt!: string | null;
  casesOpened!: number | null;
  measures!: JointMeasure[] | null;
  outcomeNote!: string | null;
  outcomeAt!: string | null;
  createdAt!: string;
  /** The confirmation and outcome deadlines. */
  deadlines!: DeadlineView[];
  /** Some deadline of the action is open and past due. */
  overdue!: boolean;
}

export class JointActionPage {
  items!: JointActionView[];
  nextCursor!: string | null;
}

export interface JointActionListParams extends PageParams {
  state?: JointActionState;
  assignmentId?: string;
}
