import type { AssignmentState } from '@app/domain/assignment/states';
import { ErrorBody } from './common';
import type { ReviewDecisionBody } from './reviews';

/** How many assignments one batch request may name: a page of the list, at most. */
export const BATCH_MAX_ITEMS = 50;

/** `POST /api/assignments/batch-sign`: sign for several assignments, each at the version the street saw. */
export interface BatchSignBody {
  items: { id: string; version: number }[];
}

/** `POST /api/reviews/batch-decide`: one admission review decision for several streets of a task. */
export interface BatchReviewBody extends ReviewDecisionBody {
  assignmentIds: string[];
}

/**
 * One item of a batch: applied on its own (its own transaction, through the same transition as
 * the single request), so one item's refusal never undoes another's success.
 */
export class BatchItemResult {
  id!: string;
  ok!: boolean;
  /** Where the assignment now is (ok). */
  state?: AssignmentState;
  version?: number;
  /** Why this item was refused, as the single request would have answered (not ok). */
  error?: ErrorBody;
}

/** A batch's outcome, item by item in the order sent. 200 whatever the items' outcomes. */
export class BatchResult {
  succeeded!: number;
  failed!: number;
  results!: BatchItemResult[];
}
