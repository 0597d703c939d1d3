import type { Outcome } from '@app/domain/routing/outcome';

/**
 * The counts a workbench can show. Each is one entry of a role's list (WorkbenchService), and
 * the web app links each to the list it counts (a tile added elsewhere is one more key).
 */
export const WORKBENCH_TILES = [
  'awaitingSignoff',
  'inProgress',
  'awaitingConfirmation',
  'disputed',
  'inReview',
  'openDisputes',
  'dueSoon',
  'overdue',
  'pendingExtensions',
  'unread',
  'failedDeliveries',
  /** 被吹哨待报到: summons to the department it has not answered yet (open summons only). */
  'pendingSummons',
  /** Administrators: webhooks switched off (their deliveries end unsent). */
  'pausedWebhooks',
  /** Administrators: this year and next, how many the work calendar has no holiday data for. */
  'calendarGaps',
  /** Administrators: user accounts that can sign in. */
  'activeUsers',
  /** Administrators: background jobs that failed on their last attempt, over every queue (queue health). */
  'failedJobs',
] as const;
export type WorkbenchTileKey = (typeof WORKBENCH_TILES)[number];

export class WorkbenchTile {
  key!: WorkbenchTileKey;
  count!: number;
}

/** Open deadlines past due, by the organisation that must act. */
export class OverdueByOrg {
  orgCode!: string;
  count!: number;
}

/** Admission decisions of one month (China time) with one outcome. */
export class DecisionsInMonth {
  /** YYYY-MM */
  month!: string;
  outcome!: Outcome;
  count!: number;
}

/** `GET /api/workbench`: the signed-in role's landing page, counted in one round of grouped SQL. */
export class Workbench {
  asOf!: string;
  tiles!: WorkbenchTile[];
  /** Supervisors and the organisation office: who is late (largest first, at most 15). */
  overdueByOrg?: OverdueByOrg[];
  /** Supervisors and the organisation office: decisions of the last 12 months by outcome. */
  decisionsByMonth?: DecisionsInMonth[];
}
