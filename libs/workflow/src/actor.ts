import { DomainError } from '@app/domain';
import type { AuditAggregateType } from '@app/contract';
import type { NewAuditEvent, OrgKind, Scope } from '@app/persistence';

export const ROLE_NAMES = ['department', 'street', 'reviewer', 'supervisor', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** The signed-in user on whose behalf a service acts. */
export interface Actor {
  userId: string;
  username: string;
  orgCode: string;
  orgKind: OrgKind;
  roles: RoleName[];
}

/** What an actor may see: its own organisation, or everything for reviewers, supervisors and admins. */
export function scopeOf(actor: Actor): Scope {
  if (actor.roles.some((r) => r === 'reviewer' || r === 'supervisor' || r === 'admin'))
    return { kind: 'all' };
  if (actor.roles.includes('street')) return { kind: 'street', orgCode: actor.orgCode };
  if (actor.roles.includes('department')) return { kind: 'department', orgCode: actor.orgCode };
  throw new DomainError('FORBIDDEN');
}

/** An audit event done by an actor: its user and organisation are the event's. */
export function actorEvent(
  actor: Actor,
  aggregateType: AuditAggregateType,
  aggregateId: string,
  action: string,
  fromState: string | null,
  toState: string | null,
  payload: Record<string, unknown>,
): NewAuditEvent {
  return {
    aggregateType,
    aggregateId,
    action,
    actorId: actor.userId,
    actorOrg: actor.orgCode,
    fromState,
    toState,
    payload,
  };
}
