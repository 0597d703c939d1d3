import type { DeadlineKind } from '@app/domain/deadline/ladder';
import type {
  ToleranceClaimState,
  ToleranceDecision,
  ToleranceTargetKind,
} from '@app/domain/tolerance/tolerance';
import type { AuditEvent } from './audit';
import type { PageParams } from './common';

/** One item of the tolerance list (容错纠错清单). */
export class ToleranceItem {
  /** Stable code a claim cites (`FORCE_MAJEURE`). */
  code!: string;
  /** The item in Chinese. */
  text!: string;
  /** The item in English. */
  textEn!: string;
  /** false: an item that is never tolerated; a claim citing it is refused by the system (422 NOT_TOLERABLE). */
  tolerable!: boolean;
  /** Place in the list, from 0. */
  position!: number;
  /** Set when a replacement of the list left out an item claims cite: kept, no longer offered. */
  retiredAt!: string | null;
  /** Claims citing it, whatever their state. */
  claims!: number;
}

/** One item of `PUT /api/tolerance-items`. */
export interface ToleranceItemBody {
  code: string;
  /** Chinese text. */
  text: string;
  /** English text; the Chinese text when absent. */
  textEn?: string;
  tolerable: boolean;
}

/** `PUT /api/tolerance-items`: the list as it now is, and what happened to the items left out. */
export class ToleranceListReplaced {
  items!: ToleranceItem[];
  /** Left out but cited by claims: retired (kept, no longer offered). */
  retired!: string[];
  /** Left out and never cited: deleted. */
  removed!: string[];
}

export interface ToleranceItemParams {
  /** true: retired items too. */
  includeRetired?: boolean;
}

/** The claim a target already has, if any. */
export class ClaimRef {
  id!: string;
  state!: ToleranceClaimState;
  itemCode!: string;
}

/**
 * What a claim is (or may be) filed against, as its owner and a supervisor see it: the overdue
 * deadline, the supervision item or the lost dispute, with the assignment it belongs to.
 */
export class ToleranceTarget {
  kind!: ToleranceTargetKind;
  id!: string;
  /** The organisation that owns it and may claim. */
  orgCode!: string;
  assignmentId!: string | null;
  taskId!: string | null;
  taskTitle!: string | null;
  streetCode!: string | null;
  /** The deadline's kind (for a supervision item, the kind of the deadline it supervises). */
  deadlineKind!: DeadlineKind | null;
  /** A deadline's due time. */
  dueAt!: string | null;
  /** A lost dispute: who it was decided for, and the arbiter's note. */
  upheld!: 'street' | 'department' | null;
  disputeNote!: string | null;
  /** When the item arose: the deadline fell due, the supervision item was filed, the dispute was decided. */
  aroseAt!: string;
  /** The last instant a claim may be filed: end of the 10th working day after `aroseAt`. */
  windowEndsAt!: string;
}

/** An item the caller's organisation may claim (or has claimed), with the time left. */
export class ClaimableItem extends ToleranceTarget {
  claim!: ClaimRef | null;
}

export class ClaimableList {
  asOf!: string;
  items!: ClaimableItem[];
}

/** A tolerance claim (容错申请). */
export class ToleranceClaim {
  id!: string;
  targetKind!: ToleranceTargetKind;
  targetId!: string;
  orgCode!: string;
  assignmentId!: string | null;
  itemCode!: string;
  /** The item's text as it read when the claim was filed. */
  itemText!: string;
  itemTextEn!: string;
  explanation!: string;
  /** What supports the explanation (a document number, an order, a witness). */
  evidence!: string | null;
  state!: ToleranceClaimState;
  aroseAt!: string;
  windowEndsAt!: string;
  filedAt!: string;
  filedBy!: string;
  decidedAt!: string | null;
  decidedBy!: string | null;
  /** The supervisor's reason. */
  note!: string | null;
  target!: ToleranceTarget;
}

/** `GET /api/tolerance-claims/{id}`: the claim with what the supervisor decides on beside it. */
export class ToleranceClaimDetail extends ToleranceClaim {
  /** The item as the list has it now (null when it was removed since). */
  item!: ToleranceItem | null;
  /** The assignment's timeline (its audit events, oldest first); empty without an assignment. */
  history!: AuditEvent[];
  /** The claim's own audit events: filed, decided. */
  events!: AuditEvent[];
  /** Earlier claims of the same organisation, newest first (at most 20). */
  earlierClaims!: ToleranceClaim[];
}

export class ToleranceClaimPage {
  items!: ToleranceClaim[];
  nextCursor!: string | null;
}

export interface ToleranceClaimListParams extends PageParams {
  state?: ToleranceClaimState;
}

/** `POST /api/tolerance-claims`. */
export interface FileClaimBody {
  targetKind: ToleranceTargetKind;
  targetId: string;
  itemCode: string;
  explanation: string;
  evidence?: string;
}

/** `POST /api/tolerance-claims/{id}/decide`. */
export interface DecideClaimBody {
  decision: ToleranceDecision;
  note: string;
}
