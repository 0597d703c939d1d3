import type { AssignmentState } from '@app/domain/assignment/states';
import type { DeadlineKind } from '@app/domain/deadline/ladder';
import type { StepView } from './assignments';
import type { PageParams } from './common';

/** A deadline past due and still open, with the steps of its ladder. */
export class OverdueItem {
  deadlineId!: string;
  kind!: DeadlineKind;
  /** The organisation that must act. */
  orgCode!: string;
  assignmentId!: string;
  taskId!: string;
  title!: string;
  streetCode!: string;
  submitterCode!: string;
  state!: AssignmentState;
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

/** Summons (吹哨报到) have no deadlines yet: that filter is accepted and finds none. */
export type OverdueKind = DeadlineKind | 'summons';

export interface OverdueParams extends PageParams {
  kind?: OverdueKind;
  orgCode?: string;
}
