import type { EnforcementSubject } from '@app/domain/list/matter';
import type { EnforcementMeasure } from '@app/domain/powers/power';
import type { PageParams } from './common';

/** One delegated power of a catalogue (`GET /api/powers`, `GET /api/lists/{id}/powers`). */
export class PowerView {
  /** `CG-02-I` */
  code!: string;
  name!: string;
  legalBasis!: string;
  /** The list matter the power belongs to. */
  matterCode!: string;
  matterName!: string;
  /** The enforcement subjects the power covers. */
  subjects!: EnforcementSubject[];
  /** The streets that hold it; null: every street holding delegated penalty powers. */
  streetCodes!: string[] | null;
  /** The list version whose catalogue this is. */
  listVersion!: string;
  /** For a street: whether it holds the power (always true for other roles' views of every entry). */
  held!: boolean;
}

/** `POST /api/enforcement-cases`. */
export interface RecordCaseBody {
  /** A code of the catalogue in force. */
  powerCode: string;
  subject: EnforcementSubject;
  measure: EnforcementMeasure;
  /** Yuan, penalty only: above 0, at most 1,000,000, two decimals at most. */
  amountYuan?: number;
  /** YYYY-MM-DD (Beijing), not after today. */
  occurredOn: string;
  note?: string;
}

/** One enforcement case a street recorded under a delegated power. */
export class EnforcementCaseView {
  id!: string;
  streetCode!: string;
  powerCode!: string;
  powerName!: string;
  matterCode!: string;
  subject!: EnforcementSubject;
  measure!: EnforcementMeasure;
  amountYuan!: number | null;
  occurredOn!: string;
  note!: string | null;
  /** The list version whose catalogue the case was checked against. */
  listVersion!: string;
  createdAt!: string;
}

/** `GET /api/enforcement-cases`: newest recorded first. */
export class EnforcementCasePage {
  items!: EnforcementCaseView[];
  nextCursor!: string | null;
}

export interface EnforcementCaseParams extends PageParams {
  powerCode?: string;
  /** Reviewers and supervisors only narrow by it; a street always sees its own cases. */
  streetCode?: string;
  /** First day of occurrence, YYYY-MM-DD (inclusive). */
  from?: string;
  /** Last day of occurrence, YYYY-MM-DD (inclusive). */
  to?: string;
}

/** Cases by measure: what the report counts for a power at a street, and in total. */
export class MeasureCounts {
  persuasion!: number;
  rectificationNotice!: number;
  penalty!: number;
  transferred!: number;
  total!: number;
  /** (persuasion + rectification notices) / total, 0–1 rounded to 4 places; null without cases. */
  softShare!: number | null;
  /** Sum of the penalties' amounts, yuan. */
  penaltyAmountYuan!: number;
}

/** One power at one street in the period. */
export class DelegatedPowerReportRow extends MeasureCounts {
  powerCode!: string;
  powerName!: string;
  matterCode!: string;
  streetCode!: string;
  streetName!: string;
  districtCode!: string;
  /** The street holds the power in the catalogue the report reads (cases under a power withdrawn since still count). */
  held!: boolean;
  /** Held, and never used to penalise in the period. */
  dormant!: boolean;
}

export class DelegatedPowerReportTotals extends MeasureCounts {
  /** Power × street pairs held. */
  heldPairs!: number;
  /** Held pairs never used to penalise in the period. */
  dormantPairs!: number;
}

/** `GET /api/reports/delegated-powers`. */
export class DelegatedPowerReport {
  period!: string;
  /** First day of the period (YYYY-MM-DD, Beijing). */
  from!: string;
  /** Day after its last. */
  to!: string;
  districtCode!: string | null;
  /** Only for a street: its own code (a street sees its own statistics). */
  streetCode!: string | null;
  /** The list version whose catalogue says who holds what: the one in force on the period's last day (or today). */
  listVersion!: string | null;
  rows!: DelegatedPowerReportRow[];
  totals!: DelegatedPowerReportTotals;
}

export interface DelegatedPowerReportParams {
  /** `2026-11` or `2026-Q4`. */
  period: string;
  districtCode?: string;
  format?: 'json' | 'csv' | 'xlsx';
}
