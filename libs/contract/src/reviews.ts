import type { DisputeReason } from '@app/domain/assignment/dispute';
import type { Matter } from '@app/domain/list/matter';
import type { AssignmentState } from '@app/domain/assignment/states';
import type { ResponsibilityMode } from '@app/domain/list/matter';
import type { AssignmentRole } from '@app/domain/routing/outcome';
import type { ActionType } from '@app/domain/routing/task-input';
import type { Decision } from './assignments';
import type { PageParams } from './common';

/** A matter whose name and duties read like the task (pg_trgm similarity). */
export class MatterSuggestion {
  matterCode!: string;
  name!: string;
  mode!: ResponsibilityMode;
  principalDept!: string;
  /**
   * 0–1, higher is closer: the share of the matter name's two-character terms found in the task's
   * text (weight 0.6) and of the task title's found in the matter's name and duties (0.4).
   * Matters sharing no term with the task are not suggested.
   */
  score!: number;
}

/** An off-list assignment awaiting (or past) admission review by the organisation office. */
export class ReviewItem {
  /** The assignment's id. */
  id!: string;
  taskId!: string;
  streetCode!: string;
  state!: AssignmentState;
  version!: number;
  title!: string;
  description!: string;
  submitterCode!: string;
  actionType!: ActionType;
  temporary!: boolean;
  createdAt!: string;
  reviewDueAt!: string | null;
  /** The legal basis the department cited, if any. */
  legalBasis!: string | null;
  /** The assignment's current decision (routing's `needs_admission_review` until decided). */
  decision!: Decision | null;
  /** The five closest matters, best first. */
  suggestions!: MatterSuggestion[];
}

export class ReviewPage {
  items!: ReviewItem[];
  nextCursor!: string | null;
}

export interface ReviewListParams extends PageParams {
  /** open (default): awaiting a decision; all: every assignment that went to review. */
  state?: 'open' | 'all';
}

export type ReviewVerdict = 'admit' | 'refuse' | 'return';

/** `POST /api/reviews/{assignmentId}/decide`. */
export interface ReviewDecisionBody {
  decision: ReviewVerdict;
  /** Required to admit. */
  role?: AssignmentRole;
  /** Admitting with a matter routes the assignment again with it. */
  matterCode?: string;
  note: string;
}

export type DisputeState = 'open' | 'decided';
export type DisputeParty = 'street' | 'department';

/** A street contesting an assignment, and the organisation office's ruling. */
export class Dispute {
  id!: string;
  assignmentId!: string;
  streetCode!: string;
  departmentCode!: string;
  reasonCode!: DisputeReason;
  citedMatterCode!: string | null;
  reason!: string;
  state!: DisputeState;
  upheld!: DisputeParty | null;
  note!: string | null;
  createdAt!: string;
  decidedAt!: string | null;
  /** The task, for the decider's context. */
  taskId!: string;
  taskTitle!: string;
  taskDescription!: string;
  /** The legal basis the department cited, if any: its side of the argument with the task text. */
  legalBasis!: string | null;
  /** The decision the street disputed (the assignment's decision when the dispute was opened). */
  decision!: Decision | null;
  /** The list's text of the matter that decision routed on. */
  matter!: Matter | null;
  /** The list's text of the matter the street cites. */
  citedMatter!: Matter | null;
}

export class DisputePage {
  items!: Dispute[];
  nextCursor!: string | null;
}

export interface DisputeListParams extends PageParams {
  state?: DisputeState;
}

/** `POST /api/disputes/{id}/decide`. */
export interface ArbitrationBody {
  upheld: DisputeParty;
  note: string;
}
