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
