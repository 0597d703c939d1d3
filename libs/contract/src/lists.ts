import type { Matter } from '@app/domain/list/matter';
import type { RoutingRule } from '@app/domain/routing/rule-table';

export type ListStatus = 'draft' | 'published';

/** A version of the responsibility list (`GET /api/lists`). */
export class ListVersion {
  id!: string;
  /** `2025.1` */
  version!: string;
  status!: ListStatus;
  /** The day (YYYY-MM-DD, Beijing) from which a published version is in force. */
  effectiveFrom!: string;
  createdAt!: string;
  publishedAt!: string | null;
  /** How many matters the version holds. */
  matters!: number;
  /** The version in force today (现行版本): published, latest effective date not in the future. */
  inForce!: boolean;
}

/** `POST /api/lists`: the draft an upload created. */
export class ImportedList {
  id!: string;
  version!: string;
  /** `draft`, always. */
  status!: ListStatus;
  effectiveFrom!: string;
  matters!: number;
  /** Entries of its catalogue of delegated powers (from the `powers` sheet, or derived from the matters). */
  powers!: number;
}

/** `POST /api/lists/{id}/publish`. */
export class PublishedList {
  id!: string;
  version!: string;
  /** `published`, always. */
  status!: ListStatus;
  effectiveFrom!: string;
}

/** The multipart fields of `POST /api/lists` besides the file. */
export interface ImportListFields {
  /** 1–32 characters: letters, digits, `.`, `_`, `-`. */
  version?: string;
  /** YYYY-MM-DD. */
  effectiveFrom?: string;
}

/** `GET /api/lists/current/matters`: matters of the version in force. */
export class MatterList {
  listVersion!: string;
  items!: Matter[];
}

export interface MatterSearchParams {
  /** Free text: code, name or duties. */
  q?: string;
  category?: string;
}

/** The ordered routing table of a list version: the first rule whose condition holds decides. */
export class RuleTable {
  listId!: string;
  version!: string;
  status!: ListStatus;
  rules!: RoutingRule[];
}

/** `PUT /api/lists/{id}/rules` (drafts only). */
export interface ReplaceRulesBody {
  rules: RoutingRule[];
}

/** `GET /api/lists/{id}/matters`: matters of one version (drafts: reviewer only). */
export class VersionMatterList {
  listId!: string;
  version!: string;
  status!: ListStatus;
  items!: Matter[];
}

/** One field that differs between the two versions. */
export class FieldChange {
  /** The matter's or rule's field (`principalDuties`, `when` …), or `position` for a rule that moved. */
  field!: string;
  before!: unknown;
  after!: unknown;
}

/** A matter (by code) or rule (by id) both versions have, with what differs. */
export class ChangedItem {
  /** The matter's code or the rule's id. */
  key!: string;
  /** The matter's name or the rule's description in the newer version. */
  label!: string;
  changes!: FieldChange[];
}

export class MatterDifference {
  added!: Matter[];
  removed!: Matter[];
  changed!: ChangedItem[];
}

export class RuleDifference {
  added!: RoutingRule[];
  removed!: RoutingRule[];
  changed!: ChangedItem[];
}

export class ListVersionRef {
  id!: string;
  version!: string;
}

/** `GET /api/lists/{id}/diff?from={otherId}`: what version `id` adds, removes and changes compared with `from`. */
export class ListDiff {
  from!: ListVersionRef;
  to!: ListVersionRef;
  matters!: MatterDifference;
  rules!: RuleDifference;
}

export interface ListDiffParams {
  /** The version compared against (usually the older one). */
  from: string;
}
