import type { AssignmentState } from '@app/domain/assignment/states';
import type { EnforcementSubject } from '@app/domain/list/matter';
import type { ActionType, ProhibitedDemand, TaskResources } from '@app/domain/routing/task-input';
import type { AssignmentView } from './assignments';
import type { PageParams } from './common';

/** `POST /api/tasks` (API.md "Tasks"). */
export interface SubmitTaskBody {
  title: string;
  description?: string;
  /** The streets the task goes to; or `districtCodes` for every street of a district. */
  streetCodes?: string[];
  districtCodes?: string[];
  /** A matter of the list in force; null or absent when the task is off-list. */
  matterCode?: string | null;
  actionType: ActionType;
  /** Required exactly when `actionType` is `enforcement`. */
  enforcementSubject?: EnforcementSubject | null;
  resources?: TaskResources | null;
  temporary?: boolean;
  /** Working days to complete; or `dueAt`. */
  deadlineWorkingDays?: number;
  dueAt?: string;
  urgent?: boolean;
  demands?: ProhibitedDemand[];
  legalBasis?: string | null;
}

/**
 * `POST /api/tasks/{id}/resubmit`: what a department may change in a returned task. An absent or
 * null field keeps its value; `matterCode: ""` makes the task off-list.
 */
export type ResubmitTaskBody = Partial<
  Omit<SubmitTaskBody, 'streetCodes' | 'districtCodes' | 'deadlineWorkingDays' | 'dueAt' | 'urgent'>
>;

export class SubmittedAssignment {
  id!: string;
  streetCode!: string;
  state!: AssignmentState;
}

/** `POST /api/tasks`: 201 for a new task, 200 for a replay of the same `Idempotency-Key`. */
export class SubmitResult {
  id!: string;
  assignments!: SubmittedAssignment[];
}

export class TaskSubmitter {
  code!: string;
}

/** A task without its assignments. */
export class TaskSummary {
  id!: string;
  title!: string;
  description!: string;
  submitter!: TaskSubmitter;
  matterCode!: string | null;
  actionType!: ActionType;
  enforcementSubject!: EnforcementSubject | null;
  resources!: TaskResources | null;
  temporary!: boolean;
  urgent!: boolean;
  demands!: ProhibitedDemand[];
  legalBasis!: string | null;
  deadlineWorkingDays!: number | null;
  dueAt!: string;
  /** The list version the task was submitted under. */
  listVersion!: string;
  createdAt!: string;
  /** Set on a task split off another at resubmission: the task it came from. */
  originTaskId!: string | null;
}

/** `GET /api/tasks/{id}`: the task and every assignment the caller may see. */
export class TaskDetail extends TaskSummary {
  /**
   * Tasks split off this one (its returned assignments, resubmitted with new text). Not shown to
   * streets: it would tell them another street's assignment was returned.
   */
  splitTaskIds?: string[];
  assignments!: AssignmentView[];
}

export class TaskPage {
  items!: TaskSummary[];
  nextCursor!: string | null;
}

export interface TaskListParams extends PageParams {
  /** Tasks with at least one assignment in this state. */
  state?: AssignmentState;
}
