/** The aggregates that carry an audit chain. */
export type AuditAggregateType =
  | 'task'
  | 'assignment'
  | 'list'
  | 'deadline'
  | 'escalation'
  | 'dispute'
  | 'extension'
  | 'user'
  | 'summons'
  | 'joint_action'
  | 'tolerance_claim'
  | 'tolerance_list'
  | 'webhook'
  | 'calendar';

/** One event of an aggregate's hash chain. */
export class AuditEvent {
  aggregateType!: AuditAggregateType;
  aggregateId!: string;
  /** 1, 2, 3 … within the aggregate. */
  seq!: number;
  action!: string;
  actorId!: string | null;
  actorOrg!: string | null;
  fromState!: string | null;
  toState!: string | null;
  payload!: Record<string, unknown>;
  /** The hash of the previous event of the aggregate; null for the first. */
  prevHash!: string | null;
  /** SHA-256 over the previous hash and this event's canonical JSON. */
  hash!: string;
  createdAt!: string;
}

/** Where a chain stopped verifying. */
export class AuditChainBreak {
  aggregateType!: string;
  aggregateId!: string;
  seq!: number;
}

/** `GET /api/audit/verify`. */
export class AuditVerification {
  ok!: boolean;
  /** Events verified (up to the break). */
  events!: number;
  brokenAt?: AuditChainBreak;
}
