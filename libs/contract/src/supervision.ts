import type { AssignmentState } from '@app/domain/assignment/states';
import type { JointActionState, SummonsResponseState } from '@app/domain/coordination/coordination';
import type { DeadlineKind } from '@app/domain/deadline/ladder';
import type { StepView } from './assignments';
import type { PageParams } from './common';

/** A deadline past due and still open, with the steps of its ladder. */
export class OverdueItem {
  deadlineId!: string;
  kind!: DeadlineKind;
  /** The organisation that must act. */
  orgCode!: string;
  /** The assignment (for a joint action, the one it belongs to; for a summons, the one it is linked to, if any). */
  assignmentId!: string | null;
  taskId!: string | null;
  /** The task's title, or the summons' subject. */
  title!: string;
  streetCode!: string;
  submitterCode!: string | null;
  /** The assignment's state, or the summons response's, or the joint action's. */
  state!: AssignmentState | SummonsResponseState | JointActionState;
  /** Set for a `summons` deadline. */
  summonsId!: string | null;
  /** Set for a `joint_confirm` / `joint_outcome` deadline. */
  jointActionId!: string | null;
  dueAt!: string;
  /** When the urge step flagged it overdue. */
  overdueSince!: string | null;
  steps!: StepView[];
  /** The tolerance claim filed against the deadline or its supervision item, if any (granted: tolerated). */
  tolerance!: OverdueTolerance | null;
}

/** A board row's tolerance claim. */
export class OverdueTolerance {
  claimId!: string;
  targetKind!: 'deadline' | 'supervision_item';
  state!: 'pending' | 'granted' | 'refused';
  itemCode!: string;
}

export class OverdueCount {
  orgCode!: string;
  kind!: DeadlineKind;
  count!: number;
}

/** `GET /api/supervision/overdue`: the board as of now, most recently due first. */
export class OverdueBoard {
  asOf!: string;
  items!: OverdueItem[];
  nextCursor!: string | null;
  /** Every overdue deadline matching the filter, counted per organisation and kind. */
  counts!: OverdueCount[];
}

/** A deadline kind, or `joint_action` for both of a joint action's deadlines. */
export type OverdueKind = DeadlineKind | 'joint_action';

export interface OverdueParams extends PageParams {
  kind?: OverdueKind;
  orgCode?: string;
}
