import type { ErrorDetail } from '../errors/domain-error';
import type { WorkCalendar } from '../calendar/work-calendar';

/**
 * Fault tolerance (容错纠错, DESIGN.md "Fault tolerance"): what a claim may be filed against, its
 * states, the window, and the rules of the tolerance list itself.
 */

/** What a claim clears: an overdue deadline, a supervision item (督办), a dispute the organisation lost. */
export const TOLERANCE_TARGET_KINDS = ['deadline', 'supervision_item', 'dispute'] as const;
export type ToleranceTargetKind = (typeof TOLERANCE_TARGET_KINDS)[number];

export const TOLERANCE_CLAIM_STATES = ['pending', 'granted', 'refused'] as const;
export type ToleranceClaimState = (typeof TOLERANCE_CLAIM_STATES)[number];

export const TOLERANCE_DECISIONS = ['granted', 'refused'] as const;
export type ToleranceDecision = (typeof TOLERANCE_DECISIONS)[number];

/**
 * A claim may be filed up to the end of the 10th working day (Asia/Shanghai, PRC calendar with
 * the local overrides) after the day the item arose: the deadline fell due, the supervision item
 * was filed, the dispute was decided. DESIGN.md fixes the number; it is not a setting.
 */
export const CLAIM_WINDOW_WORKING_DAYS = 10;

/** The last instant a claim on an item that arose at `aroseAt` may be filed. */
export const claimWindowEnd = (calendar: WorkCalendar, aroseAt: Date): Date =>
  calendar.addWorkingDays(aroseAt, CLAIM_WINDOW_WORKING_DAYS);

/** Whether a claim filed at `now` is still inside the window that ends at `windowEndsAt` (inclusive). */
export const claimWindowOpen = (windowEndsAt: Date, now: Date): boolean =>
  now.getTime() <= windowEndsAt.getTime();

/**
 * Item codes: upper-case words joined by `_` (`FORCE_MAJEURE`), as the table's CHECK also says.
 * 40 characters name anything a list needs and keep codes readable in exports.
 */
export const TOLERANCE_ITEM_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/**
 * A list of at most 200 items: the real lists (provincial 容错纠错 catalogues) hold a few dozen;
 * anything longer is an import mistake, and the list is offered in full on every claim form.
 */
export const TOLERANCE_LIST_MAX_ITEMS = 200;
/** Item texts are one sentence or two; 500 characters leave room for the legal wording. */
export const TOLERANCE_TEXT_MAX = 500;

export interface ToleranceItemInput {
  code: string;
  text: string;
  textEn?: string;
  tolerable: boolean;
}

/** Problems of a whole list that field checks cannot see: a code twice, no tolerable item at all. */
export function toleranceListProblems(items: readonly ToleranceItemInput[]): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.code);
    if (first !== undefined)
      out.push({ field: `[${i}].code`, reason: 'duplicate_code', params: { other: first } });
    else seen.set(item.code, i);
  });
  // A list with nothing tolerable (an empty one included) would turn every claim into a refusal by the system.
  if (!items.some((i) => i.tolerable)) out.push({ field: '', reason: 'no_tolerable_item' });
  return out;
}
