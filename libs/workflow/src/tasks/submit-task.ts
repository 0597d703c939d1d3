import type { SubmitResult, SubmitTaskBody } from '@app/contract';
import type { ActionType, EnforcementSubject, ProhibitedDemand, TaskResources } from '@app/domain';

/** A task as a department submits it (API.md `POST /api/tasks`), after structural validation. */
export type SubmitTaskCommand = SubmitTaskBody;

export type SubmittedTask = SubmitResult;

/**
 * Resources as stored: members that are absent or null are left out, and resources with no
 * member at all are no resources (null), so `{}`, `{ "funding": null }`, `null` and an absent field
 * all mean the same.
 */
export function normaliseResources(r: TaskResources | null | undefined): TaskResources | null {
  if (!r) return null;
  const out: TaskResources = {};
  if (r.funding !== null && r.funding !== undefined) out.funding = r.funding;
  if (r.staff !== null && r.staff !== undefined) out.staff = r.staff;
  if (r.detail !== null && r.detail !== undefined) out.detail = r.detail;
  return Object.keys(out).length ? out : null;
}

/** A submission with every default spelled out: what is stored, and what an idempotent replay is compared by. */
export interface NormalisedSubmitCommand {
  title: string;
  description: string;
  streetCodes: string[];
  districtCodes: string[];
  matterCode: string | null;
  actionType: ActionType;
  enforcementSubject: EnforcementSubject | null;
  resources: TaskResources | null;
  temporary: boolean;
  deadlineWorkingDays: number | null;
  /** The instant, in UTC: `…T18:00:00+08:00` and `…T10:00:00Z` are the same deadline. */
  dueAt: string | null;
  urgent: boolean;
  demands: ProhibitedDemand[];
  legalBasis: string | null;
}

/**
 * The one meaning of a submission: absent, null and the default are the same (`urgent: false`,
 * `demands: []`, `resources: null` …), code lists are sets (order and repeats do not matter), an
 * empty matter code or legal basis is none. Two requests that normalise alike are the same request
 * for `Idempotency-Key`; the text itself is never altered.
 */
export function normaliseSubmitCommand(cmd: SubmitTaskCommand): NormalisedSubmitCommand {
  const set = <T extends string>(xs: readonly T[] | null | undefined): T[] => [...new Set(xs ?? [])].sort();
  const due = cmd.dueAt === null || cmd.dueAt === undefined ? null : new Date(cmd.dueAt);
  return {
    title: cmd.title,
    description: cmd.description ?? '',
    streetCodes: set(cmd.streetCodes),
    districtCodes: set(cmd.districtCodes),
    matterCode: cmd.matterCode || null,
    actionType: cmd.actionType,
    enforcementSubject: cmd.enforcementSubject ?? null,
    resources: normaliseResources(cmd.resources),
    temporary: cmd.temporary ?? false,
    deadlineWorkingDays: cmd.deadlineWorkingDays ?? null,
    dueAt: due === null ? null : Number.isNaN(due.getTime()) ? cmd.dueAt! : due.toISOString(),
    urgent: cmd.urgent ?? false,
    demands: set(cmd.demands),
    legalBasis: cmd.legalBasis || null,
  };
}
